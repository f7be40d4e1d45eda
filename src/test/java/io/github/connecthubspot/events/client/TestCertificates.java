package io.github.connecthubspot.events.client;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed server certificates made at test time with the running JDK's keytool, trust stores
 * that hold them, and a small https server on 127.0.0.1 that answers every POST with 204.
 */
final class TestCertificates {
  static final String PASSWORD = "changeit-test";

  private TestCertificates() {}

  /**
   * A PKCS12 key store with one self-signed EC key pair.
   *
   * @param san the subjectAltName, e.g. {@code ip:127.0.0.1} or {@code dns:other.example}
   */
  static Path serverKeyStore(Path dir, String name, String san) throws IOException, InterruptedException {
    Path file = dir.resolve(name + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server",
        "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=" + name,
        "-ext", "SAN=" + san, "-keystore", file.toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-keypass", PASSWORD))
        .redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readNBytes(64 * 1024);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("keytool failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return file;
  }

  /** A trust store of {@code type} that holds the certificate of {@code serverKeyStore}. */
  static Path trustStore(Path serverKeyStore, Path file, String type, String password)
      throws IOException, GeneralSecurityException {
    KeyStore server = load(serverKeyStore);
    KeyStore trust = KeyStore.getInstance(type);
    trust.load(null, null);
    trust.setCertificateEntry("hubspot-test", server.getCertificate("server"));
    try (OutputStream out = Files.newOutputStream(file)) {
      trust.store(out, password.toCharArray());
    }
    return file;
  }

  private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  /** An https server on 127.0.0.1 with that key, answering 204 and counting the requests. */
  static HttpsServer httpsServer(Path serverKeyStore, AtomicInteger requests)
      throws IOException, GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(serverKeyStore), PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      requests.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    return server;
  }
}
