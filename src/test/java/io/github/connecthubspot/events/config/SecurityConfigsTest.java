package io.github.connecthubspot.events.config;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** Credentials, trust store and proxy settings: accessors and the checks across their keys. */
class SecurityConfigsTest {
  private static final String SECRET = "client-secret-0123456789";
  private static final String REFRESH = "refresh-token-0123456789";

  private static Map<String, List<String>> errors(Map<String, String> props) {
    return HubSpotSinkConnectorConfig.crossKeyErrors(
        HubSpotSinkConnectorConfig.CONFIG_DEF.validate(props));
  }

  private static Map<String, String> oauth(String... more) {
    Map<String, String> props = minimal("hubspot.access.token", null,
        "hubspot.oauth.client.id", "app-1",
        "hubspot.oauth.client.secret", SECRET,
        "hubspot.oauth.refresh.token", REFRESH);
    for (int i = 0; i < more.length; i += 2) {
      if (more[i + 1] == null) {
        props.remove(more[i]);
      } else {
        props.put(more[i], more[i + 1]);
      }
    }
    return props;
  }

  @Test
  void oauthWithRefreshTokenIsOneWayToAuthenticate() {
    assertThat(errors(oauth())).isEmpty();
    HubSpotSinkConnectorConfig c = new HubSpotSinkConnectorConfig(
        oauth("hubspot.base.url", "http://127.0.0.1:8089/", "hubspot.oauth.token.path", "/oauth/v1/token"));
    assertThat(c.usesOAuth()).isTrue();
    assertThat(c.accessToken()).isEmpty();
    assertThat(c.oauthClientId()).isEqualTo("app-1");
    assertThat(c.oauthClientSecret().map(Password::value)).contains(SECRET);
    assertThat(c.oauthRefreshToken().map(Password::value)).contains(REFRESH);
    assertThat(c.oauthGrantType()).isEqualTo("refresh_token");
    assertThat(c.oauthTokenUrl()).isEqualTo("http://127.0.0.1:8089/oauth/v1/token");
    assertThat(c.toString()).doesNotContain(SECRET).doesNotContain(REFRESH);
    assertThat(c.values().toString()).doesNotContain(SECRET).doesNotContain(REFRESH);
  }

  @Test
  void clientCredentialsNeedsNoRefreshToken() {
    HubSpotSinkConnectorConfig c = new HubSpotSinkConnectorConfig(oauth(
        "hubspot.oauth.refresh.token", null, "hubspot.oauth.grant.type", "CLIENT_CREDENTIALS"));
    assertThat(c.usesOAuth()).isTrue();
    assertThat(c.oauthGrantType()).isEqualTo("client_credentials");
    assertThat(c.oauthRefreshToken()).isEmpty();
  }

