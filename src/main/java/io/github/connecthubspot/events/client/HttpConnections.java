package io.github.connecthubspot.events.client;

import static io.github.connecthubspot.events.config.SecurityConfigs.SSL_ENDPOINT_IDENTIFICATION_ENABLED_CONFIG;
import static io.github.connecthubspot.events.config.SecurityConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG;
import static io.github.connecthubspot.events.config.SecurityConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG;
import static io.github.connecthubspot.events.config.SecurityConfigs.SSL_TRUSTSTORE_TYPE_CONFIG;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Builds the pooled HTTP client every request to HubSpot goes through (the send endpoints and the
 * OAuth token endpoint alike): its timeouts, the certificate authorities it trusts, whether it
 * checks host names, and the proxy it goes through. Automatic retries, redirects and cookies are
 * off: the delivery step decides what to send again.
 */
public final class HttpConnections {
  private HttpConnections() {}

  /**
   * @param maxConnections connections kept open at most (per route and in all)
   * @throws ConnectException when the trust store cannot be read, naming the setting to fix
   */
  public static CloseableHttpClient create(Duration connectTimeout, Duration requestTimeout,
      int maxConnections, TlsSettings tls, ProxySettings proxy) {
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(maxConnections)
            .setMaxConnPerRoute(maxConnections)
            .setTlsSocketStrategy(tlsStrategy(tls))
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(connectTimeout))
                    .setSocketTimeout(Timeout.of(requestTimeout))
                    .setValidateAfterInactivity(Timeout.ofSeconds(2))
                    .build())
            .build();
    HttpClientBuilder builder =
        HttpClients.custom()
            .setConnectionManager(pool)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setResponseTimeout(Timeout.of(requestTimeout))
                    .setConnectionRequestTimeout(Timeout.of(requestTimeout))
                    .build())
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement();
    if (proxy.host().isPresent()) {
      HttpHost proxyHost = new HttpHost("http", proxy.host().get(), proxy.port());
      builder.setProxy(proxyHost);
      BasicCredentialsProvider credentials = new BasicCredentialsProvider();
      if (proxy.username().isPresent()) {
        credentials.setCredentials(new AuthScope(proxyHost),
            new UsernamePasswordCredentials(proxy.username().get(), proxy.password()));
      }
      builder.setDefaultCredentialsProvider(credentials);
    }
    return builder.build();
  }

  private static DefaultClientTlsStrategy tlsStrategy(TlsSettings tls) {
    SSLContext context = sslContext(tls);
    return tls.hostnameVerification()
        ? new DefaultClientTlsStrategy(context, HostnameVerificationPolicy.BOTH,
            new DefaultHostnameVerifier())
        : new DefaultClientTlsStrategy(context, HostnameVerificationPolicy.CLIENT,
            NoopHostnameVerifier.INSTANCE);
  }

  /**
   * The JVM's default trust, or the trust store's, each refusal explained with the settings. With
   * host names verified, the JDK checks them in the trust manager too (so that refusal is
   * explained), and HttpClient's verifier checks again after the handshake.
   */
  static SSLContext sslContext(TlsSettings tls) {
    KeyStore store = tls.truststore().map(path -> load(path, tls)).orElse(null);
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      TrustManager[] managers = factory.getTrustManagers();
      for (int i = 0; i < managers.length; i++) {
        if (managers[i] instanceof X509ExtendedTrustManager) {
          managers[i] = new Explaining((X509ExtendedTrustManager) managers[i], hint(tls));
        }
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, managers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new ConnectException("Could not set up TLS with " + tls + ": " + e, e);
    }
  }

  private static KeyStore load(Path path, TlsSettings tls) {
    String what = "the trust store " + SSL_TRUSTSTORE_LOCATION_CONFIG + "=" + path + " ("
        + SSL_TRUSTSTORE_TYPE_CONFIG + "=" + tls.truststoreType() + ")";
    char[] password = tls.truststorePassword();
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(tls.truststoreType().toUpperCase(Locale.ROOT));
      store.load(in, password);
      if (store.size() == 0) {
        throw new ConnectException("Could not use " + what + ": it holds no certificate");
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      // A wrong password shows as an IOException whose message never holds the password.
      throw new ConnectException("Could not read " + what + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()) + "; check the file, "
          + SSL_TRUSTSTORE_TYPE_CONFIG + " and " + SSL_TRUSTSTORE_PASSWORD_CONFIG, e);
    } finally {
      if (password != null) {
        java.util.Arrays.fill(password, '\0');
      }
    }
  }

  private static final String HOST_HINT = "it must name the host it is reached by ("
      + SSL_ENDPOINT_IDENTIFICATION_ENABLED_CONFIG + "=false turns that check off, for tests only)";

  private static String hint(TlsSettings tls) {
    String trusted = tls.truststore()
        .map(p -> "chain to a certificate in " + SSL_TRUSTSTORE_LOCATION_CONFIG + "=" + p)
        .orElse("chain to one of the JVM's default certificate authorities (or set "
            + SSL_TRUSTSTORE_LOCATION_CONFIG + " to a trust store that holds its CA)");
    return "the server's TLS certificate was refused: it must " + trusted
        + (tls.hostnameVerification() ? "; and " + HOST_HINT : "");
  }

  /** Adds to each refusal of a server certificate what to change. */
  private static final class Explaining extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final String hint;

    Explaining(X509ExtendedTrustManager delegate, String hint) {
      this.delegate = delegate;
      this.hint = hint;
    }

    private CertificateException explained(CertificateException e) {
      return new CertificateException(hint + " (" + e.getMessage() + ")", e);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        throw explained(e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        throw explained(e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        throw explained(e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }
}
