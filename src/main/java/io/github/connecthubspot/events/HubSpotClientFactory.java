package io.github.connecthubspot.events;

import io.github.connecthubspot.events.client.AccessTokenProvider;
import io.github.connecthubspot.events.client.EventDefinitionsClient;
import io.github.connecthubspot.events.client.EventDefinitionsReader;
import io.github.connecthubspot.events.client.HttpConnections;
import io.github.connecthubspot.events.client.HttpHubSpotClient;
import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.client.HubSpotException;
import io.github.connecthubspot.events.client.OAuthGrant;
import io.github.connecthubspot.events.client.OAuthSettings;
import io.github.connecthubspot.events.client.OAuthTokenProvider;
import io.github.connecthubspot.events.client.ProxySettings;
import io.github.connecthubspot.events.client.StaticAccessToken;
import io.github.connecthubspot.events.client.TlsSettings;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the task's HTTP client from its settings: the connection pool (timeouts, trust store,
 * proxy) and the credentials (a static token, or OAuth tokens from the token endpoint, which go
 * through the same pool).
 */
final class HubSpotClientFactory {
  private static final Logger log = LoggerFactory.getLogger(HubSpotClientFactory.class);

  private HubSpotClientFactory() {}

  /**
   * A client with a connection for each request the task may have in flight (and one for the
   * token endpoint). With OAuth the first token is asked for at once.
   *
   * @throws ConnectException when the trust store cannot be read, or the token endpoint refuses
   *     the OAuth credentials; the message names the settings to fix
   */
  static HubSpotClient create(HubSpotSinkConnectorConfig config, Time time) {
    return connect(config, time, false).client();
  }

  /**
   * What a task talks to HubSpot with: the send client and, when {@code definitions} (and {@code
   * event.definitions.enabled}), a reader of event definitions sharing its pool and credentials.
   */
  static Connection connect(HubSpotSinkConnectorConfig config, Time time, boolean definitions) {
    boolean reads = definitions && config.eventDefinitionsEnabled();
    String userAgent = "kafka-connect-hubspot-events/" + Version.get();
    TlsSettings tls = new TlsSettings(config.sslTruststoreLocation().orElse(null),
        config.sslTruststorePassword().orElse(null), config.sslTruststoreType(),
        config.sslEndpointIdentification());
    ProxySettings proxy = config.proxyHost()
        .map(host -> new ProxySettings(host, config.proxyPort(),
            config.proxyUsername().orElse(null), config.proxyPassword().orElse(null)))
        .orElse(ProxySettings.none());
    int connections = config.maxInFlightRequests() + (config.usesOAuth() ? 1 : 0) + (reads ? 1 : 0);
    CloseableHttpClient http = HttpConnections.create(config.connectTimeout(),
        config.requestTimeout(), connections, tls, proxy);
    AccessTokenProvider token = config.usesOAuth()
        ? oauth(config, http, userAgent, time)
        : new StaticAccessToken(config.accessToken().orElseThrow());
    HubSpotClient client = new HttpHubSpotClient(new HttpHubSpotClient.Settings(config.baseUrl(),
        config.connectTimeout(), config.requestTimeout(), connections, userAgent,
        config.apiVersion()), token, http);
    return new Connection(client, reads ? new EventDefinitionsClient(config.baseUrl(),
        config.apiVersion(), token, http, userAgent, time) : null);
  }

  /** The send client, and the definitions reader when reads are on (else null). */
  static final class Connection implements AutoCloseable {
    private final HubSpotClient client;
    private final EventDefinitionsReader definitions;

    Connection(HubSpotClient client, EventDefinitionsReader definitions) {
      this.client = client;
      this.definitions = definitions;
    }

    HubSpotClient client() {
      return client;
    }

    /** Null when event definitions are not read. */
    EventDefinitionsReader definitions() {
      return definitions;
    }

    /** Closes the reader, then the client (and the pool they share). */
    @Override
    public void close() {
      if (definitions != null) {
        definitions.close();
      }
      client.close();
    }
  }

  private static OAuthTokenProvider oauth(HubSpotSinkConnectorConfig config,
      CloseableHttpClient http, String userAgent, Time time) {
    OAuthSettings settings = new OAuthSettings(OAuthGrant.parse(config.oauthGrantType()),
        config.oauthClientId(), config.oauthClientSecret().orElseThrow(),
        config.oauthRefreshToken().orElse(null), config.retryBackoff(), config.retryBackoffMax(),
        config.connectTimeout().plus(config.requestTimeout().multipliedBy(2)));
    OAuthTokenProvider provider =
        OAuthTokenProvider.create(settings, config.oauthTokenUrl(), http, userAgent, time);
    try {
      provider.accessToken();
    } catch (HubSpotException e) {
      if (!e.kind().retriable()) {
        http.close(CloseMode.IMMEDIATE);
        throw new ConnectException(e.getMessage(), e);
      }
      log.warn("No OAuth access token yet ({}): the first sends ask again", e.getMessage());
    }
    return provider;
  }
}