  @Test
  void aTokenAndOAuthTogetherIsAnErrorOnEveryKeySet() {
    Map<String, List<String>> errors = errors(oauth("hubspot.access.token", "pat-1",
        "hubspot.oauth.refresh.token", null));
    String msg = "set either hubspot.access.token or the OAuth settings (hubspot.oauth.client.id,"
        + " hubspot.oauth.client.secret), not both";
    assertThat(errors).containsOnlyKeys("hubspot.access.token", "hubspot.oauth.client.id",
        "hubspot.oauth.client.secret");
    errors.values().forEach(m -> assertThat(m).containsExactly(msg));
    // The task's constructor says the same, without the token's value.
    assertThatThrownBy(() -> new HubSpotSinkConnectorConfig(oauth("hubspot.access.token", "pat-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid value [hidden] for configuration hubspot.access.token: set"
            + " either hubspot.access.token or the OAuth settings")
        .hasMessageNotContaining("pat-1").hasMessageNotContaining(SECRET);
  }

  @Test
  void incompleteOAuthNamesWhatIsMissingOnTheMissingKeys() {
    Map<String, List<String>> errors = errors(oauth("hubspot.oauth.refresh.token", null,
        "hubspot.oauth.client.id", ""));
    String msg = "OAuth with hubspot.oauth.grant.type=refresh_token needs hubspot.oauth.client.id,"
        + " hubspot.oauth.client.secret, hubspot.oauth.refresh.token; missing:"
        + " hubspot.oauth.client.id, hubspot.oauth.refresh.token (or set hubspot.access.token"
        + " instead)";
    assertThat(errors).containsOnlyKeys("hubspot.oauth.client.id", "hubspot.oauth.refresh.token");
    errors.values().forEach(m -> assertThat(m).containsExactly(msg));

    assertThat(errors(oauth("hubspot.oauth.grant.type", "client_credentials",
        "hubspot.oauth.refresh.token", null, "hubspot.oauth.client.secret", " ")))
        .containsOnlyKeys("hubspot.oauth.client.secret")
        .extractingByKey("hubspot.oauth.client.secret", InstanceOfAssertFactories.LIST)
        .containsExactly(
            "OAuth with hubspot.oauth.grant.type=client_credentials needs hubspot.oauth.client.id,"
                + " hubspot.oauth.client.secret; missing: hubspot.oauth.client.secret (or set"
                + " hubspot.access.token instead)");
  }

  @Test
  void clientCredentialsWithARefreshTokenOrOnV1IsAnError() {
    Map<String, List<String>> errors = errors(oauth("hubspot.oauth.grant.type",
        "client_credentials", "hubspot.oauth.token.path", "/oauth/v1/token"));
    assertThat(errors).containsOnlyKeys("hubspot.oauth.refresh.token", "hubspot.oauth.grant.type",
        "hubspot.oauth.token.path");
    String unused = "hubspot.oauth.refresh.token is not used with"
        + " hubspot.oauth.grant.type=client_credentials: remove it, or set"
        + " hubspot.oauth.grant.type=refresh_token";
    String v1 = "client_credentials is not offered by /oauth/v1/token: set"
        + " hubspot.oauth.token.path=/oauth/2026-03/token";
    assertThat(errors.get("hubspot.oauth.refresh.token")).containsExactly(unused);
    assertThat(errors.get("hubspot.oauth.grant.type")).containsExactly(unused, v1);
    assertThat(errors.get("hubspot.oauth.token.path")).containsExactly(v1);
  }

  @Test
  void keysInvalidOnTheirOwn() {
    assertThatThrownBy(() -> new HubSpotSinkConnectorConfig(oauth("hubspot.oauth.grant.type", "password")))
        .hasMessage("Invalid value password for configuration hubspot.oauth.grant.type: must be"
            + " one of refresh_token, client_credentials");
    assertThatThrownBy(() -> new HubSpotSinkConnectorConfig(oauth("hubspot.oauth.token.path",
        "https://api.hubapi.com/oauth/v1/token")))
        .hasMessage("Invalid value https://api.hubapi.com/oauth/v1/token for configuration"
            + " hubspot.oauth.token.path: must be a path such as /oauth/2026-03/token or /oauth/v1/token");
    assertThatThrownBy(() -> new HubSpotSinkConnectorConfig(minimal("hubspot.ssl.truststore.type", "PEM")))
        .hasMessage("Invalid value PEM for configuration hubspot.ssl.truststore.type: must be one"
            + " of JKS, PKCS12");
    assertThatThrownBy(() -> new HubSpotSinkConnectorConfig(minimal("hubspot.proxy.host",
        "http://proxy:3128", "hubspot.proxy.port", "3128")))
        .hasMessage("Invalid value http://proxy:3128 for configuration hubspot.proxy.host: must be"
            + " a host name or address only (no scheme, port or path), e.g. proxy.example.com");
    assertThatThrownBy(() -> new HubSpotSinkConnectorConfig(minimal("hubspot.proxy.host", "proxy",
        "hubspot.proxy.port", "70000")))
        .hasMessage("Invalid value 70000 for configuration hubspot.proxy.port: Value must be no"
            + " more than 65535");
  }

  @Test
  void trustStoreAndProxyAccessors() {
    HubSpotSinkConnectorConfig c = new HubSpotSinkConnectorConfig(minimal(
        "hubspot.ssl.truststore.location", "/etc/kafka/hubspot-trust.p12",
        "hubspot.ssl.truststore.password", "changeit",
        "hubspot.ssl.truststore.type", "pkcs12",
        "hubspot.ssl.endpoint.identification.enabled", "false",
        "hubspot.proxy.host", "proxy.example.com", "hubspot.proxy.port", "3128",
        "hubspot.proxy.username", "kafka", "hubspot.proxy.password", "proxy-secret"));
    assertThat(c.sslTruststoreLocation()).contains(Path.of("/etc/kafka/hubspot-trust.p12"));
    assertThat(c.sslTruststorePassword().map(Password::value)).contains("changeit");
    assertThat(c.sslTruststoreType()).isEqualTo("PKCS12");
    assertThat(c.sslEndpointIdentification()).isFalse();
    assertThat(c.proxyHost()).contains("proxy.example.com");
    assertThat(c.proxyPort()).isEqualTo(3128);
    assertThat(c.proxyUsername()).contains("kafka");
    assertThat(c.proxyPassword().map(Password::value)).contains("proxy-secret");
    assertThat(c.values().toString()).doesNotContain("proxy-secret").doesNotContain("changeit");
  }

  @Test
  void trustStoreAndProxyHalvesAreErrorsOnBothKeys() {
    assertThat(errors(minimal("hubspot.ssl.truststore.password", "changeit")))
        .containsOnlyKeys("hubspot.ssl.truststore.password", "hubspot.ssl.truststore.location")
        .containsValue(List.of("hubspot.ssl.truststore.password is set but"
            + " hubspot.ssl.truststore.location is not: set the trust store's location, or remove"
            + " its password"));
    String hostAndPort = "a proxy needs both hubspot.proxy.host and hubspot.proxy.port; set both,"
        + " or neither";
    assertThat(errors(minimal("hubspot.proxy.host", "proxy")))
        .containsOnlyKeys("hubspot.proxy.host", "hubspot.proxy.port").containsValue(List.of(hostAndPort));
    assertThat(errors(minimal("hubspot.proxy.port", "3128")))
        .containsOnlyKeys("hubspot.proxy.host", "hubspot.proxy.port").containsValue(List.of(hostAndPort));
    assertThat(errors(minimal("hubspot.proxy.host", "proxy", "hubspot.proxy.port", "3128",
        "hubspot.proxy.username", "kafka")))
        .containsOnlyKeys("hubspot.proxy.username", "hubspot.proxy.password")
        .containsValue(List.of("proxy authentication needs both hubspot.proxy.username and"
            + " hubspot.proxy.password; set both, or neither"));
    assertThat(errors(minimal("hubspot.proxy.username", "kafka", "hubspot.proxy.password", "pw")))
        .containsOnlyKeys("hubspot.proxy.username", "hubspot.proxy.host")
        .containsValue(List.of("hubspot.proxy.username is set but hubspot.proxy.host is not: set"
            + " the proxy, or remove its user"));
    assertThat(errors(minimal("hubspot.proxy.host", "proxy", "hubspot.proxy.port", "3128",
        "hubspot.proxy.username", "kafka", "hubspot.proxy.password", "pw"))).isEmpty();
  }
}
