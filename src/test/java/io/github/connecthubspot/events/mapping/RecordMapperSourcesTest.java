package io.github.connecthubspot.events.mapping;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.model.Completion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.junit.jupiter.api.Test;

/** Field settings that read the record's key ($key, $key.path) or a header ($header.name). */
class RecordMapperSourcesTest {
  private static final Schema KEY = SchemaBuilder.struct().name("Key")
      .field("id", Schema.INT64_SCHEMA).field("email", Schema.STRING_SCHEMA).build();
  private static final Schema USER = SchemaBuilder.struct().name("User")
      .field("email", Schema.STRING_SCHEMA).field("utk", Schema.OPTIONAL_STRING_SCHEMA).build();
  private static final Schema VALUE = SchemaBuilder.struct().name("Value")
      .field("plan", Schema.STRING_SCHEMA).build();

  private static RecordMapper mapper(String... settings) {
    return new RecordMapper(new HubSpotSinkConnectorConfig(minimal(settings)));
  }

  private static SinkRecord record(Schema keySchema, Object key, Schema valueSchema, Object value,
      ConnectHeaders headers) {
    return new SinkRecord("page-views", 2, keySchema, key, valueSchema, value, 42L,
        1714564800000L, TimestampType.CREATE_TIME, headers);
  }

  private static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static Completion map(RecordMapper m, SinkRecord r) {
    return m.map(r).orElseThrow();
  }

  // ---- the key

  @Test
  void wholeStringKey() {
    Completion c = map(mapper("identifier.object.id.field", "$key", "identifier.email.field", ""),
        record(Schema.STRING_SCHEMA, "6091051", VALUE, new Struct(VALUE).put("plan", "pro"),
            new ConnectHeaders()));
    assertThat(c.objectId()).isEqualTo("6091051");
    assertThat(c.properties()).containsExactly(Map.entry("plan", "pro"));
  }

  @Test
  void wholeBytesKeyIsReadAsUtf8() {
    Completion c = map(mapper("identifier.email.field", "$key"),
        record(Schema.BYTES_SCHEMA, "ada@example.com".getBytes(StandardCharsets.UTF_8), null,
            map("plan", "pro"), new ConnectHeaders()));
    assertThat(c.email()).isEqualTo("ada@example.com");
  }

  @Test
  void pathIntoAStructKey() {
    Struct key = new Struct(KEY).put("id", 77L).put("email", "ada@example.com");
    Completion c = map(mapper("identifier.object.id.field", "$key.id",
            "identifier.email.field", "$key.email", "uuid.source", "field", "uuid.field", "$key.id"),
        record(KEY, key, VALUE, new Struct(VALUE).put("plan", "pro"), new ConnectHeaders()));
    assertThat(c.objectId()).isEqualTo("77");
    assertThat(c.email()).isEqualTo("ada@example.com");
    assertThat(c.uuid()).isEqualTo("77");
    assertThat(c.properties()).containsExactly(Map.entry("plan", "pro"));
  }

  @Test
  void pathIntoAMapKey() {
    Completion c = map(mapper("identifier.object.id.field", "$key.deal.id",
            "event.name.field", "$key.event"),
        record(null, map("deal", map("id", 9001), "event", "pe1234567_deal_moved"), null,
            map("email", "ada@example.com", "stage", "won"), new ConnectHeaders()));
    assertThat(c.objectId()).isEqualTo("9001");
    assertThat(c.eventName()).isEqualTo("pe1234567_deal_moved");
    assertThat(c.properties()).containsExactly(Map.entry("stage", "won"));
  }

  @Test
  void propertiesFromAStructKeyOrAMapKey() {
    RecordMapper m = mapper("properties.field", "$key", "identifier.email.field", "$header.email",
        "identifier.object.id.field", "", "identifier.utk.field", "");
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("email", "ada@example.com");
    Struct key = new Struct(KEY).put("id", 77L).put("email", "x@example.com");
    assertThat(map(m, record(KEY, key, Schema.STRING_SCHEMA, "the value is not read", headers))
        .properties()).containsExactly(Map.entry("id", "77"), Map.entry("email", "x@example.com"));
    assertThat(map(m, record(null, map("plan", "pro"), null, 12, headers)).properties())
        .containsExactly(Map.entry("plan", "pro"));
  }

  @Test
  void anAbsentKeyIsAnAbsentField() {
    assertThatThrownBy(() -> map(mapper("identifier.email.field", "$key.email",
            "identifier.object.id.field", "", "identifier.utk.field", ""),
        record(null, null, null, map("plan", "pro"), new ConnectHeaders())))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("no identifier: HubSpot needs one of email, objectId or utk");
  }

  // ---- headers

