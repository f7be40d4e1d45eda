package io.github.connecthubspot.events.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import io.github.connecthubspot.events.hubspot.LocalHubSpot;
import io.github.connecthubspot.events.model.Completion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests to HubSpot (the local endpoint) through a proxy the test starts, with and without credentials. */
class HttpConnectionsProxyTest {
  @TempDir Path dir;
  private LocalHubSpot hubspot;
  private TestProxy proxy;

  @BeforeEach
  void start() {
    hubspot = LocalHubSpot.builder().noRateLimits()
        .unknownEvents(LocalHubSpot.UnknownMode.ACCEPT)
        .unknownProperties(LocalHubSpot.UnknownMode.ACCEPT)
        .token("pat-proxy-test").oauthClient("app-1", "secret-1", "refresh-1").start();
  }

  @AfterEach
  void stop() throws Exception {
    hubspot.close();
    if (proxy != null) {
      proxy.close();
    }
  }

  private CloseableHttpClient pool(ProxySettings settings, TlsSettings tls) {
    return HttpConnections.create(Duration.ofSeconds(5), Duration.ofSeconds(5), 2, tls, settings);
  }

  private static void send(String baseUrl, AccessTokenProvider token, CloseableHttpClient http)
      throws HubSpotException {
    try (HttpHubSpotClient client = new HttpHubSpotClient(new HttpHubSpotClient.Settings(baseUrl,
        Duration.ofSeconds(5), Duration.ofSeconds(5), 2, "proxy-test"), token, http)) {
      client.send(io.github.connecthubspot.events.model.TestOccurrences.of(Completion.builder().eventName("pe1_proxy").objectId("1").build()));
    }
  }

  private String sendPath() {
    return "POST " + hubspot.baseUrl() + "/events/v3/send HTTP/1.1";
  }

  @Test
  void plainHttpGoesThroughTheProxy() throws Exception {
    proxy = new TestProxy(null, null);

    send(hubspot.baseUrl(), () -> "pat-proxy-test",
        pool(new ProxySettings("127.0.0.1", proxy.port(), null, null), TlsSettings.jvmDefaults()));

    assertThat(proxy.seen()).containsExactly(sendPath());
    assertThat(hubspot.stats().occurrencesAccepted()).isEqualTo(1);
  }

  @Test
  void credentialsAreSentWhenTheProxyAsks() throws Exception {
    proxy = new TestProxy("kafka", "proxy-pw");

    send(hubspot.baseUrl(), () -> "pat-proxy-test", pool(
        new ProxySettings("127.0.0.1", proxy.port(), "kafka", new Password("proxy-pw")),
        TlsSettings.jvmDefaults()));

    assertThat(proxy.seen()).containsExactly(sendPath(), sendPath() + " [authorized]");
    assertThat(hubspot.stats().occurrencesAccepted()).isEqualTo(1);
  }

  @Test
  void wrongCredentialsEndInTheProxysRefusal() throws Exception {
    proxy = new TestProxy("kafka", "proxy-pw");

    assertThatThrownBy(() -> send(hubspot.baseUrl(), () -> "pat-proxy-test", pool(
        new ProxySettings("127.0.0.1", proxy.port(), "kafka", new Password("wrong-pw")),
        TlsSettings.jvmDefaults())))
        .isInstanceOfSatisfying(HubSpotException.class, e -> assertThat(e.status()).isEqualTo(407))
        .hasMessageNotContaining("wrong-pw");
    assertThat(hubspot.stats().sendRequests()).isZero();
  }

  @Test
  void oauthTokensComeThroughTheProxyToo() throws Exception {
    proxy = new TestProxy("kafka", "proxy-pw");
    CloseableHttpClient http = pool(
        new ProxySettings("127.0.0.1", proxy.port(), "kafka", new Password("proxy-pw")),
        TlsSettings.jvmDefaults());
    OAuthTokenProvider token = OAuthTokenProvider.create(new OAuthSettings(OAuthGrant.REFRESH_TOKEN,
            "app-1", new Password("secret-1"), new Password("refresh-1"), Duration.ofMillis(100),
            Duration.ofSeconds(1), Duration.ofSeconds(10)),
        hubspot.baseUrl() + "/oauth/2026-03/token", http, "proxy-test", new MockTime());

    send(hubspot.baseUrl(), token, http);

    String tokenPath = "POST " + hubspot.baseUrl() + "/oauth/2026-03/token HTTP/1.1";
    assertThat(proxy.seen()).containsExactly(tokenPath, tokenPath + " [authorized]", sendPath(),
        sendPath() + " [authorized]");
    assertThat(hubspot.stats().tokensIssued()).isEqualTo(1);
    assertThat(hubspot.stats().occurrencesAccepted()).isEqualTo(1);
  }

  @Test
  void httpsGoesThroughATunnel() throws Exception {
    proxy = new TestProxy("kafka", "proxy-pw");
    Path key = TestCertificates.serverKeyStore(dir, "tunnel", "ip:127.0.0.1");
    AtomicInteger requests = new AtomicInteger();
    HttpsServer https = TestCertificates.httpsServer(key, requests);
    try {
      Path trust = TestCertificates.trustStore(key, dir.resolve("trust.p12"), "PKCS12", "pw");
      send("https://127.0.0.1:" + https.getAddress().getPort(), () -> "pat-proxy-test", pool(
          new ProxySettings("127.0.0.1", proxy.port(), "kafka", new Password("proxy-pw")),
          new TlsSettings(trust, new Password("pw"), "PKCS12", true)));
    } finally {
      https.stop(0);
    }

    String connect = "CONNECT 127.0.0.1:" + https.getAddress().getPort() + " HTTP/1.1";
    assertThat(proxy.seen()).containsExactly(connect, connect + " [authorized]");
    assertThat(requests.get()).isEqualTo(1);
  }
}
