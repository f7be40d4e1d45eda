package io.github.connecthubspot.events.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which HubSpot the quickstart talks to, decided from the environment alone: nothing is started. */
class QuickstartTargetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "pat-na1-11111111-2222-3333-4444-555555555555";

  private static ObjectNode template() throws IOException {
    return (ObjectNode) JSON.readTree(Path.of("config/quickstart/connector.json").toFile()).path("config");
  }

  @Test
  void withNeitherVariableTheLocalEndpointIsTheTarget() throws IOException {
    QuickstartTarget target = QuickstartTarget.fromEnvironment(Map.of("PATH", "/usr/bin"));

    assertThat(target.isRealHubSpot()).isFalse();
    assertThat(target.baseUrl(4711)).isEqualTo("http://127.0.0.1:4711");
    assertThat(target.workerEnvironment()).containsExactly(Map.entry("HUBSPOT_ACCESS_TOKEN", "pat-local"));
    ObjectNode config = target.connectorConfig(template(), 4711);
    assertThat(config.path("hubspot.base.url").asText()).isEqualTo("http://127.0.0.1:4711");
    assertThat(config.path("hubspot.access.token").asText()).isEqualTo("${env:HUBSPOT_ACCESS_TOKEN}");
    assertThat(config.path("event.name.topic.mapping").asText()).contains("quickstart-page-views:pe1234567_page_viewed");
    assertThat(config.has("event.name")).isFalse();
  }

  @Test
  void withTokenAndEventNameRealHubSpotIsTheTargetAndTheTokenStaysInTheEnvironment() throws IOException {
    QuickstartTarget target = QuickstartTarget.fromEnvironment(Map.of(
        "HUBSPOT_ACCESS_TOKEN", SECRET, "HUBSPOT_EVENT_NAME", "pe9876543_quickstart_event"));

    assertThat(target.isRealHubSpot()).isTrue();
    assertThat(target.realEventName()).contains("pe9876543_quickstart_event");
    assertThat(target.baseUrl(4711)).isEqualTo("https://api.hubapi.com");
    assertThat(target.workerProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "config.providers", "env",
        "config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider"));
    assertThat(target.workerEnvironment()).as("the worker inherits the user's token").isEmpty();

    ObjectNode config = target.connectorConfig(template(), 4711);
    assertThat(config.path("hubspot.base.url").asText()).isEqualTo("https://api.hubapi.com");
    assertThat(config.path("hubspot.access.token").asText()).isEqualTo("${env:HUBSPOT_ACCESS_TOKEN}");
    assertThat(config.path("event.name").asText()).isEqualTo("pe9876543_quickstart_event");
    assertThat(config.has("event.name.topic.mapping")).isFalse();
    assertThat(JSON.writeValueAsString(config)).doesNotContain(SECRET);
  }

  @Test
  void oneVariableWithoutTheOtherIsRefusedNamingBoth() {
    assertThatThrownBy(() -> QuickstartTarget.fromEnvironment(Map.of("HUBSPOT_ACCESS_TOKEN", SECRET)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HUBSPOT_ACCESS_TOKEN").hasMessageContaining("HUBSPOT_EVENT_NAME")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> QuickstartTarget.fromEnvironment(Map.of("HUBSPOT_EVENT_NAME", "pe1_x", "HUBSPOT_ACCESS_TOKEN", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only HUBSPOT_EVENT_NAME is set");
  }

  @Test
  void aTokenWrittenIntoTheConnectorConfigIsRefused() throws IOException {
    ObjectNode template = template().put("hubspot.access.token", SECRET);
    QuickstartTarget target = QuickstartTarget.fromEnvironment(Map.of());

    assertThatThrownBy(() -> target.connectorConfig(template, 4711))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("${env:HUBSPOT_ACCESS_TOKEN}")
        .hasMessageNotContaining(SECRET);
  }
}