  @Test
  void headersOfEveryKind() {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("event", "pe1234567_signed_up");
    headers.addLong("ts", 1714564800123L);
    headers.addString("email", "old@example.com");
    headers.addBytes("email", "ada@example.com".getBytes(StandardCharsets.UTF_8)); // last wins
    headers.addStruct("user", new Struct(USER).put("email", "u@example.com").put("utk", "abc"));
    headers.addInt("object", 5);
    RecordMapper m = mapper("event.name.field", "$header.event", "identifier.email.field",
        "$header.email", "identifier.object.id.field", "$header.object",
        "occurred.at.source", "field", "occurred.at.field", "$header.ts",
        "uuid.source", "field", "uuid.field", "$header.event");

    Completion c = map(m, record(null, null, null, map("plan", "pro"), headers));

    assertThat(c.eventName()).isEqualTo("pe1234567_signed_up");
    assertThat(c.email()).isEqualTo("ada@example.com");
    assertThat(c.objectId()).isEqualTo("5");
    assertThat(c.occurredAt()).isEqualTo("2024-05-01T12:00:00.123Z");
    assertThat(c.uuid()).isEqualTo("pe1234567_signed_up");
    assertThat(c.properties()).containsExactly(Map.entry("plan", "pro"));
  }

  @Test
  void headersParsedBySimpleHeaderConverter() {
    SimpleHeaderConverter converter = new SimpleHeaderConverter();
    converter.configure(Map.of());
    ConnectHeaders headers = new ConnectHeaders();
    for (String[] h : new String[][] {{"objectId", "6091051"}, {"at", "2024-05-01T12:00:00Z"},
        {"props", "{\"plan\":\"pro\",\"seats\":3}"}}) {
      SchemaAndValue parsed = converter.toConnectHeader("t", h[0], h[1].getBytes(StandardCharsets.UTF_8));
      headers.add(h[0], parsed);
    }
    Completion c = map(mapper("identifier.object.id.field", "$header.objectId",
            "occurred.at.source", "field", "occurred.at.field", "$header.at",
            "properties.field", "$header.props"),
        record(null, null, null, map("email", "ada@example.com"), headers));
    assertThat(c.objectId()).isEqualTo("6091051");
    assertThat(c.occurredAt()).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(c.properties()).containsExactly(Map.entry("plan", "pro"), Map.entry("seats", "3"));
  }

  @Test
  void propertiesFromAStructHeaderOrAMapHeader() {
    RecordMapper m = mapper("properties.field", "$header.props");
    ConnectHeaders struct = new ConnectHeaders();
    struct.addStruct("props", new Struct(USER).put("email", "u@example.com").put("utk", "abc"));
    assertThat(map(m, record(null, null, null, map("email", "ada@example.com"), struct))
        .properties()).containsExactly(Map.entry("email", "u@example.com"), Map.entry("utk", "abc"));
    ConnectHeaders mapHeader = new ConnectHeaders();
    mapHeader.addMap("props", map("plan", "pro"),
        SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build());
    assertThat(map(m, record(null, null, null, map("email", "ada@example.com"), mapHeader))
        .properties()).containsExactly(Map.entry("plan", "pro"));
    assertThat(map(m, record(null, null, null, map("email", "ada@example.com"),
        new ConnectHeaders())).properties()).isEmpty();
  }

  @Test
  void pathIntoAStructOrAMapHeaderIsNoPath() {
    // $header.<name> is the whole header name (header names often hold dots): no path into it.
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("trace.email", "ada@example.com");
    Completion c = map(mapper("identifier.email.field", "$header.trace.email"),
        record(null, null, null, map("plan", "pro"), headers));
    assertThat(c.email()).isEqualTo("ada@example.com");
  }

  @Test
  void badHeaderBytesAreRefusedWithoutQuotingThem() {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addBytes("email", new byte[] {'a', (byte) 0xC3, (byte) 0x28});
    RecordMapper m = mapper("identifier.email.field", "$header.email");
    assertThatThrownBy(() -> map(m, record(null, null, null, map("plan", "pro"), headers)))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("the header 'email' is bytes that are not UTF-8 text");
    ConnectHeaders big = new ConnectHeaders();
    big.add("email", ByteBuffer.wrap(new byte[5000]), Schema.BYTES_SCHEMA);
    assertThatThrownBy(() -> map(m, record(null, null, null, map("plan", "pro"), big)))
        .hasMessage("the header 'email' has 5000 bytes: more than 4096, longer than any value"
            + " HubSpot keeps");
  }

  @Test
  void aHeaderOfTheWrongTypeNamesTheSetting() {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addBoolean("email", true);
    assertThatThrownBy(() -> map(mapper("identifier.email.field", "$header.email"),
        record(null, null, null, map("plan", "pro"), headers)))
        .hasMessage("field '$header.email' is a Boolean, expected a string");
  }

