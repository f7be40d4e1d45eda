package io.github.connecthubspot.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.hubspot.LocalHubSpot;
import io.github.connecthubspot.events.model.Completion;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client the task builds from its settings, against the local endpoint. */
class HubSpotClientFactoryTest {
  private static final String SECRET = "client-secret-0123456789";
  private static final String REFRESH = "refresh-token-0123456789";
  private LocalHubSpot hubspot;

  @BeforeEach
  void start() {
    hubspot = LocalHubSpot.builder().noRateLimits()
        .unknownEvents(LocalHubSpot.UnknownMode.ACCEPT)
        .unknownProperties(LocalHubSpot.UnknownMode.ACCEPT)
        .oauthClient("app-1", SECRET, REFRESH).start();
  }

  @AfterEach
  void stop() {
    hubspot.close();
  }

  private HubSpotSinkConnectorConfig oauth(String... more) {
    Map<String, String> props = TestConfigs.minimal("hubspot.access.token", null,
        "hubspot.base.url", hubspot.baseUrl(),
        "hubspot.oauth.client.id", "app-1",
        "hubspot.oauth.client.secret", SECRET,
        "hubspot.oauth.refresh.token", REFRESH);
    for (int i = 0; i < more.length; i += 2) {
      props.put(more[i], more[i + 1]);
    }
    return new HubSpotSinkConnectorConfig(props);
  }

  private static void sendOne(HubSpotClient client) throws Exception {
    client.send(io.github.connecthubspot.events.model.TestOccurrences.of(Completion.builder().eventName("pe1234567_manually_tracked_event")
        .objectId("1").build()));
  }

  @Test
  void oauthOnEitherPathGetsATokenAtOnceAndSends() throws Exception {
    for (String path : List.of("/oauth/v1/token", "/oauth/2026-03/token")) {
      try (HubSpotClient client = HubSpotClientFactory.create(
          oauth("hubspot.oauth.token.path", path), new MockTime())) {
        assertThat(hubspot.stats().tokensIssued()).as(path).isPositive();
        sendOne(client);
      }
    }
    assertThat(hubspot.stats().tokensIssued()).isEqualTo(2);
    assertThat(hubspot.stats().occurrencesAccepted()).isEqualTo(2);
  }

  @Test
  void refusedCredentialsFailTheTaskAtStartNamingTheSettings() {
    hubspot.revokeRefreshToken(REFRESH);
    assertThatThrownBy(() -> HubSpotClientFactory.create(oauth(), new MockTime()))
        .isInstanceOf(ConnectException.class)
        .hasMessageEndingWith("HubSpot refused the refresh token: set hubspot.oauth.refresh.token"
            + " to a valid refresh token of the app hubspot.oauth.client.id=app-1 (the app may"
            + " have been uninstalled, or the token revoked)")
        .hasMessageNotContaining(REFRESH).hasMessageNotContaining(SECRET);

    // The local endpoint offers only the refresh_token grant: HubSpot's answer is passed on.
    assertThatThrownBy(() -> HubSpotClientFactory.create(oauth("hubspot.oauth.grant.type",
        "client_credentials", "hubspot.oauth.refresh.token", ""), new MockTime()))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("HubSpot refused the grant type client_credentials at"
            + " /oauth/2026-03/token: check hubspot.oauth.grant.type and hubspot.oauth.token.path");
  }

  @Test
  void aTransientFailureAtStartIsLeftToTheSends() throws Exception {
    hubspot.failNextTokenRequests(1, 503);
    MockTime time = new MockTime();
    try (HubSpotClient client = HubSpotClientFactory.create(oauth(), time)) {
      assertThat(hubspot.stats().tokensIssued()).isZero();
      time.sleep(500); // retry.backoff.ms
      sendOne(client);
    }
    assertThat(hubspot.stats().tokenRequests()).isEqualTo(2);
    assertThat(hubspot.stats().occurrencesAccepted()).isEqualTo(1);
  }

  @Test
  void aStaticTokenStaysAsItWas() throws Exception {
    hubspot.addToken("pat-static-1");
    try (HubSpotClient client = HubSpotClientFactory.create(new HubSpotSinkConnectorConfig(
        TestConfigs.minimal("hubspot.access.token", "pat-static-1",
            "hubspot.base.url", hubspot.baseUrl())), new MockTime())) {
      sendOne(client);
    }
    assertThat(hubspot.stats().tokenRequests()).isZero();
    assertThat(hubspot.stats().occurrencesAccepted()).isEqualTo(1);
  }
}
