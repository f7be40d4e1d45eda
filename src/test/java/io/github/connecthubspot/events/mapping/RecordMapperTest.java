package io.github.connecthubspot.events.mapping;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.model.Completion;
import java.math.BigDecimal;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The guide's example body, less {@code "objectType":"contacts"}: that field is in no schema of
   * the endpoint, and NOTES.md says not to send it.
   */
  private static final String GUIDE_EXAMPLE =
      "{\"eventName\":\"pe1234567_manually_tracked_event\","
          + "\"properties\":{\"hs_page_title\":\"Sweepstakes Sign Up\",\"hs_page_content_type\":\"LANDING_PAGE\"},"
          + "\"objectId\":\"6091051\"}";

  private static final Schema PAGE_VIEW = SchemaBuilder.struct().name("PageView")
      .field("objectId", Schema.INT64_SCHEMA)
      .field("hs_page_title", Schema.STRING_SCHEMA)
      .field("hs_page_content_type", Schema.STRING_SCHEMA)
      .build();

  private static RecordMapper mapper(String... settings) {
    return new RecordMapper(new HubSpotSinkConnectorConfig(minimal(settings)));
  }

  private static SinkRecord record(Schema schema, Object value) {
    return new SinkRecord("page-views", 2, null, null, schema, value, 42L, 1714564800000L,
        TimestampType.CREATE_TIME);
  }

  private static JsonNode json(Object value) {
    return JSON.valueToTree(value);
  }

  private static Completion map(RecordMapper mapper, Schema schema, Object value) {
    return mapper.map(record(schema, value)).orElseThrow();
  }

  @Test
  void guideExampleFromStruct() throws Exception {
    Struct value = new Struct(PAGE_VIEW)
        .put("objectId", 6091051L)
        .put("hs_page_title", "Sweepstakes Sign Up")
        .put("hs_page_content_type", "LANDING_PAGE");

    Completion c = map(mapper("occurred.at.source", "none", "uuid.source", "none"), PAGE_VIEW, value);

    assertThat(json(c)).isEqualTo(JSON.readTree(GUIDE_EXAMPLE));
  }

  @Test
  void guideExampleFromSchemalessJson() throws Exception {
    // What JsonConverter with schemas.enable=false hands the task.
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), false);
    Object value = converter.toConnectData("page-views",
        ("{\"objectId\":6091051,\"hs_page_title\":\"Sweepstakes Sign Up\","
            + "\"hs_page_content_type\":\"LANDING_PAGE\"}").getBytes()).value();
    assertThat(value).isInstanceOf(Map.class);

    Completion c = map(mapper("occurred.at.source", "none", "uuid.source", "none"), null, value);

    assertThat(json(c)).isEqualTo(JSON.readTree(GUIDE_EXAMPLE));
  }

  @Test
  void defaultsAddOccurredAtFromRecordTimestampAndUuidFromCoordinates() {
    Map<String, Object> value = Map.of("email", "ada@example.com", "plan", "pro");

    Completion c = map(mapper(), null, value);

    assertThat(c.occurredAt()).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(c.uuid()).isEqualTo(EventUuids.fromCoordinates("hubspot-test", "page-views", 2, 42));
    assertThat(c.email()).isEqualTo("ada@example.com");
    assertThat(c.properties()).containsExactly(Map.entry("plan", "pro"));
  }

  @Test
  void uuidIsStableForTheSameCoordinatesAndDiffersOtherwise() {
    String a = EventUuids.fromCoordinates("c1", "t", 0, 7);
    assertThat(EventUuids.fromCoordinates("c1", "t", 0, 7)).isEqualTo(a);
    assertThat(List.of(
            EventUuids.fromCoordinates("c2", "t", 0, 7),
            EventUuids.fromCoordinates("c1", "u", 0, 7),
            EventUuids.fromCoordinates("c1", "t", 1, 7),
            EventUuids.fromCoordinates("c1", "t", 0, 8)))
        .doesNotContain(a)
        .doesNotHaveDuplicates();
    assertThat(java.util.UUID.fromString(a).version()).isEqualTo(3);
  }

  @Test
  void uuidUsesOriginalCoordinatesWhenATransformRenamedTheTopic() {
    SinkRecord original = record(null, Map.of("email", "ada@example.com"));
    SinkRecord routed = original.newRecord("renamed", 9, null, null, null, original.value(), original.timestamp());

    RecordMapper m = mapper();
    assertThat(m.map(routed).orElseThrow().uuid()).isEqualTo(m.map(original).orElseThrow().uuid());
  }

  @Test
  void uuidFromField() {
    Completion c = map(mapper("uuid.source", "field", "uuid.field", "id"), null,
        Map.of("email", "ada@example.com", "id", "order-17"));
    assertThat(c.uuid()).isEqualTo("order-17");
    assertThat(c.properties()).doesNotContainKey("id");
  }

  @Test
  void uuidFieldMissingIsInvalid() {
    assertThatThrownBy(() -> map(mapper("uuid.source", "field", "uuid.field", "id"), null,
        Map.of("email", "ada@example.com")))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("uuid field 'id' is missing or empty");
  }

  @Test
  void tombstoneIgnoredByDefault() {
    assertThat(mapper().map(record(null, null))).isEmpty();
  }

  @Test
  void tombstoneFailsWhenConfigured() {
    assertThatThrownBy(() -> mapper("behavior.on.null.values", "fail").map(record(null, null)))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("record value is null (a tombstone) and behavior.on.null.values=fail");
  }

  @Test
  void valueThatIsNotStructuredIsInvalid() {
    assertThatThrownBy(() -> mapper().map(record(Schema.STRING_SCHEMA, "hello")))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageStartingWith("record value is a String, not a Struct or a Map");
  }

  @Test
  void eventNameFieldWinsAndFallsBackToEventName() {
    RecordMapper m = mapper("event.name.field", "type");
    assertThat(map(m, null, Map.of("email", "a@b.co", "type", "pe1234567_signed_up")).eventName())
        .isEqualTo("pe1234567_signed_up");
    assertThat(map(m, null, Map.of("email", "a@b.co")).eventName())
        .isEqualTo("pe1234567_manually_tracked_event");
    assertThat(map(m, null, Map.of("email", "a@b.co", "type", "pe1234567_signed_up")).properties())
        .doesNotContainKey("type");
  }

  @Test
  void eventNameByTopic() {
    RecordMapper m = mapper("event.name", null,
        "event.name.topic.mapping", "page-views:pe1234567_viewed,orders:pe1234567_ordered");
    assertThat(map(m, null, Map.of("email", "a@b.co")).eventName()).isEqualTo("pe1234567_viewed");
  }

  @Test
  void topicWithoutEventNameIsInvalid() {
    RecordMapper m = mapper("event.name", null, "event.name.topic.mapping", "orders:pe1234567_ordered");
    assertThatThrownBy(() -> m.map(record(null, Map.of("email", "a@b.co"))))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("no event name: topic 'page-views' has no entry in event.name.topic.mapping");
  }

  @Test
  void eventNameFieldAbsentWithoutFallbackIsInvalid() {
    RecordMapper m = mapper("event.name", null, "event.name.field", "type",
        "event.name.topic.mapping", "orders:pe1234567_ordered");
    assertThatThrownBy(() -> m.map(record(null, Map.of("email", "a@b.co"))))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("no event name: field 'type' is absent or empty and topic 'page-views' has no"
            + " entry in event.name.topic.mapping");
  }

  @Test
  void dottedPathsReachIntoNestedStructsAndMaps() {
    Schema user = SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA)
        .field("id", Schema.INT64_SCHEMA).build();
    Schema props = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build();
    Schema schema = SchemaBuilder.struct().field("user", user).field("props", props)
        .field("kind", Schema.STRING_SCHEMA).build();
    Struct value = new Struct(schema)
        .put("user", new Struct(user).put("email", "ada@example.com").put("id", 77L))
        .put("props", Map.of("plan", "pro"))
        .put("kind", "pe1234567_upgraded");

    Completion c = map(mapper("identifier.email.field", "user.email",
        "identifier.object.id.field", "user.id", "event.name.field", "kind",
        "properties.field", "props"), schema, value);

    assertThat(c.email()).isEqualTo("ada@example.com");
    assertThat(c.objectId()).isEqualTo("77");
    assertThat(c.eventName()).isEqualTo("pe1234567_upgraded");
    assertThat(c.properties()).containsExactly(Map.entry("plan", "pro"));
  }

  @Test
  void topLevelPropertiesLeaveOutTheFieldsUsedElsewhere() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("email", "ada@example.com");
    value.put("objectId", 5);
    value.put("utk", "abc");
    value.put("at", "2024-05-01T10:00:00+02:00");
    value.put("plan", "pro");
    Completion c = map(mapper("occurred.at.source", "field", "occurred.at.field", "at"), null, value);
    assertThat(c.properties()).containsExactly(Map.entry("plan", "pro"));
    assertThat(c.objectId()).isEqualTo("5");
    assertThat(c.utk()).isEqualTo("abc");
    assertThat(c.occurredAt()).isEqualTo("2024-05-01T08:00:00Z");
  }

  @Test
  void includeExcludeRenameAndStaticProperties() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("email", "ada@example.com");
    value.put("pageTitle", "Home");
    value.put("secret", "x");
    value.put("other", "y");
    value.put("hs_touchpoint_source", "OFFLINE");

    Completion c = map(mapper("properties.include", "pageTitle,secret,hs_touchpoint_source",
        "properties.exclude", "secret", "properties.rename", "pageTitle:hs_page_title",
        "properties.static", "hs_touchpoint_source:INTEGRATION,source:kafka"), null, value);

    assertThat(c.properties()).containsExactly(
        Map.entry("hs_page_title", "Home"),
        Map.entry("hs_touchpoint_source", "INTEGRATION"),
        Map.entry("source", "kafka"));
  }

  @Test
  void nullPropertyValuesAreLeftOut() {
    Map<String, Object> value = new HashMap<>();
    value.put("email", "ada@example.com");
    value.put("plan", null);
    Schema schema = SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA)
        .field("plan", Schema.OPTIONAL_STRING_SCHEMA).build();
    assertThat(map(mapper(), null, value).properties()).isEmpty();
    assertThat(map(mapper(), schema, new Struct(schema).put("email", "ada@example.com")).properties()).isEmpty();
  }

  @Test
  void occurredAtFromTimestampDateNumberAndIsoString() {
    RecordMapper m = mapper("occurred.at.source", "field", "occurred.at.field", "at");
    Schema ts = SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA)
        .field("at", Timestamp.SCHEMA).build();
    assertThat(map(m, ts, new Struct(ts).put("email", "a@b.co").put("at", new Date(1714564800123L)))
        .occurredAt()).isEqualTo("2024-05-01T12:00:00.123Z");
    Schema date = SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA)
        .field("at", org.apache.kafka.connect.data.Date.SCHEMA).build();
    assertThat(map(m, date, new Struct(date).put("email", "a@b.co").put("at", new Date(1714521600000L)))
        .occurredAt()).isEqualTo("2024-05-01T00:00:00Z");
    assertThat(map(m, null, Map.of("email", "a@b.co", "at", 1714564800000L)).occurredAt())
        .isEqualTo("2024-05-01T12:00:00Z");
    assertThat(map(m, null, Map.of("email", "a@b.co", "at", "2024-05-01T12:00:00Z")).occurredAt())
        .isEqualTo("2024-05-01T12:00:00Z");
    assertThat(map(m, null, Map.of("email", "a@b.co", "at", "2024-05-01")).occurredAt())
        .isEqualTo("2024-05-01T00:00:00Z");
  }

  @Test
  void occurredAtRejectsSecondsGarbageAndAbsence() {
    RecordMapper m = mapper("occurred.at.source", "field", "occurred.at.field", "at");
    assertThatThrownBy(() -> map(m, null, Map.of("email", "a@b.co", "at", 1714564800L)))
        .hasMessage("occurredAt field 'at' is before 1973 as epoch milliseconds:"
            + " is it in seconds? (expected epoch milliseconds)");
    assertThatThrownBy(() -> map(m, null, Map.of("email", "a@b.co", "at", "yesterday")))
        .hasMessage("occurredAt field 'at' is not an ISO-8601 date-time (e.g. 2024-05-01T12:00:00Z)");
    assertThatThrownBy(() -> map(m, null, Map.of("email", "a@b.co")))
        .hasMessage("occurredAt field 'at' is missing");
    assertThatThrownBy(() -> map(m, null, Map.of("email", "a@b.co", "at", true)))
        .hasMessage("occurredAt field 'at' is a Boolean: expected a Timestamp, a Date, epoch"
            + " milliseconds or an ISO-8601 string");
  }

  @Test
  void recordWithoutTimestampHasNoOccurredAt() {
    SinkRecord r = new SinkRecord("t", 0, null, null, null, Map.of("email", "a@b.co"), 1L);
    assertThat(mapper().map(r).map(Completion::occurredAt)).isEqualTo(Optional.empty());
  }

  @Test
  void structOfEveryTypeBecomesHubSpotStrings() throws Exception {
    Schema nested = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).field("b", Schema.STRING_SCHEMA).build();
    Schema schema = SchemaBuilder.struct()
        .field("email", Schema.STRING_SCHEMA)
        .field("amount", Decimal.schema(2))
        .field("ratio", Schema.FLOAT64_SCHEMA)
        .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
        .field("meta", nested)
        .field("active", Schema.BOOLEAN_SCHEMA)
        .build();
    Struct value = new Struct(schema)
        .put("email", "a@b.co")
        .put("amount", new BigDecimal("12.50"))
        .put("ratio", 1.0E10)
        .put("tags", List.of("red", "blue"))
        .put("meta", new Struct(nested).put("a", 1).put("b", "x"))
        .put("active", true);

    assertThat(map(mapper(), schema, value).properties()).containsExactly(
        Map.entry("amount", "12.50"),
        Map.entry("ratio", "10000000000"),
        Map.entry("tags", "red;blue"),
        Map.entry("meta", "{\"a\":1,\"b\":\"x\"}"),
        Map.entry("active", "true"));
  }

  @Test
  void unformattableValueNamesTheProperty() {
    assertThatThrownBy(() -> map(mapper(), null, Map.of("email", "a@b.co", "score", Double.NaN)))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("property 'score': value NaN is not a valid HubSpot number (digits with at most"
            + " one decimal point)");
  }

  @Test
  void ruleBrokenAfterMappingIsReported() {
    assertThatThrownBy(() -> map(mapper(), null, Map.of("email", "a@b.co", "Page_Title", "Home")))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("property 'Page_Title' is not a valid HubSpot internal name (must match"
            + " [a-z][a-z0-9_]*, at most 50 characters)");
  }

  @Test
  void identifierOfTheWrongTypeIsInvalid() {
    assertThatThrownBy(() -> map(mapper(), null, Map.of("email", List.of("a@b.co"))))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("field 'email' is a List, expected a string");
  }
}
