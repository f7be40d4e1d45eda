package io.github.connecthubspot.events.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.hubspot.LocalHubSpot;
import io.github.connecthubspot.events.hubspot.ManualClock;
import io.github.connecthubspot.events.model.Completion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OAuthTokenProvider} against the local endpoint's token issuer, on both token paths, with
 * 60-second tokens: the endpoint's clock and the provider's time move together, by hand.
 */
class OAuthTokenProviderTest {
  private static final String CLIENT_ID = "app-1";
  private static final String SECRET = "client-secret-0123456789";
  private static final String REFRESH = "refresh-token-0123456789";
  private static final Duration TTL = Duration.ofSeconds(60);

  private final ManualClock clock = ManualClock.atDefaultInstant();
  private final MockTime time = new MockTime(0, clock.millis(), 0);
  private LocalHubSpot hubspot;
  private CloseableHttpClient http;
  private HttpHubSpotClient client;
  private ExecutorService threads;

  private OAuthTokenProvider start(String path, String secret) {
    hubspot = LocalHubSpot.builder().clock(clock).noRateLimits()
        .unknownEvents(LocalHubSpot.UnknownMode.ACCEPT)
        .unknownProperties(LocalHubSpot.UnknownMode.ACCEPT)
        .oauthClient(CLIENT_ID, SECRET, REFRESH).accessTokenTtl(TTL).start();
    http = HttpConnections.create(Duration.ofSeconds(5), Duration.ofSeconds(5), 9,
        TlsSettings.jvmDefaults(), ProxySettings.none());
    OAuthTokenProvider provider = OAuthTokenProvider.create(
        new OAuthSettings(OAuthGrant.REFRESH_TOKEN, CLIENT_ID, new Password(secret),
            new Password(REFRESH), Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(15)),
        hubspot.baseUrl() + path, http, "oauth-test", time);
    client = new HttpHubSpotClient(new HttpHubSpotClient.Settings(hubspot.baseUrl(),
        Duration.ofSeconds(5), Duration.ofSeconds(5), 8, "oauth-test"), provider, http);
    return provider;
  }

  @AfterEach
  void stop() {
    if (threads != null) {
      threads.shutdownNow();
    }
    if (client != null) {
      client.close();
    }
    if (hubspot != null) {
      hubspot.close();
    }
  }

  private void advance(Duration d) {
    clock.advance(d);
    time.sleep(d.toMillis());
  }

  private long tokenRequests() {
    return hubspot.stats().tokenRequests();
  }

