package io.github.connecthubspot.events.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint's answers the local endpoint does not give: rotated refresh tokens, the
 * client_credentials grant, odd and oversized bodies, echoed secrets; from a bare server on
 * 127.0.0.1 that answers as scripted and records each form.
 */
class TokenEndpointTest {
  private static final String SECRET = "client-secret-0123456789";
  private static final String REFRESH = "refresh-token-0123456789";

  /** A scripted answer; {@code hold} keeps it until counted down. */
  private static final class Answer {
    final int status;
    final byte[] body;
    final CountDownLatch hold;

    Answer(int status, byte[] body, CountDownLatch hold) {
      this.status = status;
      this.body = body;
      this.hold = hold;
    }
  }

  private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
  private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
  private final MockTime time = new MockTime(0, 1_000_000, 0);
  private HttpServer server;
  private CloseableHttpClient http;
  private ExecutorService threads;
  private String url;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      forms.add(form(body));
      Answer a = answers.poll();
      try {
        if (a == null) {
          a = new Answer(500, "{}".getBytes(StandardCharsets.UTF_8), null);
        }
        if (a.hold != null) {
          a.hold.await(20, TimeUnit.SECONDS);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(a.status, a.body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(a.body);
        }
      } catch (InterruptedException | IOException e) {
        Thread.currentThread().interrupt();
      } finally {
        exchange.close();
      }
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/2026-03/token";
    http = HttpConnections.create(Duration.ofSeconds(5), Duration.ofSeconds(5), 9,
        TlsSettings.jvmDefaults(), ProxySettings.none());
  }

  @AfterEach
  void stop() {
    if (threads != null) {
      threads.shutdownNow();
    }
    http.close(CloseMode.IMMEDIATE);
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private void answer(int status, String json) {
    answers.add(new Answer(status, json.getBytes(StandardCharsets.UTF_8), null));
  }

  private OAuthTokenProvider provider(OAuthGrant grant) {
    return OAuthTokenProvider.create(new OAuthSettings(grant, "app-1", new Password(SECRET),
            grant == OAuthGrant.REFRESH_TOKEN ? new Password(REFRESH) : null,
            Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(15)),
        url, http, "token-test", time);
  }

  @Test
  void clientCredentialsSendsTheClientOnly() throws Exception {
    answer(200, "{\"access_token\":\"cc-1\",\"token_type\":\"bearer\",\"expires_in\":1800}");
    OAuthTokenProvider provider = provider(OAuthGrant.CLIENT_CREDENTIALS);

    assertThat(provider.accessToken()).isEqualTo("cc-1");

    assertThat(forms).containsExactly(Map.of("grant_type", "client_credentials",
        "client_id", "app-1", "client_secret", SECRET));
    time.sleep(Duration.ofMinutes(24).toMillis() - 1); // a 30-minute token: refreshed after 24
    assertThat(provider.accessToken()).isEqualTo("cc-1");
    assertThat(forms).hasSize(1);
  }

  @Test
  void aRotatedRefreshTokenIsUsedFromThenOn() throws Exception {
    answer(200, "{\"access_token\":\"a-1\",\"refresh_token\":\"r-2\",\"expires_in\":60}");
    answer(200, "{\"access_token\":\"a-2\",\"refresh_token\":\"r-3\",\"expires_in\":60}");
    answer(200, "{\"access_token\":\"a-3\",\"expires_in\":60}");
    answer(200, "{\"access_token\":\"a-4\",\"expires_in\":60}");
    OAuthTokenProvider provider = provider(OAuthGrant.REFRESH_TOKEN);

    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tokens.add(provider.accessToken());
      time.sleep(31_000);
    }

    assertThat(tokens).containsExactly("a-1", "a-2", "a-3", "a-4");
    assertThat(forms).extracting(f -> f.get("refresh_token"))
        .containsExactly(REFRESH, "r-2", "r-3", "r-3");
    assertThat(forms).allSatisfy(f -> assertThat(f).containsEntry("grant_type", "refresh_token")
        .containsEntry("client_id", "app-1").containsEntry("client_secret", SECRET));
  }

  @Test
  void sendersWithoutATokenWaitForTheOneRefresh() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    answers.add(new Answer(200,
        "{\"access_token\":\"a-1\",\"expires_in\":60}".getBytes(StandardCharsets.UTF_8), release));
    OAuthTokenProvider provider = provider(OAuthGrant.REFRESH_TOKEN);
    threads = Executors.newFixedThreadPool(6);

