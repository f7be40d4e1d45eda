package io.github.connecthubspot.events.client;

import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.BASE_URL_CONFIG;
import static io.github.connecthubspot.events.config.SecurityConfigs.OAUTH_CLIENT_ID_CONFIG;
import static io.github.connecthubspot.events.config.SecurityConfigs.OAUTH_CLIENT_SECRET_CONFIG;
import static io.github.connecthubspot.events.config.SecurityConfigs.OAUTH_GRANT_TYPE_CONFIG;
import static io.github.connecthubspot.events.config.SecurityConfigs.OAUTH_REFRESH_TOKEN_CONFIG;
import static io.github.connecthubspot.events.config.SecurityConfigs.OAUTH_TOKEN_PATH_CONFIG;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.message.BasicNameValuePair;

/**
 * One request to HubSpot's OAuth token endpoint ({@code /oauth/v1/token} or {@code
 * /oauth/2026-03/token}): a form-encoded POST of the grant, and its answer read with a cap and
 * parsed field by field, each optional. Failures become {@link TokenRefreshException}s whose
 * messages name the settings to fix and never hold a secret.
 */
final class TokenEndpoint {
  /** How much of an answer is read; HubSpot's are a few hundred bytes. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;
  /** Longest access or refresh token taken; longer ones are refused as malformed. */
  static final int MAX_TOKEN_CHARS = 8 * 1024;
  /** How long a token lives when the answer does not say (HubSpot documents 30 minutes). */
  static final long DEFAULT_EXPIRES_IN_SECONDS = 30 * 60;
  /** Bounds put on the answer's {@code expires_in}. */
  static final long MIN_EXPIRES_IN_SECONDS = 10;
  static final long MAX_EXPIRES_IN_SECONDS = 24 * 60 * 60;
  private static final int MAX_FIELD_CHARS = 200;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A token the endpoint issued. */
  static final class Issued {
    final String accessToken;
    /** The refresh token to use from now on, when the answer rotated it; else null. */
    final String refreshToken;
    final long expiresInSeconds;

    Issued(String accessToken, String refreshToken, long expiresInSeconds) {
      this.accessToken = accessToken;
      this.refreshToken = refreshToken;
      this.expiresInSeconds = expiresInSeconds;
    }
  }

  private final String url;
  private final String path;
  private final CloseableHttpClient http;
  private final String userAgent;

  TokenEndpoint(String url, CloseableHttpClient http, String userAgent) {
    this.url = url;
    this.path = URI.create(url).getPath();
    this.http = http;
    this.userAgent = userAgent;
  }

  String path() {
    return path;
  }

