package io.github.connecthubspot.events.config;

import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.ACCESS_TOKEN_CONFIG;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The Connection settings that say how the connector authenticates (a static token or OAuth), which
 * TLS certificates it trusts and which proxy it goes through; with their checks across keys. Part
 * of {@link HubSpotSinkConnectorConfig}, kept apart as Kafka keeps its {@code SslConfigs}.
 */
public final class SecurityConfigs {
  private SecurityConfigs() {}

  public static final String GRANT_REFRESH_TOKEN = "refresh_token";
  public static final String GRANT_CLIENT_CREDENTIALS = "client_credentials";
  public static final String TOKEN_PATH_V1 = "/oauth/v1/token";
  public static final String TOKEN_PATH_2026_03 = "/oauth/2026-03/token";

  // ---- OAuth
  public static final String OAUTH_CLIENT_ID_CONFIG = "hubspot.oauth.client.id";
  static final String OAUTH_CLIENT_ID_DOC =
      "OAuth: the app's client id. With hubspot.oauth.client.secret (and, for the refresh_token"
          + " grant, hubspot.oauth.refresh.token) it replaces hubspot.access.token: the connector"
          + " gets access tokens from HubSpot's token endpoint and refreshes them before they"
          + " expire. Set either hubspot.access.token or the OAuth settings.";
  static final String OAUTH_CLIENT_ID_DISPLAY = "OAuth client id";

  public static final String OAUTH_CLIENT_SECRET_CONFIG = "hubspot.oauth.client.secret";
  static final String OAUTH_CLIENT_SECRET_DOC = "OAuth: the app's client secret.";
  static final String OAUTH_CLIENT_SECRET_DISPLAY = "OAuth client secret";

  public static final String OAUTH_REFRESH_TOKEN_CONFIG = "hubspot.oauth.refresh.token";
  static final String OAUTH_REFRESH_TOKEN_DOC =
      "OAuth: the refresh token HubSpot issued when the app was installed in the account, for"
          + " hubspot.oauth.grant.type=refresh_token. When the token endpoint rotates it, the task"
          + " uses the new one until it stops; a restart starts again from this one.";
  static final String OAUTH_REFRESH_TOKEN_DISPLAY = "OAuth refresh token";

  public static final String OAUTH_GRANT_TYPE_CONFIG = "hubspot.oauth.grant.type";
  static final String OAUTH_GRANT_TYPE_DOC =
      "OAuth: how access tokens are got. 'refresh_token' sends the client id, client secret and"
          + " refresh token; 'client_credentials' sends the client id and secret only, and needs"
          + " the token endpoint /oauth/2026-03/token (v1 does not offer it), which it uses unless"
          + " hubspot.oauth.token.path says otherwise.";
  static final String OAUTH_GRANT_TYPE_DISPLAY = "OAuth grant type";
  static final String OAUTH_GRANT_TYPE_DEFAULT = GRANT_REFRESH_TOKEN;

  public static final String OAUTH_TOKEN_PATH_CONFIG = "hubspot.oauth.token.path";
  static final String OAUTH_TOKEN_PATH_DOC =
      "OAuth: path of HubSpot's token endpoint under hubspot.base.url. Empty (the default)"
          + " follows hubspot.api.version: '/oauth/v1/token' for v3 (HubSpot retires it on"
          + " 2027-02-16), '/oauth/2026-03/token' for 2026-03, and '/oauth/2026-03/token' with"
          + " hubspot.oauth.grant.type=client_credentials whatever the version. Set it to use"
          + " another path.";
  static final String OAUTH_TOKEN_PATH_DISPLAY = "OAuth token path";
  static final String OAUTH_TOKEN_PATH_DEFAULT = "";

