package io.github.connecthubspot.events;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.hubspot.EventDefinition;
import io.github.connecthubspot.events.hubspot.LocalHubSpot;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** validate() and the config for hubspot.api.version, the definitions settings and dry run. */
class HubSpotConnectorVersionAndDefinitionsTest {
  private static final String TOKEN = "pat-validate";
  private final HubSpotBehavioralEventSinkConnector offline =
      new HubSpotBehavioralEventSinkConnector(config -> Map.of());

  private static Map<String, List<String>> errors(Config config) {
    return config.configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  @Test
  void anUnknownVersionIsRefusedNamingTheKeyAndTheValues() {
    Map<String, List<String>> errors = errors(offline.validate(minimal("hubspot.api.version", "2026-09")));
    assertThat(errors).containsOnlyKeys("hubspot.api.version");
    assertThat(errors.get("hubspot.api.version")).containsExactly(
        "Invalid value 2026-09 for configuration hubspot.api.version: must be one of [v3, 2026-03]");
    assertThatThrownBy(() -> new HubSpotSinkConnectorConfig(minimal("hubspot.api.version", "v4")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must be one of [v3, 2026-03]");
    ConfigValue version = offline.validate(minimal()).configValues().stream()
        .filter(v -> v.name().equals("hubspot.api.version")).findFirst().orElseThrow();
    assertThat(version.recommendedValues()).containsExactly("v3", "2026-03");
  }

  @Test
  void theVersionIsReadInAnyCaseAndTheOAuthPathFollowsIt() {
    Map<String, String> oauth = minimal("hubspot.access.token", null, "hubspot.oauth.client.id", "id",
        "hubspot.oauth.client.secret", "s", "hubspot.oauth.refresh.token", "r");
    assertThat(new HubSpotSinkConnectorConfig(oauth).oauthTokenUrl())
        .isEqualTo("https://api.hubapi.com/oauth/v1/token");
    oauth.put("hubspot.api.version", "2026-03");
    assertThat(new HubSpotSinkConnectorConfig(oauth).oauthTokenUrl())
        .isEqualTo("https://api.hubapi.com/oauth/2026-03/token");
    oauth.put("hubspot.api.version", "V3");
    oauth.put("hubspot.oauth.token.path", "/oauth/2026-03/token");
    assertThat(new HubSpotSinkConnectorConfig(oauth).oauthTokenUrl()).as("set: it wins")
        .isEqualTo("https://api.hubapi.com/oauth/2026-03/token");
    Map<String, String> clientCredentials = minimal("hubspot.access.token", null,
        "hubspot.oauth.client.id", "id", "hubspot.oauth.client.secret", "s",
        "hubspot.oauth.grant.type", "client_credentials");
    assertThat(new HubSpotSinkConnectorConfig(clientCredentials).oauthTokenUrl())
        .as("v1 does not offer client_credentials").isEqualTo("https://api.hubapi.com/oauth/2026-03/token");
  }

  @Test
  void theRefreshIsZeroOrAtLeastTenSeconds() {
    assertThat(new HubSpotSinkConnectorConfig(minimal("event.definitions.refresh.ms", "0"))
        .eventDefinitionsRefresh()).isZero();
    assertThat(errors(offline.validate(minimal("event.definitions.refresh.ms", "5000"))))
        .containsEntry("event.definitions.refresh.ms", List.of("Invalid value 5000 for configuration"
            + " event.definitions.refresh.ms: must be 0 (never) or between 10000 and 86400000"));
    assertThat(new HubSpotSinkConnectorConfig(minimal("hubspot.dry.run", "true")).dryRun()).isTrue();
  }

  @Test
  void validateMarksAnEventThePortalLacksOnItsSetting() {
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN)
        .eventDefinition(EventDefinition.builder("pe42_viewed").build()).start()) {
      HubSpotBehavioralEventSinkConnector asking = new HubSpotBehavioralEventSinkConnector();
      assertThat(errors(asking.validate(minimal("hubspot.base.url", sim.baseUrl(),
          "hubspot.access.token", TOKEN, "event.name", "pe42_viewed")))).isEmpty();

      Map<String, List<String>> typo = errors(asking.validate(minimal("hubspot.base.url", sim.baseUrl(),
          "hubspot.access.token", TOKEN, "event.name", "pe42_typo")));
      assertThat(typo).containsOnlyKeys("event.name");
      assertThat(typo.get("event.name")).singleElement().asString()
          .startsWith("HubSpot has no event 'pe42_typo' in this portal");

      Map<String, List<String>> mapped = errors(asking.validate(minimal("hubspot.base.url", sim.baseUrl(),
          "hubspot.access.token", TOKEN, "event.name", null,
          "event.name.topic.mapping", "a:pe42_viewed,b:pe42_nope")));
      assertThat(mapped).containsOnlyKeys("event.name.topic.mapping");

      assertThat(errors(asking.validate(minimal("hubspot.base.url", sim.baseUrl(),
          "hubspot.access.token", TOKEN, "event.name", "pe42_typo", "event.definitions.enabled", "false"))))
          .as("definitions off").isEmpty();
      assertThat(sim.ledger().occurrences()).isEmpty();
    }
  }

  @Test
  void validateMarksTheVersionWhenHubSpotHasNoPathForIt() {
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).disablePath("/events/2026-03/")
        .disablePath("/events/custom/2026-03/").start()) {
      Map<String, List<String>> errors = errors(new HubSpotBehavioralEventSinkConnector().validate(
          minimal("hubspot.base.url", sim.baseUrl(), "hubspot.access.token", TOKEN,
              "hubspot.api.version", "2026-03")));
      assertThat(errors).containsOnlyKeys("hubspot.api.version");
      assertThat(errors.get("hubspot.api.version")).singleElement().asString()
          .contains("it does not serve hubspot.api.version=2026-03");
    }
  }
}