  /**
   * Asks for an access token.
   *
   * @param refreshToken the refresh token, for {@link OAuthGrant#REFRESH_TOKEN}
   */
  Issued request(OAuthGrant grant, String clientId, String clientSecret, String refreshToken)
      throws TokenRefreshException {
    List<NameValuePair> form = new ArrayList<>(4);
    form.add(new BasicNameValuePair("grant_type", grant.wireName()));
    form.add(new BasicNameValuePair("client_id", clientId));
    form.add(new BasicNameValuePair("client_secret", clientSecret));
    if (grant == OAuthGrant.REFRESH_TOKEN) {
      form.add(new BasicNameValuePair("refresh_token", refreshToken));
    }
    HttpPost post = new HttpPost(url);
    post.setHeader(HttpHeaders.ACCEPT, "application/json");
    post.setHeader(HttpHeaders.USER_AGENT, userAgent);
    post.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
    Answer answer;
    try {
      answer = http.execute(post, response -> read(post, response));
    } catch (IOException e) {
      throw new TokenRefreshException(FailureKind.TRANSIENT, 0, "POST " + path
          + " for an OAuth access token got no answer: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
    Redactor redactor = new Redactor(clientSecret, refreshToken);
    if (answer.status >= 200 && answer.status < 300) {
      return issued(answer, redactor);
    }
    throw refusal(grant, clientId, answer, redactor);
  }

  private Issued issued(Answer answer, Redactor redactor) throws TokenRefreshException {
    JsonNode body = answer.json();
    String access = token(body, "access_token");
    if (access == null) {
      throw new TokenRefreshException(FailureKind.TRANSIENT, answer.status, "POST " + path
          + " answered " + answer.status + " without a usable access_token"
          + (answer.truncated ? " (the answer passed " + MAX_ANSWER_BYTES + " bytes)" : "")
          + redactor.clean(describe(body)), null);
    }
    return new Issued(access, token(body, "refresh_token"), expiresIn(body));
  }

  private TokenRefreshException refusal(
      OAuthGrant grant, String clientId, Answer answer, Redactor redactor) {
    JsonNode body = answer.json();
    String what = "POST " + path + " answered " + answer.status + redactor.clean(describe(body));
    int status = answer.status;
    if (status == 408 || status == 429 || status >= 500) {
      return new TokenRefreshException(FailureKind.TRANSIENT, status, what, null);
    }
    String code = first(text(body, "error"), text(body, "status"));
    String fix;
    switch (code == null ? "" : code) {
      case "invalid_grant":
      case "BAD_REFRESH_TOKEN":
        fix = grant == OAuthGrant.REFRESH_TOKEN
            ? "HubSpot refused the refresh token: set " + OAUTH_REFRESH_TOKEN_CONFIG
                + " to a valid refresh token of the app " + OAUTH_CLIENT_ID_CONFIG + "="
                + clientId + " (the app may have been uninstalled, or the token revoked)"
            : "HubSpot refused the client_credentials grant for the app " + OAUTH_CLIENT_ID_CONFIG
                + "=" + clientId + ": check that the app may use it, or set "
                + OAUTH_GRANT_TYPE_CONFIG + "=refresh_token";
        break;
      case "invalid_client":
      case "BAD_CLIENT_ID":
      case "BAD_CLIENT_SECRET":
        fix = "HubSpot refused the app's credentials: check " + OAUTH_CLIENT_ID_CONFIG + "="
            + clientId + " and " + OAUTH_CLIENT_SECRET_CONFIG;
        break;
      case "unsupported_grant_type":
      case "unauthorized_client":
      case "BAD_GRANT_TYPE":
        fix = "HubSpot refused the grant type " + grant.wireName() + " at " + path + ": check "
            + OAUTH_GRANT_TYPE_CONFIG + " and " + OAUTH_TOKEN_PATH_CONFIG
            + " (client_credentials needs /oauth/2026-03/token)";
        break;
      case "invalid_scope":
        fix = "HubSpot refused the scopes of the app " + OAUTH_CLIENT_ID_CONFIG + "=" + clientId
            + ": it needs analytics.behavioral_events.send";
        break;
      default:
        fix = status == 404 || status == 405
            ? "no OAuth token endpoint there: check " + OAUTH_TOKEN_PATH_CONFIG + " and "
                + BASE_URL_CONFIG
            : "HubSpot refused the OAuth credentials: check " + OAUTH_CLIENT_ID_CONFIG + ", "
                + OAUTH_CLIENT_SECRET_CONFIG
                + (grant == OAuthGrant.REFRESH_TOKEN ? ", " + OAUTH_REFRESH_TOKEN_CONFIG : "")
                + ", " + OAUTH_GRANT_TYPE_CONFIG + " and " + OAUTH_TOKEN_PATH_CONFIG;
        break;
    }
    return new TokenRefreshException(FailureKind.AUTHENTICATION, status,
        "Could not get an OAuth access token (" + what + "): " + fix, null);
  }

  /** What an answer said, in a few bounded fields: " (error: description [correlationId=..])". */
  private static String describe(JsonNode body) {
    String code = first(text(body, "error"), text(body, "status"), text(body, "category"));
    String message = first(text(body, "error_description"), text(body, "message"));
    String correlation = text(body, "correlationId");
    StringBuilder out = new StringBuilder();
    if (code != null) {
      out.append(' ').append(code);
    }
    if (message != null) {
      out.append(code == null ? " " : ": ").append(message);
    }
    if (correlation != null) {
      out.append(" [correlationId=").append(correlation).append(']');
    }
    return out.toString();
  }

  /** A token field: printable ASCII without spaces (it goes into a header), bounded; else null. */
  private static String token(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      return null;
    }
    String s = v.textValue();
    if (s.isEmpty() || s.length() > MAX_TOKEN_CHARS) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return null;
      }
    }
    return s;
  }

  /** {@code expires_in} in seconds (a number or digits), clamped; the default when absent or bad. */
  static long expiresIn(JsonNode body) {
    JsonNode v = body.get("expires_in");
    long seconds = -1;
    if (v != null && v.isNumber()) {
      seconds = v.canConvertToLong() ? v.asLong() : -1;
    } else if (v != null && v.isTextual() && v.textValue().matches("[0-9]{1,9}")) {
      seconds = Long.parseLong(v.textValue());
    }
    if (seconds <= 0) {
      return DEFAULT_EXPIRES_IN_SECONDS;
    }
    return Math.max(MIN_EXPIRES_IN_SECONDS, Math.min(MAX_EXPIRES_IN_SECONDS, seconds));
  }

  /** A short text field, control characters replaced, cut at {@value #MAX_FIELD_CHARS} chars. */
  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !(v.isTextual() || v.isNumber() || v.isBoolean())) {
      return null;
    }
    String s = v.asText().trim();
    if (s.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_FIELD_CHARS) + 3);
    for (int i = 0; i < s.length() && out.length() < MAX_FIELD_CHARS; i++) {
      char c = s.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return s.length() > MAX_FIELD_CHARS ? out.append("...").toString() : out.toString();
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** Reads at most one byte past the cap; a longer answer's connection is dropped unread. */
  private static Answer read(HttpPost post, ClassicHttpResponse response) throws IOException {
    byte[] body = new byte[0];
    HttpEntity entity = response.getEntity();
    if (entity != null) {
      InputStream in = entity.getContent();
      body = in.readNBytes(MAX_ANSWER_BYTES + 1);
      if (body.length > MAX_ANSWER_BYTES) {
        post.cancel(); // closing the stream would read the rest to reuse the connection
      }
      try {
        in.close();
      } catch (IOException e) {
        if (body.length <= MAX_ANSWER_BYTES) {
          throw e;
        }
      }
    }
    return new Answer(response.getCode(), body);
  }

  /** Replaces the secrets of one request wherever an answer echoes them. */
  private static final class Redactor {
    private final String[] secrets;

    Redactor(String... secrets) {
      this.secrets = secrets;
    }

    String clean(String text) {
      String out = text;
      for (String s : secrets) {
        if (s != null && !s.isEmpty()) {
          out = out.replace(s, "[hidden]");
        }
      }
      return out;
    }
  }

  private static final class Answer {
    final int status;
    final byte[] body;
    final boolean truncated;

    Answer(int status, byte[] body) {
      this.status = status;
      this.truncated = body.length > MAX_ANSWER_BYTES;
      this.body = body;
    }

    /** The body as a JSON object, or an empty object when it is not one (or was cut). */
    JsonNode json() {
      if (truncated || body.length == 0) {
        return MAPPER.createObjectNode();
      }
      try {
        JsonNode node = MAPPER.readTree(body);
        return node != null && node.isObject() ? node : MAPPER.createObjectNode();
      } catch (IOException | RuntimeException e) {
        return MAPPER.createObjectNode();
      }
    }
  }
}