  // ---- TLS
  public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "hubspot.ssl.truststore.location";
  static final String SSL_TRUSTSTORE_LOCATION_DOC =
      "Trust store file (on every worker) with the certificates of the authorities to trust for"
          + " HubSpot's https connections, e.g. a company CA that re-signs traffic at a proxy. When"
          + " set it replaces the JVM's default authorities; empty uses them.";
  static final String SSL_TRUSTSTORE_LOCATION_DISPLAY = "Trust store location";

  public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "hubspot.ssl.truststore.password";
  static final String SSL_TRUSTSTORE_PASSWORD_DOC =
      "Password of the trust store, if it has one.";
  static final String SSL_TRUSTSTORE_PASSWORD_DISPLAY = "Trust store password";

  public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "hubspot.ssl.truststore.type";
  static final String SSL_TRUSTSTORE_TYPE_DOC = "Format of the trust store file.";
  static final String SSL_TRUSTSTORE_TYPE_DISPLAY = "Trust store type";
  static final String SSL_TRUSTSTORE_TYPE_DEFAULT = "JKS";

  public static final String SSL_ENDPOINT_IDENTIFICATION_ENABLED_CONFIG =
      "hubspot.ssl.endpoint.identification.enabled";
  static final String SSL_ENDPOINT_IDENTIFICATION_ENABLED_DOC =
      "Whether the server's certificate must name the host of hubspot.base.url. 'false' accepts"
          + " a trusted certificate issued for any host: for tests only, never in production.";
  static final String SSL_ENDPOINT_IDENTIFICATION_ENABLED_DISPLAY = "Verify host names";
  static final boolean SSL_ENDPOINT_IDENTIFICATION_ENABLED_DEFAULT = true;

  // ---- Proxy
  public static final String PROXY_HOST_CONFIG = "hubspot.proxy.host";
  static final String PROXY_HOST_DOC =
      "Host of an HTTP proxy that every request to HubSpot (sends and OAuth tokens) goes through;"
          + " https goes through it with CONNECT. Empty connects directly. The JVM's proxy system"
          + " properties are not used.";
  static final String PROXY_HOST_DISPLAY = "Proxy host";

  public static final String PROXY_PORT_CONFIG = "hubspot.proxy.port";
  static final String PROXY_PORT_DOC = "Port of the HTTP proxy; needed with hubspot.proxy.host.";
  static final String PROXY_PORT_DISPLAY = "Proxy port";

  public static final String PROXY_USERNAME_CONFIG = "hubspot.proxy.username";
  static final String PROXY_USERNAME_DOC =
      "User for the proxy's Basic authentication, sent when the proxy asks (407). Empty sends"
          + " none.";
  static final String PROXY_USERNAME_DISPLAY = "Proxy user";

  public static final String PROXY_PASSWORD_CONFIG = "hubspot.proxy.password";
  static final String PROXY_PASSWORD_DOC = "Password of hubspot.proxy.username.";
  static final String PROXY_PASSWORD_DISPLAY = "Proxy password";

  /** Defines the OAuth keys in {@code group} from {@code order} + 1 on; returns the last order. */
  static int addOAuth(ConfigDef def, String group, int order) {
    def.define(OAUTH_CLIENT_ID_CONFIG, Type.STRING, "", Importance.HIGH, OAUTH_CLIENT_ID_DOC,
            group, ++order, Width.MEDIUM, OAUTH_CLIENT_ID_DISPLAY)
        .define(OAUTH_CLIENT_SECRET_CONFIG, Type.PASSWORD, null, Importance.HIGH,
            OAUTH_CLIENT_SECRET_DOC, group, ++order, Width.MEDIUM, OAUTH_CLIENT_SECRET_DISPLAY)
        .define(OAUTH_REFRESH_TOKEN_CONFIG, Type.PASSWORD, null, Importance.HIGH,
            OAUTH_REFRESH_TOKEN_DOC, group, ++order, Width.LONG, OAUTH_REFRESH_TOKEN_DISPLAY)
        .define(OAUTH_GRANT_TYPE_CONFIG, Type.STRING, OAUTH_GRANT_TYPE_DEFAULT,
            oneOf(GRANT_REFRESH_TOKEN, GRANT_CLIENT_CREDENTIALS),
            Importance.MEDIUM, OAUTH_GRANT_TYPE_DOC, group, ++order, Width.SHORT,
            OAUTH_GRANT_TYPE_DISPLAY)
        .define(OAUTH_TOKEN_PATH_CONFIG, Type.STRING, OAUTH_TOKEN_PATH_DEFAULT, urlPath(),
            Importance.LOW, OAUTH_TOKEN_PATH_DOC, group, ++order, Width.MEDIUM,
            OAUTH_TOKEN_PATH_DISPLAY);
    return order;
  }

