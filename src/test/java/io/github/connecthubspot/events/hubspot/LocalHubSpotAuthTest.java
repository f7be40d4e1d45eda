package io.github.connecthubspot.events.hubspot;

import static io.github.connecthubspot.events.hubspot.SimHttp.completion;
import static io.github.connecthubspot.events.hubspot.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalHubSpotAuthTest {
  private static final String BODY = completion("pe1_e", "{}");
  private static final String REFRESH_FORM =
      "grant_type=refresh_token&client_id=app-1&client_secret=s3cret&refresh_token=rt-1";

  private final ManualClock clock = ManualClock.atDefaultInstant();
  private LocalHubSpot sim;

  @BeforeEach
  void start() {
    sim =
        LocalHubSpot.builder()
            .clock(clock)
            .token("pat-good")
            .token("pat-contacts-only", "crm.objects.contacts.read")
            .accessToken("oauth-old", clock.instant().minus(Duration.ofMinutes(7)))
            .oauthClient("app-1", "s3cret", "rt-1")
            .oauthClient("app-2", "other", "rt-2", "crm.objects.contacts.read")
            .start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private SimHttp http(String token) {
    return new SimHttp(sim.baseUrl(), token);
  }

  @Test
  void knownTokenWithScopeIsAccepted() {
    assertThat(http("pat-good").send(BODY).statusCode()).isEqualTo(204);
  }

  @Test
  void missingTokenIs401InvalidAuthentication() {
    HttpResponse<String> r = http(null).send(BODY);
    assertThat(r.statusCode()).isEqualTo(401);
    JsonNode body = json(r);
    assertThat(body.get("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
    assertThat(body.get("status").asText()).isEqualTo("error");
    assertThat(body.get("message").asText())
        .isEqualTo("Authentication credentials not found. This API supports OAuth 2.0 authentication and you can"
            + " find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
    assertThat(body.get("correlationId").asText()).hasSize(36);
    assertThat(sim.ledger().acceptedCount()).isZero();
  }

  @Test
  void wrongTokenIs401InvalidAuthentication() {
    HttpResponse<String> r = http("pat-wrong").send(BODY);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
    assertThat(json(r).get("message").asText()).isEqualTo("The access token provided is not valid.");
  }

  @Test
  void nonBearerSchemeAndHapikeyAre401() {
    HttpResponse<String> basic =
        http(null)
            .request(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/events/v3/send"))
                    .header("Authorization", "Basic cGF0LWdvb2Q6")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build());
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(json(basic).get("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
    HttpResponse<String> hapikey = http(null).post("/events/v3/send?hapikey=abc", BODY);
    assertThat(hapikey.statusCode()).isEqualTo(401);
    assertThat(json(hapikey).get("message").asText()).startsWith("API keys (hapikey) are no longer supported");
    // the scheme name is case-insensitive
    HttpResponse<String> lower =
        http(null)
            .request(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/events/v3/send"))
                    .header("Authorization", "bearer pat-good")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build());
    assertThat(lower.statusCode()).isEqualTo(204);
  }

  @Test
  void expiredOAuthTokenIs401ExpiredAuthentication() {
    HttpResponse<String> r = http("oauth-old").send(BODY);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("category").asText()).isEqualTo("EXPIRED_AUTHENTICATION");
    assertThat(json(r).get("message").asText()).isEqualTo("The OAuth token used to make this call expired 7 minute(s) ago.");
  }

  @Test
  void tokenWithoutSendScopeIs403MissingScopes() {
    HttpResponse<String> r = http("pat-contacts-only").send(BODY);
    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode body = json(r);
    assertThat(body.get("category").asText()).isEqualTo("MISSING_SCOPES");
    assertThat(body.get("context").toString()).isEqualTo("{\"missingScopes\":[\"analytics.behavioral_events.send\"]}");
    assertThat(body.get("message").asText()).startsWith("This app hasn't been granted all required scopes");
  }

  @Test
  void defaultTokenOnlyWhenNothingConfigured() {
    try (LocalHubSpot bare = LocalHubSpot.builder().start()) {
      assertThat(new SimHttp(bare.baseUrl(), LocalHubSpot.DEFAULT_TOKEN).send(BODY).statusCode()).isEqualTo(204);
    }
    assertThat(http(LocalHubSpot.DEFAULT_TOKEN).send(BODY).statusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/oauth/v1/token", "/oauth/2026-03/token"})
  void refreshIssuesATokenThatExpiresByTheClock(String path) {
    HttpResponse<String> r = http(null).form(path, REFRESH_FORM);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("refresh_token").asText()).isEqualTo("rt-1");
    assertThat(body.get("expires_in").asLong()).isEqualTo(1800);
    assertThat(body.get("token_type").asText()).isEqualTo("bearer");
    String access = body.get("access_token").asText();
    SimHttp h = http(access);
    assertThat(h.send(BODY).statusCode()).isEqualTo(204);
    clock.advance(Duration.ofSeconds(1799));
    assertThat(h.send(BODY).statusCode()).isEqualTo(204);
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<String> expired = h.send(BODY);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(json(expired).get("category").asText()).isEqualTo("EXPIRED_AUTHENTICATION");
    // refreshing again gives a fresh, working token
    String again = json(http(null).form(path, REFRESH_FORM)).get("access_token").asText();
    assertThat(again).isNotEqualTo(access);
    assertThat(http(again).send(BODY).statusCode()).isEqualTo(204);
    assertThat(sim.stats().tokensIssued()).isEqualTo(2);
  }

  @Test
  void configurableExpiresIn() {
    try (LocalHubSpot s =
        LocalHubSpot.builder().clock(clock).oauthClient("c", "s", "r").accessTokenTtl(Duration.ofSeconds(60)).start()) {
      SimHttp h = new SimHttp(s.baseUrl(), null);
      JsonNode body = json(h.form("/oauth/v1/token", "grant_type=refresh_token&client_id=c&client_secret=s&refresh_token=r"));
      assertThat(body.get("expires_in").asLong()).isEqualTo(60);
      h.token(body.get("access_token").asText());
      clock.advance(Duration.ofSeconds(60));
      assertThat(h.send(BODY).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void issuedTokenCarriesTheRefreshTokensScopes() {
    String access =
        json(http(null).form("/oauth/v1/token", "grant_type=refresh_token&client_id=app-2&client_secret=other&refresh_token=rt-2"))
            .get("access_token")
            .asText();
    assertThat(http(access).send(BODY).statusCode()).isEqualTo(403);
  }

  @Test
  void v1ErrorsAreHubSpotStyle() {
    assertV1("grant_type=refresh_token&client_id=app-1&client_secret=s3cret&refresh_token=nope", "BAD_REFRESH_TOKEN",
        "missing or unknown refresh token");
    assertV1("grant_type=refresh_token&client_id=app-1&client_secret=s3cret&refresh_token=rt-2", "BAD_REFRESH_TOKEN",
        "missing or unknown refresh token");
    assertV1("grant_type=refresh_token&client_id=app-9&client_secret=s3cret&refresh_token=rt-1", "BAD_CLIENT_ID",
        "missing or unknown client id");
    assertV1("grant_type=refresh_token&client_id=app-1&client_secret=wrong&refresh_token=rt-1", "BAD_CLIENT_SECRET",
        "client secret does not match the client id");
    assertV1("grant_type=authorization_code&client_id=app-1&client_secret=s3cret&code=x", "BAD_GRANT_TYPE",
        "unsupported grant_type 'authorization_code'");
    assertV1("client_id=app-1", "BAD_GRANT_TYPE", "missing grant_type");
  }

  private void assertV1(String form, String status, String message) {
    HttpResponse<String> r = http(null).form("/oauth/v1/token", form);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("status").asText()).isEqualTo(status);
    assertThat(body.get("message").asText()).isEqualTo(message);
    assertThat(body.get("correlationId").asText()).isNotBlank();
  }

  @Test
  void v2026ErrorsAreRfc6749() {
    assertRfc("grant_type=refresh_token&client_id=app-1&client_secret=s3cret&refresh_token=nope", 400, "invalid_grant");
    assertRfc("grant_type=refresh_token&client_id=app-9&client_secret=s3cret&refresh_token=rt-1", 401, "invalid_client");
    assertRfc("grant_type=refresh_token&client_id=app-1&client_secret=x&refresh_token=rt-1", 401, "invalid_client");
    assertRfc("grant_type=password&client_id=app-1", 400, "unsupported_grant_type");
    assertRfc("", 400, "invalid_request");
    sim.revokeRefreshToken("rt-1");
    HttpResponse<String> r = http(null).form("/oauth/2026-03/token", REFRESH_FORM);
    assertThat(r.body()).isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"missing or unknown refresh token\"}");
  }

  private void assertRfc(String form, int status, String error) {
    HttpResponse<String> r = http(null).form("/oauth/2026-03/token", form);
    assertThat(r.statusCode()).isEqualTo(status);
    JsonNode body = json(r);
    assertThat(body.get("error").asText()).isEqualTo(error);
    assertThat(body.get("error_description").asText()).isNotBlank();
    assertThat(body.has("status")).isFalse();
  }

  @Test
  void tokenEndpointFaultsCanBeScripted() {
    sim.failNextTokenRequests(1, 503);
    assertThat(http(null).form("/oauth/v1/token", REFRESH_FORM).statusCode()).isEqualTo(503);
    assertThat(http(null).form("/oauth/v1/token", REFRESH_FORM).statusCode()).isEqualTo(200);
  }

  @Test
  void addedTokensWorkAtRuntime() {
    sim.addToken("pat-late");
    sim.addAccessToken("oauth-late", Instant.parse("2026-01-15T10:05:00Z"));
    assertThat(http("pat-late").send(BODY).statusCode()).isEqualTo(204);
    assertThat(http("oauth-late").send(BODY).statusCode()).isEqualTo(204);
    clock.advance(Duration.ofMinutes(5));
    assertThat(http("oauth-late").send(BODY).statusCode()).isEqualTo(401);
  }
}