    List<Future<String>> results = new ArrayList<>();
    List<Thread> callers = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 6; i++) {
      results.add(threads.submit(() -> {
        callers.add(Thread.currentThread());
        return provider.accessToken();
      }));
    }
    // One sender is at the token endpoint; the five others wait for it, not for their own.
    await().atMost(Duration.ofSeconds(10)).until(() -> forms.size() == 1 && callers.size() == 6
        && callers.stream().filter(t -> t.getState() == Thread.State.TIMED_WAITING).count() >= 5);
    release.countDown();

    for (Future<String> f : results) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("a-1");
    }
    assertThat(forms).hasSize(1);
  }

  @Test
  void answersWithoutAUsableTokenAreTransient() throws Exception {
    OAuthTokenProvider provider = provider(OAuthGrant.REFRESH_TOKEN);
    String[] bodies = {
        "{\"access_token\":5,\"expires_in\":60}",
        "{\"access_token\":\"has space\"}",
        "{\"access_token\":\"line\\nbreak\"}",
        "{\"access_token\":\"\"}",
        "not json at all",
        "[\"access_token\"]",
        "",
        "{\"expires_in\":60}",
    };
    for (String body : bodies) {
      answer(200, body);
      assertThatThrownBy(provider::accessToken).as(body)
          .isInstanceOfSatisfying(TokenRefreshException.class,
              e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT))
          .hasMessageStartingWith("POST /oauth/2026-03/token answered 200 without a usable access_token");
      time.sleep(60_000); // past the backoff
    }
    answer(200, "{\"access_token\":\"ok-1\",\"expires_in\":\"60\",\"extra\":{\"deep\":[1,2]}}");
    assertThat(provider.accessToken()).isEqualTo("ok-1");
    time.sleep(29_000);
    assertThat(provider.accessToken()).isEqualTo("ok-1"); // "60" as a string is honoured
    assertThat(forms).hasSize(bodies.length + 1);
  }

  @Test
  void expiresInIsClampedOrDefaulted() {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(TokenEndpoint.expiresIn(json.createObjectNode())).isEqualTo(1800);
    assertThat(TokenEndpoint.expiresIn(json.createObjectNode().put("expires_in", -5))).isEqualTo(1800);
    assertThat(TokenEndpoint.expiresIn(json.createObjectNode().put("expires_in", "soon"))).isEqualTo(1800);
    assertThat(TokenEndpoint.expiresIn(json.createObjectNode().put("expires_in", 1))).isEqualTo(10);
    assertThat(TokenEndpoint.expiresIn(json.createObjectNode().put("expires_in", 1e12))).isEqualTo(86_400);
    assertThat(TokenEndpoint.expiresIn(json.createObjectNode().put("expires_in", 1800))).isEqualTo(1800);
    assertThat(OAuthTokenProvider.earlyRefreshMs(1_800_000)).isEqualTo(360_000); // at 80%
    assertThat(OAuthTokenProvider.earlyRefreshMs(7_200_000)).isEqualTo(1_440_000);
    assertThat(OAuthTokenProvider.earlyRefreshMs(600_000)).isEqualTo(300_000); // 5 minutes
    assertThat(OAuthTokenProvider.earlyRefreshMs(60_000)).isEqualTo(30_000); // not before half
    assertThat(OAuthTokenProvider.unusedTailMs(1_800_000)).isEqualTo(60_000);
    assertThat(OAuthTokenProvider.unusedTailMs(60_000)).isEqualTo(6_000);
  }

  @Test
  void anOversizedAnswerIsCutAndItsConnectionDropped() throws Exception {
    StringBuilder huge = new StringBuilder("{\"access_token\":\"big-1\",\"pad\":\"");
    huge.append("x".repeat(4 * 1024 * 1024)).append("\"}");
    answer(200, huge.toString());
    OAuthTokenProvider provider = provider(OAuthGrant.REFRESH_TOKEN);

    assertThatThrownBy(provider::accessToken).isInstanceOf(TokenRefreshException.class)
        .hasMessage("POST /oauth/2026-03/token answered 200 without a usable access_token (the"
            + " answer passed 65536 bytes)");

    time.sleep(1_000);
    answer(200, "{\"access_token\":\"small-1\",\"expires_in\":60}");
    assertThat(provider.accessToken()).isEqualTo("small-1");
  }

  @Test
  void refusalsNameTheSettingsAndNeverEchoASecret() {
    answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token " + REFRESH
        + " for secret " + SECRET + " is unknown\\r\\ninjected\"}");
    assertThatThrownBy(() -> provider(OAuthGrant.REFRESH_TOKEN).accessToken())
        .hasMessage("Could not get an OAuth access token (POST /oauth/2026-03/token answered 400"
            + " invalid_grant: refresh token [hidden] for secret [hidden] is unknown??injected):"
            + " HubSpot refused the refresh token: set hubspot.oauth.refresh.token to a valid"
            + " refresh token of the app hubspot.oauth.client.id=app-1 (the app may have been"
            + " uninstalled, or the token revoked)");

    answer(400, "{\"error\":\"unsupported_grant_type\"}");
    assertThatThrownBy(() -> provider(OAuthGrant.CLIENT_CREDENTIALS).accessToken())
        .hasMessage("Could not get an OAuth access token (POST /oauth/2026-03/token answered 400"
            + " unsupported_grant_type): HubSpot refused the grant type client_credentials at"
            + " /oauth/2026-03/token: check hubspot.oauth.grant.type and hubspot.oauth.token.path"
            + " (client_credentials needs /oauth/2026-03/token)");

    answer(404, "<html>not found</html>");
    assertThatThrownBy(() -> provider(OAuthGrant.REFRESH_TOKEN).accessToken())
        .isInstanceOfSatisfying(TokenRefreshException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION))
        .hasMessage("Could not get an OAuth access token (POST /oauth/2026-03/token answered"
            + " 404): no OAuth token endpoint there: check hubspot.oauth.token.path and"
            + " hubspot.base.url");

    answer(429, "{\"status\":\"error\",\"message\":\"slow down\",\"correlationId\":\"c-1\"}");
    assertThatThrownBy(() -> provider(OAuthGrant.REFRESH_TOKEN).accessToken())
        .isInstanceOfSatisfying(TokenRefreshException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT))
        .hasMessage("POST /oauth/2026-03/token answered 429 error: slow down [correlationId=c-1]");
  }

  @Test
  void noAnswerIsTransient() {
    server.stop(0);
    assertThatThrownBy(() -> provider(OAuthGrant.REFRESH_TOKEN).accessToken())
        .isInstanceOfSatisfying(TokenRefreshException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
          assertThat(e.tokenEndpointStatus()).isZero();
        })
        .hasMessageStartingWith("POST /oauth/2026-03/token for an OAuth access token got no answer: ");
  }
}
