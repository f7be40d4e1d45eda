package io.github.connecthubspot.events.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import io.github.connecthubspot.events.model.Completion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's trust store and host name check against https servers with self-signed certificates. */
class HttpConnectionsTlsTest {
  @TempDir static Path dir;
  private static Path rightHost;
  private static Path otherHost;
  private static HttpsServer server;
  private static HttpsServer otherServer;
  private static final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  static void certificates() throws Exception {
    rightHost = TestCertificates.serverKeyStore(dir, "local-hubspot", "ip:127.0.0.1");
    otherHost = TestCertificates.serverKeyStore(dir, "other.example", "dns:other.example");
    server = TestCertificates.httpsServer(rightHost, requests);
    otherServer = TestCertificates.httpsServer(otherHost, requests);
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    otherServer.stop(0);
  }

  private static String url(HttpsServer s) {
    return "https://127.0.0.1:" + s.getAddress().getPort();
  }

  private static void send(HttpsServer s, TlsSettings tls) throws HubSpotException {
    try (HttpHubSpotClient client = new HttpHubSpotClient(
        new HttpHubSpotClient.Settings(url(s), Duration.ofSeconds(5), Duration.ofSeconds(5), 1, "tls-test"),
        () -> "pat-tls-test",
        HttpConnections.create(Duration.ofSeconds(5), Duration.ofSeconds(5), 1, tls, ProxySettings.none()))) {
      client.send(io.github.connecthubspot.events.model.TestOccurrences.of(Completion.builder().eventName("pe1_tls").objectId("1").build()));
    }
  }

  private static TlsSettings trusting(Path serverKeyStore, String type, boolean verifyHost) throws Exception {
    Path trust = TestCertificates.trustStore(serverKeyStore,
        Files.createTempFile(dir, "trust", "." + type.toLowerCase(java.util.Locale.ROOT)), type, "trust-pw");
    return new TlsSettings(trust, new Password("trust-pw"), type, verifyHost);
  }

  @Test
  void aSelfSignedServerIsRefusedWithoutTheTrustStoreAndSaysWhy() {
    assertThatThrownBy(() -> send(server, TlsSettings.jvmDefaults()))
        .isInstanceOfSatisfying(HubSpotException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT))
        .hasMessageContaining("got no answer: SSLHandshakeException")
        .hasMessageContaining("the server's TLS certificate was refused: it must chain to one of"
            + " the JVM's default certificate authorities (or set hubspot.ssl.truststore.location"
            + " to a trust store that holds its CA)");
  }

  @Test
  void withTheTrustStoreTheSendSucceeds() throws Exception {
    int before = requests.get();
    send(server, trusting(rightHost, "JKS", true));
    send(server, trusting(rightHost, "PKCS12", true));
    assertThat(requests.get()).isEqualTo(before + 2);
  }

  @Test
  void aCertificateForAnotherHostIsRefusedUnlessTheCheckIsOff() throws Exception {
    assertThatThrownBy(() -> send(otherServer, trusting(otherHost, "JKS", true)))
        .isInstanceOf(HubSpotException.class)
        .hasMessageContaining("the server's TLS certificate was refused")
        .hasMessageContaining("it must name the host it is reached by"
            + " (hubspot.ssl.endpoint.identification.enabled=false turns that check off, for tests"
            + " only)")
        .hasMessageContaining("127.0.0.1");
    int before = requests.get();
    send(otherServer, trusting(otherHost, "JKS", false));
    assertThat(requests.get()).isEqualTo(before + 1);
    // Not trusted at all: turning the host check off does not help.
    assertThatThrownBy(() -> send(otherServer, trusting(rightHost, "JKS", false)))
        .isInstanceOf(HubSpotException.class)
        .hasMessageContaining("must chain to a certificate in hubspot.ssl.truststore.location=");
  }

  @Test
  void anUnreadableTrustStoreNamesTheSettings() throws Exception {
    Path trust = TestCertificates.trustStore(rightHost, dir.resolve("pw.jks"), "JKS", "trust-pw");
    assertThatThrownBy(() -> HttpConnections.create(Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
        new TlsSettings(trust, new Password("wrong-pw-77"), "JKS", true), ProxySettings.none()))
        .isInstanceOf(ConnectException.class)
        .hasMessageStartingWith("Could not read the trust store hubspot.ssl.truststore.location="
            + trust + " (hubspot.ssl.truststore.type=JKS): IOException")
        .hasMessageEndingWith("; check the file, hubspot.ssl.truststore.type and"
            + " hubspot.ssl.truststore.password")
        .hasMessageNotContaining("wrong-pw-77");
    assertThatThrownBy(() -> HttpConnections.create(Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
        new TlsSettings(dir.resolve("missing.jks"), null, "JKS", true), ProxySettings.none()))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("NoSuchFileException");
  }
}