  // ---- the value, explicitly

  @Test
  void valuePrefixIsTheSameAsAPlainPath() {
    Map<String, Object> value = map("email", "ada@example.com", "$oid", "x1", "plan", "pro");
    Completion plain = map(mapper("identifier.email.field", "email", "properties.exclude", "$oid"),
        record(null, null, null, value, new ConnectHeaders()));
    Completion prefixed = map(mapper("identifier.email.field", "$value.email",
            "uuid.source", "field", "uuid.field", "$value.$oid"),
        record(null, null, null, value, new ConnectHeaders()));
    assertThat(prefixed.email()).isEqualTo(plain.email());
    assertThat(prefixed.uuid()).isEqualTo("x1");
    assertThat(prefixed.properties()).containsExactly(Map.entry("plan", "pro"));
    Struct user = new Struct(USER).put("email", "u@example.com");
    Schema schema = SchemaBuilder.struct().field("user", USER).build();
    assertThat(map(mapper("identifier.email.field", "$value.user.email"),
        record(null, null, schema, new Struct(schema).put("user", user), new ConnectHeaders()))
        .email()).isEqualTo("u@example.com");
  }

  @Test
  void aValueThatIsNotStructuredIsStillRefusedWhenAnySettingReadsIt() {
    assertThatThrownBy(() -> map(mapper("properties.field", "$key"),
        record(null, map("plan", "pro"), Schema.STRING_SCHEMA, "hello", new ConnectHeaders())))
        .hasMessageStartingWith("record value is a String, not a Struct or a Map");
  }

  // ---- properties.headers

  @Test
  void headersAsProperties() {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("source", "web");
    headers.addInt("campaign_id", 12);
    headers.addBytes("region", "eu".getBytes(StandardCharsets.UTF_8));
    headers.addString("source", "app"); // the last of a name wins
    RecordMapper m = mapper("properties.headers", "source,campaign_id,region,absent",
        "properties.exclude", "source", "properties.rename", "region:hs_region",
        "properties.static", "campaign_id:7");

    Completion c = map(m, record(null, null, null, map("email", "ada@example.com", "plan", "pro"),
        headers));

    assertThat(c.properties()).containsExactly(Map.entry("plan", "pro"),
        Map.entry("source", "app"), Map.entry("campaign_id", "7"), Map.entry("hs_region", "eu"));
  }

  @Test
  void aHeaderPropertyCollidingWithAFieldIsRefused() {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("plan", "free");
    assertThatThrownBy(() -> map(mapper("properties.headers", "plan"),
        record(null, null, null, map("email", "ada@example.com", "plan", "pro"), headers)))
        .hasMessageStartingWith("property 'plan' comes from two fields or headers");
  }

  /**
   * Only a HashMap's keys are taken as distinct without a look: a schema that holds a field name
   * twice, or a Map that holds one name twice (by identity), still has its record refused.
   */
  @Test
  void aNameHeldTwiceByAStructSchemaOrAnIdentityMapIsRefused() {
    java.util.List<org.apache.kafka.connect.data.Field> fields = java.util.List.of(
        new org.apache.kafka.connect.data.Field("email", 0, Schema.STRING_SCHEMA),
        new org.apache.kafka.connect.data.Field("plan", 1, Schema.STRING_SCHEMA),
        new org.apache.kafka.connect.data.Field("plan", 2, Schema.STRING_SCHEMA));
    Schema twice = new org.apache.kafka.connect.data.ConnectSchema(Schema.Type.STRUCT, false, null,
        "Twice", null, null, null, fields, null, null);
    Struct struct = new Struct(twice);
    struct.put(fields.get(0), "ada@example.com");
    struct.put(fields.get(1), "pro");
    struct.put(fields.get(2), "free");
    assertThatThrownBy(() -> map(mapper(), record(null, null, twice, struct, new ConnectHeaders())))
        .hasMessageStartingWith("property 'plan' comes from two fields or headers");

    Map<String, Object> identity = new java.util.IdentityHashMap<>();
    identity.put("email", "ada@example.com");
    identity.put(new String("plan"), "pro");
    identity.put(new String("plan"), "free");
    assertThatThrownBy(() -> map(mapper(), record(null, null, null, identity, new ConnectHeaders())))
        .hasMessageStartingWith("property 'plan' comes from two fields or headers");

    assertThat(map(mapper(), record(null, null, null,
        new java.util.HashMap<>(map("email", "ada@example.com", "plan", "pro", "seats", 3L)),
        new ConnectHeaders())).properties())
        .containsOnly(Map.entry("plan", "pro"), Map.entry("seats", "3"));
  }
}
