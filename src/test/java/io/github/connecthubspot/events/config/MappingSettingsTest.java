package io.github.connecthubspot.events.config;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.PropertyNameStyle;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.UndefinedPropertyBehavior;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * The settings of keys and headers as sources, properties.headers, properties.name.style and
 * behavior.on.undefined.property.
 */
class MappingSettingsTest {
  private static final List<String> FIELD_SETTINGS = List.of("identifier.email.field",
      "identifier.object.id.field", "identifier.utk.field", "event.name.field",
      "occurred.at.field", "uuid.field", "properties.field");

  private static Map<String, List<String>> errors(Map<String, String> props) {
    return HubSpotSinkConnectorConfig.CONFIG_DEF.validate(props).stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  @Test
  void defaults() {
    HubSpotSinkConnectorConfig c = new HubSpotSinkConnectorConfig(minimal());
    assertThat(c.propertiesHeaders()).isEmpty();
    assertThat(c.propertiesNameStyle()).isEqualTo(PropertyNameStyle.AS_IS);
    assertThat(c.behaviorOnUndefinedProperty()).isEqualTo(UndefinedPropertyBehavior.FAIL);
  }

  @Test
  void parsedValues() {
    HubSpotSinkConnectorConfig c = new HubSpotSinkConnectorConfig(minimal(
        "properties.headers", " source , campaign_id", "properties.name.style", "Snake_Case",
        "behavior.on.undefined.property", "DROP"));
    assertThat(c.propertiesHeaders()).containsExactly("source", "campaign_id");
    assertThat(c.propertiesNameStyle()).isEqualTo(PropertyNameStyle.SNAKE_CASE);
    assertThat(c.behaviorOnUndefinedProperty()).isEqualTo(UndefinedPropertyBehavior.DROP);
  }

  @Test
  void everyFieldSettingTakesKeyHeaderAndValueSources() {
    for (String key : FIELD_SETTINGS) {
      for (String source : List.of("$key", "$key.id", "$key.user.id", "$header.x-user",
          "$header.trace.id", "$value.user.email", "$value.$oid", "user.email", "email")) {
        assertThat(errors(minimal(key, source, "occurred.at.source", "field",
            "uuid.source", "field"))).as(key + "=" + source).isEmpty();
      }
    }
  }

  @Test
  void badSourceSyntaxIsRefusedNamingTheKey() {
    Map<String, String> why = Map.of(
        "$foo.x", "starts with '$' but is none of $key, $key.<path>, $header.<name> and"
            + " $value.<path> (a value field whose name starts with '$' is written $value.<name>)",
        "$value", "starts with '$' but is none of $key, $key.<path>, $header.<name> and"
            + " $value.<path> (a value field whose name starts with '$' is written $value.<name>)",
        "$keys.id", "starts with '$' but is none of $key, $key.<path>, $header.<name> and"
            + " $value.<path> (a value field whose name starts with '$' is written $value.<name>)",
        "$key.", "has an empty path after '$key.'",
        "$value.", "has an empty path after '$value.'",
        "$key.a..b", "is not a field path: field names separated by single dots, e.g. user.email",
        "$value.a.", "is not a field path: field names separated by single dots, e.g. user.email",
        "$header.", "names no header: write $header.<name>, e.g. $header.event_type",
        "user..email", "is not a field path: field names separated by single dots, e.g. user.email");
    for (String key : FIELD_SETTINGS) {
      for (Map.Entry<String, String> e : why.entrySet()) {
        assertThat(errors(minimal(key, e.getKey()))).as(key + "=" + e.getKey())
            .containsEntry(key, List.of("Invalid value " + e.getKey() + " for configuration "
                + key + ": " + e.getValue()));
      }
    }
    assertThatThrownBy(() -> new HubSpotSinkConnectorConfig(minimal("identifier.email.field",
        "$foo.email")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid value $foo.email for configuration identifier.email.field:"
            + " starts with '$' but is none of");
  }

  @Test
  void sourcePathParts() {
    assertThat(SourcePath.parse("$key").origin()).isEqualTo(SourcePath.Origin.KEY);
    assertThat(SourcePath.parse("$key").path()).isNull();
    assertThat(SourcePath.parse("$key.a.b").path()).isEqualTo("a.b");
    assertThat(SourcePath.parse("$header.trace.id").header()).isEqualTo("trace.id");
    assertThat(SourcePath.parse("$value.email").isTopLevelValueField()).isTrue();
    assertThat(SourcePath.parse("user.email").isTopLevelValueField()).isFalse();
    assertThat(SourcePath.parse("$key.email").isTopLevelValueField()).isFalse();
    assertThat(SourcePath.parse("email").path()).isEqualTo("email");
  }

  @Test
  void badNewSettingsAreRefused() {
    assertThat(errors(minimal("properties.name.style", "camelCase")))
        .containsEntry("properties.name.style", List.of("Invalid value camelCase for configuration"
            + " properties.name.style: must be one of [as-is, snake_case]"));
    assertThat(errors(minimal("behavior.on.undefined.property", "ignore")))
        .containsEntry("behavior.on.undefined.property", List.of("Invalid value ignore for"
            + " configuration behavior.on.undefined.property: must be one of [fail, drop, send]"));
    assertThat(errors(minimal("properties.headers", "a,,b")))
        .containsEntry("properties.headers", List.of("Invalid value [a, , b] for configuration"
            + " properties.headers: has an empty header name"));
    assertThat(errors(minimal("properties.headers", "a,b,a")))
        .containsEntry("properties.headers", List.of("Invalid value [a, b, a] for configuration"
            + " properties.headers: names header 'a' twice"));
  }

  @Test
  void recommendersListTheValues() {
    Map<String, ConfigValue> values = HubSpotSinkConnectorConfig.CONFIG_DEF.validate(minimal())
        .stream().collect(Collectors.toMap(ConfigValue::name, v -> v));
    assertThat(values.get("properties.name.style").recommendedValues())
        .containsExactly("as-is", "snake_case");
    assertThat(values.get("behavior.on.undefined.property").recommendedValues())
        .containsExactly("fail", "drop", "send");
  }
}
