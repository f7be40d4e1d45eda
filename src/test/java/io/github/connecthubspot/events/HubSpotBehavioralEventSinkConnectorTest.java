package io.github.connecthubspot.events;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class HubSpotBehavioralEventSinkConnectorTest {
  private final HubSpotBehavioralEventSinkConnector connector = new HubSpotBehavioralEventSinkConnector();

  private static Map<String, List<String>> errors(Config config) {
    return config.configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  @Test
  void validConfigHasNoErrors() {
    assertThat(errors(connector.validate(minimal()))).isEmpty();
  }

  @Test
  void validateAttachesEachErrorToItsKeys() {
    Map<String, String> props = minimal(
        "hubspot.access.token", null,
        "batch.size", "501",
        "hubspot.base.url", "http://hubspot.example.com",
        "event.name.topic.mapping", "clicks:pe1_click");

    Map<String, List<String>> errors = errors(connector.validate(props));

    assertThat(errors).containsOnlyKeys("hubspot.access.token", "batch.size", "hubspot.base.url",
        "event.name", "event.name.topic.mapping");
    assertThat(errors.get("hubspot.access.token")).containsExactly(
        "Missing required configuration \"hubspot.access.token\" which has no default value.");
    assertThat(errors.get("batch.size")).containsExactly(
        "Invalid value 501 for configuration batch.size: Value must be no more than 500");
    assertThat(errors.get("hubspot.base.url")).singleElement().asString()
        .contains("plain http is allowed only to a loopback host");
    assertThat(errors.get("event.name")).containsExactly(
        "event.name and event.name.topic.mapping conflict: set one of them, not both");
    assertThat(errors.get("event.name.topic.mapping")).containsExactly(
        "event.name and event.name.topic.mapping conflict: set one of them, not both");
  }

  @Test
  void dependentFieldsAreVisibleOnlyWhenTheirSourceIsField() {
    Map<String, ConfigValue> values = connector.validate(minimal("uuid.source", "field", "uuid.field", "id"))
        .configValues().stream().collect(Collectors.toMap(ConfigValue::name, v -> v));
    assertThat(values.get("uuid.field").visible()).isTrue();
    assertThat(values.get("occurred.at.field").visible()).isFalse();
    assertThat(values.get("occurred.at.source").recommendedValues())
        .containsExactly("record.timestamp", "field", "none");
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(connector.version()).isEqualTo(Version.get()).isNotEqualTo("unknown").doesNotContain("${");
  }
}