  private void sendOne(String id) throws HubSpotException {
    client.send(io.github.connecthubspot.events.model.TestOccurrences.of(Completion.builder().eventName("pe1234567_oauth_test").objectId(id)
        .uuid("6f1f3b2e-0000-4000-8000-00000000000" + id).build()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/oauth/v1/token", "/oauth/2026-03/token"})
  void refreshesAheadOfExpiry(String path) throws Exception {
    OAuthTokenProvider provider = start(path, SECRET);

    String first = provider.accessToken();
    sendOne("1");
    assertThat(tokenRequests()).isEqualTo(1);

    advance(Duration.ofSeconds(29)); // refreshed after 30 s of 60
    assertThat(provider.accessToken()).isEqualTo(first);
    assertThat(tokenRequests()).isEqualTo(1);

    advance(Duration.ofSeconds(2));
    String second = provider.accessToken();
    assertThat(second).isNotEqualTo(first);
    assertThat(tokenRequests()).isEqualTo(2);

    advance(Duration.ofSeconds(31)); // the first token has expired at the endpoint
    sendOne("2");
    assertThat(provider.accessToken()).isNotEqualTo(second);
    sendOne("3");
    assertThat(hubspot.stats().occurrencesAccepted()).isEqualTo(3);
    assertThat(hubspot.stats().status(401)).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/oauth/v1/token", "/oauth/2026-03/token"})
  void concurrentSendersCauseOneRefresh(String path) throws Exception {
    OAuthTokenProvider provider = start(path, SECRET);
    String first = provider.accessToken();
    threads = Executors.newFixedThreadPool(8);

    advance(Duration.ofSeconds(61)); // expired: every sender needs the new token
    Set<String> tokens = concurrently(8, provider::accessToken);
    assertThat(tokens).hasSize(1).doesNotContain(first);
    assertThat(tokenRequests()).isEqualTo(2);

    advance(Duration.ofSeconds(31)); // refresh ahead: one refreshes, the others need not wait
    Set<String> ahead = concurrently(8, provider::accessToken);
    assertThat(ahead).isNotEmpty().hasSizeLessThanOrEqualTo(2);
    assertThat(tokenRequests()).isEqualTo(3);
  }

  private Set<String> concurrently(int n, Callable<String> call) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(n);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(threads.submit(() -> {
        barrier.await(10, TimeUnit.SECONDS);
        return call.call();
      }));
    }
    List<String> tokens = new ArrayList<>();
    for (Future<String> f : results) {
      tokens.add(f.get(20, TimeUnit.SECONDS));
    }
    return tokens.stream().collect(Collectors.toSet());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/oauth/v1/token", "/oauth/2026-03/token"})
  void aRevokedRefreshTokenFailsForGoodWithAMessageNamingTheSetting(String path) throws Exception {
    OAuthTokenProvider provider = start(path, SECRET);
    provider.accessToken();
    hubspot.revokeRefreshToken(REFRESH);
    advance(Duration.ofSeconds(31));

    assertThatThrownBy(provider::accessToken)
        .isInstanceOfSatisfying(TokenRefreshException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION);
          assertThat(e.status()).isZero();
          assertThat(e.tokenEndpointStatus()).isEqualTo(400);
        })
        .hasMessageStartingWith("Could not get an OAuth access token (POST " + path
            + " answered 400 " + (path.contains("v1") ? "BAD_REFRESH_TOKEN" : "invalid_grant")
            + ": missing or unknown refresh token")
        .hasMessageEndingWith("HubSpot refused the refresh token: set hubspot.oauth.refresh.token"
            + " to a valid refresh token of the app hubspot.oauth.client.id=app-1 (the app may"
            + " have been uninstalled, or the token revoked)")
        .hasMessageNotContaining(REFRESH).hasMessageNotContaining(SECRET);
    // Final: later sends fail the same way without asking again.
    assertThatThrownBy(() -> sendOne("1")).isInstanceOf(TokenRefreshException.class)
        .hasMessageContaining("hubspot.oauth.refresh.token");
    assertThat(tokenRequests()).isEqualTo(2);
    assertThat(provider.toString()).doesNotContain(SECRET).doesNotContain(REFRESH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/oauth/v1/token", "/oauth/2026-03/token"})
  void aWrongClientSecretNamesTheClientSettings(String path) {
    OAuthTokenProvider provider = start(path, "wrong-secret-42");

    assertThatThrownBy(provider::accessToken)
        .isInstanceOfSatisfying(TokenRefreshException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION);
          assertThat(e.tokenEndpointStatus()).isEqualTo(path.contains("v1") ? 400 : 401);
        })
        .hasMessageEndingWith("HubSpot refused the app's credentials: check"
            + " hubspot.oauth.client.id=app-1 and hubspot.oauth.client.secret")
        .hasMessageNotContaining("wrong-secret-42").hasMessageNotContaining(REFRESH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/oauth/v1/token", "/oauth/2026-03/token"})
  void aTransientFailureIsTriedAgainAfterABackoff(String path) throws Exception {
    OAuthTokenProvider provider = start(path, SECRET);
    hubspot.failNextTokenRequests(2, 503);

    assertThatThrownBy(provider::accessToken).isInstanceOfSatisfying(TokenRefreshException.class,
        e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT))
        .hasMessageStartingWith("POST " + path + " answered 503");
    assertThatThrownBy(() -> sendOne("1"))
        .isInstanceOfSatisfying(HubSpotException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT))
        .hasMessageEndingWith("; next attempt in 500 ms");
    assertThat(tokenRequests()).isEqualTo(1);

    advance(Duration.ofMillis(500));
    assertThatThrownBy(provider::accessToken).isInstanceOf(TokenRefreshException.class);
    assertThat(tokenRequests()).isEqualTo(2);
    advance(Duration.ofMillis(999)); // the backoff doubled
    assertThatThrownBy(provider::accessToken).hasMessageEndingWith("next attempt in 1 ms");
    assertThat(tokenRequests()).isEqualTo(2);

    advance(Duration.ofMillis(1));
    String token = provider.accessToken();
    sendOne("1");
    assertThat(tokenRequests()).isEqualTo(3);

    // A failed refresh ahead of expiry goes on with the current token until the next attempt.
    advance(Duration.ofSeconds(31));
    hubspot.failNextTokenRequests(1, 500);
    assertThat(provider.accessToken()).isEqualTo(token);
    assertThat(provider.accessToken()).isEqualTo(token);
    sendOne("2");
    assertThat(tokenRequests()).isEqualTo(4);
    advance(Duration.ofMillis(500));
    assertThat(provider.accessToken()).isNotEqualTo(token);
    assertThat(tokenRequests()).isEqualTo(5);
  }
}