  /** Defines the TLS and proxy keys in {@code group} from {@code order} + 1 on. */
  static int addTlsAndProxy(ConfigDef def, String group, int order) {
    def.define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM,
            SSL_TRUSTSTORE_LOCATION_DOC, group, ++order, Width.LONG,
            SSL_TRUSTSTORE_LOCATION_DISPLAY)
        .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
            SSL_TRUSTSTORE_PASSWORD_DOC, group, ++order, Width.MEDIUM,
            SSL_TRUSTSTORE_PASSWORD_DISPLAY)
        .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, SSL_TRUSTSTORE_TYPE_DEFAULT,
            oneOf("JKS", "PKCS12"), Importance.LOW,
            SSL_TRUSTSTORE_TYPE_DOC, group, ++order, Width.SHORT, SSL_TRUSTSTORE_TYPE_DISPLAY)
        .define(SSL_ENDPOINT_IDENTIFICATION_ENABLED_CONFIG, Type.BOOLEAN,
            SSL_ENDPOINT_IDENTIFICATION_ENABLED_DEFAULT, Importance.LOW,
            SSL_ENDPOINT_IDENTIFICATION_ENABLED_DOC, group, ++order, Width.SHORT,
            SSL_ENDPOINT_IDENTIFICATION_ENABLED_DISPLAY)
        .define(PROXY_HOST_CONFIG, Type.STRING, "", hostOrEmpty(), Importance.MEDIUM,
            PROXY_HOST_DOC, group, ++order, Width.MEDIUM, PROXY_HOST_DISPLAY)
        .define(PROXY_PORT_CONFIG, Type.INT, null, portOrNull(), Importance.MEDIUM,
            PROXY_PORT_DOC, group, ++order, Width.SHORT, PROXY_PORT_DISPLAY)
        .define(PROXY_USERNAME_CONFIG, Type.STRING, "", Importance.LOW, PROXY_USERNAME_DOC,
            group, ++order, Width.MEDIUM, PROXY_USERNAME_DISPLAY)
        .define(PROXY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW, PROXY_PASSWORD_DOC,
            group, ++order, Width.MEDIUM, PROXY_PASSWORD_DISPLAY);
    return order;
  }

  /** Checks across the keys above (and {@code hubspot.access.token}); adds to {@code errors}. */
  static void crossKeyErrors(Map<String, ?> parsed, Map<String, List<String>> errors) {
    credentialErrors(parsed, errors);
    if (isSet(parsed, SSL_TRUSTSTORE_PASSWORD_CONFIG)
        && text(parsed, SSL_TRUSTSTORE_LOCATION_CONFIG).isEmpty()) {
      both(errors, SSL_TRUSTSTORE_PASSWORD_CONFIG, SSL_TRUSTSTORE_LOCATION_CONFIG,
          SSL_TRUSTSTORE_PASSWORD_CONFIG + " is set but " + SSL_TRUSTSTORE_LOCATION_CONFIG
              + " is not: set the trust store's location, or remove its password");
    }
    boolean host = !text(parsed, PROXY_HOST_CONFIG).isEmpty();
    boolean port = parsed.get(PROXY_PORT_CONFIG) != null;
    if (host != port && parsed.containsKey(PROXY_HOST_CONFIG)
        && parsed.containsKey(PROXY_PORT_CONFIG)) {
      both(errors, PROXY_HOST_CONFIG, PROXY_PORT_CONFIG, "a proxy needs both "
          + PROXY_HOST_CONFIG + " and " + PROXY_PORT_CONFIG + "; set both, or neither");
    }
    boolean user = !text(parsed, PROXY_USERNAME_CONFIG).isEmpty();
    boolean password = isSet(parsed, PROXY_PASSWORD_CONFIG);
    if (user != password) {
      both(errors, PROXY_USERNAME_CONFIG, PROXY_PASSWORD_CONFIG, "proxy authentication needs"
          + " both " + PROXY_USERNAME_CONFIG + " and " + PROXY_PASSWORD_CONFIG
          + "; set both, or neither");
    } else if (user && !host) {
      both(errors, PROXY_USERNAME_CONFIG, PROXY_HOST_CONFIG, PROXY_USERNAME_CONFIG
          + " is set but " + PROXY_HOST_CONFIG + " is not: set the proxy, or remove its user");
    }
  }

  /** Exactly one way to authenticate: a token, or the OAuth settings complete for the grant. */
  private static void credentialErrors(Map<String, ?> parsed, Map<String, List<String>> errors) {
    if (!parsed.containsKey(OAUTH_GRANT_TYPE_CONFIG)) {
      return; // the grant type is invalid on its own: its error says so
    }
    boolean token = isSet(parsed, ACCESS_TOKEN_CONFIG);
    List<String> oauthSet = new ArrayList<>();
    if (!text(parsed, OAUTH_CLIENT_ID_CONFIG).isEmpty()) {
      oauthSet.add(OAUTH_CLIENT_ID_CONFIG);
    }
    if (isSet(parsed, OAUTH_CLIENT_SECRET_CONFIG)) {
      oauthSet.add(OAUTH_CLIENT_SECRET_CONFIG);
    }
    if (isSet(parsed, OAUTH_REFRESH_TOKEN_CONFIG)) {
      oauthSet.add(OAUTH_REFRESH_TOKEN_CONFIG);
    }
    boolean clientCredentials =
        GRANT_CLIENT_CREDENTIALS.equals(text(parsed, OAUTH_GRANT_TYPE_CONFIG).toLowerCase(Locale.ROOT));
    if (token && !oauthSet.isEmpty()) {
      String msg = "set either " + ACCESS_TOKEN_CONFIG + " or the OAuth settings ("
          + String.join(", ", oauthSet) + "), not both";
      add(errors, ACCESS_TOKEN_CONFIG, msg);
      oauthSet.forEach(k -> add(errors, k, msg));
      return;
    }
    if (token) {
      return;
    }
    if (oauthSet.isEmpty()) {
      String msg = "no credentials: set " + ACCESS_TOKEN_CONFIG + " (a private-app access token"
          + " or service key), or OAuth: " + OAUTH_CLIENT_ID_CONFIG + ", "
          + OAUTH_CLIENT_SECRET_CONFIG + " and " + OAUTH_REFRESH_TOKEN_CONFIG + " (or "
          + OAUTH_GRANT_TYPE_CONFIG + "=" + GRANT_CLIENT_CREDENTIALS + " with the client id and"
          + " secret)";
      for (String k : List.of(ACCESS_TOKEN_CONFIG, OAUTH_CLIENT_ID_CONFIG,
          OAUTH_CLIENT_SECRET_CONFIG, OAUTH_REFRESH_TOKEN_CONFIG)) {
        add(errors, k, msg);
      }
      return;
    }
    List<String> needed = new ArrayList<>(List.of(OAUTH_CLIENT_ID_CONFIG, OAUTH_CLIENT_SECRET_CONFIG));
    if (!clientCredentials) {
      needed.add(OAUTH_REFRESH_TOKEN_CONFIG);
    }
    List<String> missing = new ArrayList<>(needed);
    missing.removeAll(oauthSet);
    String grant = OAUTH_GRANT_TYPE_CONFIG + "="
        + (clientCredentials ? GRANT_CLIENT_CREDENTIALS : GRANT_REFRESH_TOKEN);
    if (!missing.isEmpty()) {
      String msg = "OAuth with " + grant + " needs " + String.join(", ", needed) + "; missing: "
          + String.join(", ", missing) + " (or set " + ACCESS_TOKEN_CONFIG + " instead)";
      missing.forEach(k -> add(errors, k, msg));
    }
    if (clientCredentials && oauthSet.contains(OAUTH_REFRESH_TOKEN_CONFIG)) {
      both(errors, OAUTH_REFRESH_TOKEN_CONFIG, OAUTH_GRANT_TYPE_CONFIG,
          OAUTH_REFRESH_TOKEN_CONFIG + " is not used with " + grant + ": remove it, or set "
              + OAUTH_GRANT_TYPE_CONFIG + "=" + GRANT_REFRESH_TOKEN);
    }
    if (clientCredentials && TOKEN_PATH_V1.equals(text(parsed, OAUTH_TOKEN_PATH_CONFIG))) {
      both(errors, OAUTH_GRANT_TYPE_CONFIG, OAUTH_TOKEN_PATH_CONFIG,
          GRANT_CLIENT_CREDENTIALS + " is not offered by " + TOKEN_PATH_V1 + ": set "
              + OAUTH_TOKEN_PATH_CONFIG + "=" + TOKEN_PATH_2026_03);
    }
  }

  private static boolean isSet(Map<String, ?> parsed, String key) {
    Object v = parsed.get(key);
    return v instanceof Password && !((Password) v).value().isBlank();
  }

  private static String text(Map<String, ?> parsed, String key) {
    Object v = parsed.get(key);
    return v == null ? "" : v.toString().trim();
  }

  private static void both(Map<String, List<String>> errors, String a, String b, String msg) {
    add(errors, a, msg);
    add(errors, b, msg);
  }

  private static void add(Map<String, List<String>> errors, String key, String message) {
    errors.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
  }

  /** One of {@code values}, in any case. */
  private static ConfigDef.Validator oneOf(String... values) {
    List<String> allowed = List.of(values);
    return described(String.join(", ", allowed) + " (any case)", (name, value) -> {
      String text = value == null ? "" : value.toString().trim();
      if (allowed.stream().noneMatch(text::equalsIgnoreCase)) {
        throw new ConfigException(name, value, "must be one of " + String.join(", ", allowed));
      }
    });
  }

  private static ConfigDef.Validator urlPath() {
    return described("a path such as /oauth/2026-03/token, or empty", (name, value) -> {
      String text = value == null ? "" : value.toString().trim();
      if (!text.isEmpty() && (text.length() > 200 || !text.matches("(/[A-Za-z0-9._~-]+)+"))) {
        throw new ConfigException(name, value,
            "must be a path such as " + TOKEN_PATH_2026_03 + " or " + TOKEN_PATH_V1);
      }
    });
  }

  private static ConfigDef.Validator hostOrEmpty() {
    return described("a host name or address, or empty", (name, value) -> {
      String text = value == null ? "" : value.toString().trim();
      if (!text.isEmpty() && !text.matches("[A-Za-z0-9._:-]{1,253}")) {
        throw new ConfigException(name, value,
            "must be a host name or address only (no scheme, port or path), e.g. proxy.example.com");
      }
    });
  }

  private static ConfigDef.Validator portOrNull() {
    ConfigDef.Range range = ConfigDef.Range.between(1, 65_535);
    return described(range.toString() + ", or unset", (name, value) -> {
      if (value != null) {
        range.ensureValid(name, value);
      }
    });
  }

  private static ConfigDef.Validator described(String description, ConfigDef.Validator validator) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        validator.ensureValid(name, value);
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }
}
