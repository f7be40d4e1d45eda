package io.github.connecthubspot.events.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.hubspot.LocalHubSpot;
import io.github.connecthubspot.events.hubspot.Occurrence;
import io.github.connecthubspot.events.model.ApiVersion;
import io.github.connecthubspot.events.model.Completion;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each API version's send paths, and the start-up check finding the dated path HubSpot has. */
class ApiVersionPathsTest {
  private static final String TOKEN = "pat-versions";

  private static HttpHubSpotClient client(LocalHubSpot sim, ApiVersion version) {
    return new HttpHubSpotClient(new HttpHubSpotClient.Settings(sim.baseUrl(), Duration.ofSeconds(5),
        Duration.ofSeconds(10), 2, "test", version), new StaticAccessToken(
            new org.apache.kafka.common.config.types.Password(TOKEN)));
  }

  private static Completion occurrence(String uuid) {
    return Completion.builder().eventName("pe42_viewed").email("a@example.com").uuid(uuid).build();
  }

  private static List<String> paths(LocalHubSpot sim) {
    return sim.ledger().occurrences().stream().map(Occurrence::path).distinct()
        .collect(Collectors.toList());
  }

  @ParameterizedTest
  @CsvSource({"V3, /events/v3/send, /events/v3/send/batch",
      "V2026_03, /events/2026-03/send, /events/2026-03/send/batch"})
  void eachVersionSendsToItsPaths(ApiVersion version, String single, String batch) throws Exception {
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).start();
        HttpHubSpotClient client = client(sim, version)) {
      client.checkCredentials();
      client.send(io.github.connecthubspot.events.model.TestOccurrences.of(occurrence("1"), occurrence("2")));
      assertThat(paths(sim)).containsExactly(batch);
      sim.reset();
      client.send(io.github.connecthubspot.events.model.TestOccurrences.of(occurrence("3")));
      assertThat(paths(sim)).containsExactly(single);
    }
  }

  @Test
  void theVersionsPathsLiveInOnePlace() {
    assertThat(ApiVersion.of("v3").definitionsPaths()).containsExactly("/events/v3/event-definitions");
    assertThat(ApiVersion.of("V3").tokenPath()).isEqualTo("/oauth/v1/token");
    assertThat(ApiVersion.of(" 2026-03 ").definitionsPaths()).containsExactly(
        "/events/2026-03/event-definitions", "/events/custom/2026-03/event-definitions");
    assertThat(ApiVersion.V2026_03.tokenPath()).isEqualTo("/oauth/2026-03/token");
    assertThat(ApiVersion.ids()).containsExactly("v3", "2026-03");
    assertThatThrownBy(() -> ApiVersion.of("2026-09"))
        .hasMessage("hubspot.api.version must be one of [v3, 2026-03]");
  }

  @Test
  void whenTheDatedPathIs404TheCheckMovesToTheAlternativeOnce() throws Exception {
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).disablePath("/events/2026-03/").start();
        HttpHubSpotClient client = client(sim, ApiVersion.V2026_03)) {
      client.checkCredentials();
      assertThat(client.batchPath()).isEqualTo("/events/custom/2026-03/send/batch");
      assertThat(sim.stats().sendRequests()).as("404 once, then the alternative").isEqualTo(2);

      client.send(io.github.connecthubspot.events.model.TestOccurrences.of(occurrence("1"), occurrence("2")));
      client.send(io.github.connecthubspot.events.model.TestOccurrences.of(occurrence("3")));
      assertThat(sim.ledger().occurrences().stream().map(Occurrence::path))
          .containsExactly("/events/custom/2026-03/send/batch", "/events/custom/2026-03/send/batch",
              "/events/custom/2026-03/send");
      assertThat(sim.stats().sendRequests()).as("no path is tried again").isEqualTo(4);
    }
  }

  @Test
  void whenEveryPathOfTheVersionIs404TheCheckNamesTheSetting() {
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).disablePath("/events/2026-03/")
            .disablePath("/events/custom/2026-03/").start();
        HttpHubSpotClient client = client(sim, ApiVersion.V2026_03)) {
      assertThatThrownBy(client::checkCredentials)
          .isInstanceOf(ApiPathNotFoundException.class)
          .hasMessage("HubSpot answered 404 (no such path) to POST /events/2026-03/send/batch and"
              + " /events/custom/2026-03/send/batch: it does not serve hubspot.api.version=2026-03 at "
              + sim.baseUrl() + "; set hubspot.api.version to another of [v3, 2026-03] (or check"
              + " hubspot.base.url)");
      assertThat(sim.stats().sendRequests()).as("each path once, never retried").isEqualTo(2);
    }
  }

  @Test
  void v3HasNoAlternative() {
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).disablePath("/events/v3/").start();
        HttpHubSpotClient client = client(sim, ApiVersion.V3)) {
      assertThatThrownBy(client::checkCredentials).isInstanceOf(ApiPathNotFoundException.class)
          .hasMessageContaining("POST /events/v3/send/batch: it does not serve hubspot.api.version=v3");
      assertThat(sim.stats().sendRequests()).isEqualTo(1);
    }
  }

  @Test
  void aRefusedTokenOnTheAlternativePathIsStillTheCredentialsFailure() {
    try (LocalHubSpot sim = LocalHubSpot.builder().token("pat-other").disablePath("/events/2026-03/").start();
        HttpHubSpotClient client = client(sim, ApiVersion.V2026_03)) {
      assertThatThrownBy(client::checkCredentials).isInstanceOf(HubSpotException.class)
          .satisfies(e -> assertThat(((HubSpotException) e).status()).isEqualTo(401));
      assertThat(client.batchPath()).isEqualTo("/events/custom/2026-03/send/batch");
    }
  }
}
