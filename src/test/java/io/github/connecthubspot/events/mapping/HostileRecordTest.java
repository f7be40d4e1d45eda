package io.github.connecthubspot.events.mapping;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.model.Completion;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Records a transform, a converter or a hostile producer can hand the task: each must map or be
 * refused as an {@link InvalidRecordException} of that record alone, in bounded work, with a short
 * message that names the field and never carries the record's values. The {@code @Timeout}s are
 * hang guards (generous, on a separate thread so a runaway loop cannot hold the test), not
 * performance assertions.
 */
class HostileRecordTest {

  private static RecordMapper mapper(String... settings) {
    return new RecordMapper(new HubSpotSinkConnectorConfig(minimal(settings)));
  }

  private static SinkRecord record(Schema schema, Object value) {
    return new SinkRecord("page-views", 2, null, null, schema, value, 42L, 1714564800000L,
        TimestampType.CREATE_TIME);
  }

  private static Completion map(RecordMapper mapper, Schema schema, Object value) {
    return mapper.map(record(schema, value)).orElseThrow();
  }

  private static Map<String, Object> withEmail(String name, Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("email", "ada@example.com");
    map.put(name, value);
    return map;
  }

  /** Defect 4: a schema that does not describe its value is ignored, never a DataException. */
  @Nested
  class SchemaThatDoesNotMatchItsValue {
    @Test
    void mapValueWithAStringSchemaMapsAsSchemaless() {
      Completion c = map(mapper(), Schema.STRING_SCHEMA, withEmail("plan", "pro"));
      assertThat(c.email()).isEqualTo("ada@example.com");
      assertThat(c.properties()).containsExactly(Map.entry("plan", "pro"));
    }

    @Test
    void mapValueWithAStructSchemaMapsAsSchemaless() {
      Schema schema = SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA)
          .field("count", Schema.INT32_SCHEMA).build();
      Completion c = map(mapper(), schema, withEmail("count", "not a number"));
      assertThat(c.properties()).containsExactly(Map.entry("count", "not a number"));
    }

    @Test
    void listInsideAMapOfStrings() {
      Schema schema = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build();
      Completion c = map(mapper(), schema, withEmail("tags", List.of("red", "blue")));
      assertThat(c.properties()).containsExactly(Map.entry("tags", "red;blue"));
    }

    @Test
    void dottedPathThroughAMapWhoseSchemaIsAString() {
      Map<String, Object> value = Map.of("user", Map.of("email", "ada@example.com"), "plan", "pro");
      Completion c = map(mapper("identifier.email.field", "user.email",
          "properties.field", "user"), Schema.STRING_SCHEMA, value);
      assertThat(c.email()).isEqualTo("ada@example.com");
    }

    @Test
    void propertiesFieldWhoseSchemaIsAnInt32() {
      Schema schema = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
      Map<String, Object> value = withEmail("props", Map.of("plan", List.of("a", "b")));
      Completion c = map(mapper("properties.field", "props"), schema, value);
      assertThat(c.properties()).containsExactly(Map.entry("plan", "a;b"));
    }

    @Test
    void sortedMapWithNumberKeysIsAbsentFieldsNotAClassCastException() {
      Map<Object, Object> value = new TreeMap<>(Map.of(1, "x", 2, "y"));
      assertThatThrownBy(() -> mapper().map(record(null, value)))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("a property name is a Integer (a map key): HubSpot property names are strings");
    }

    @Test
    void anyOtherFailureOfMappingIsThatRecordsInvalidRecordException() {
      Map<String, Object> hostile = new AbstractMap<>() {
        @Override
        public Object get(Object key) {
          return "email".equals(key) ? "ada@example.com" : null;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
          throw new IllegalStateException("a secret value of the record");
        }
      };
      assertThatThrownBy(() -> mapper().map(record(null, hostile)))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("the record could not be mapped: IllegalStateException while reading its"
              + " properties")
          .hasNoCause()
          .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }
  }

  /** Defect 5: numbers whose plain form would be longer than HubSpot keeps are refused unbuilt. */
  @Nested
  class NumbersOfExtremeScale {
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void decimalOfScaleMinusTwoToTheThirtyOneFromAThreeHundredByteJsonMessage() {
      String json = "{\"schema\":{\"type\":\"struct\",\"fields\":["
          + "{\"field\":\"email\",\"type\":\"string\"},"
          + "{\"field\":\"amount\",\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\","
          + "\"parameters\":{\"scale\":\"-2147483648\"}}]},"
          + "\"payload\":{\"email\":\"ada@example.com\",\"amount\":\"AQ==\"}}";
      assertThat(json.length()).isLessThan(300);
      JsonConverter converter = new JsonConverter();
      converter.configure(Map.of("schemas.enable", "true"), false);
      SchemaAndValue data = converter.toConnectData("page-views", json.getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> mapper().map(record(data.schema(), data.value())))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("property 'amount' value has 2147483649 characters: HubSpot accepts at most 256");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void decimalOfHugePositiveScale() {
      Schema schema = SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA)
          .field("amount", Decimal.schema(Integer.MAX_VALUE)).build();
      Struct value = new Struct(schema).put("email", "ada@example.com")
          .put("amount", new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE));
      assertThatThrownBy(() -> mapper().map(record(schema, value)))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("property 'amount' value has 2147483649 characters: HubSpot accepts at most 256");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void decimalWithAHugeUnscaledValue() {
      BigDecimal huge = new BigDecimal(BigInteger.ONE.shiftLeft(40_000_000), 3);
      assertThatThrownBy(() -> map(mapper(), null, withEmail("hs_page_url", huge)))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("property 'hs_page_url' value has more than 1024 characters: HubSpot accepts at"
              + " most 1024 for url, referrer and link properties");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void hugeBigIntegerProperty() {
      BigInteger huge = BigInteger.ONE.shiftLeft(40_000_000);
      assertThatThrownBy(() -> map(mapper(), null, withEmail("n", huge)))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("property 'n' value has more than 256 characters: HubSpot accepts at most 256");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void hugeBigIntegerIdentifier() {
      BigInteger huge = BigInteger.ONE.shiftLeft(40_000_000);
      assertThatThrownBy(() -> map(mapper(), null, Map.of("objectId", huge)))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("field 'objectId' is a number of more than 256 digits: HubSpot accepts at"
              + " most 256 characters");
    }

    @Test
    void doublesAtTheEndsOfTheirRangeAreMeasuredBeforeTheyAreWritten() {
      assertThatThrownBy(() -> map(mapper(), null, withEmail("x", Double.MAX_VALUE)))
          .hasMessage("property 'x' value has 309 characters: HubSpot accepts at most 256");
      assertThatThrownBy(() -> map(mapper(), null, withEmail("x", -Double.MIN_VALUE)))
          .hasMessage("property 'x' value has 328 characters: HubSpot accepts at most 256");
      assertThat(map(mapper(), null, withEmail("page_url", -Double.MIN_VALUE)).properties()
          .get("page_url")).hasSize(328).startsWith("-0.0000").endsWith("49");
      assertThat(map(mapper(), null, withEmail("x", Float.MAX_VALUE)).properties().get("x"))
          .isEqualTo("340282350000000000000000000000000000000");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void occurredAtDecimalOfExtremeScale() {
      RecordMapper m = mapper("occurred.at.source", "field", "occurred.at.field", "at");
      assertThatThrownBy(() -> map(m, null,
          withEmail("at", new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE))))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("occurredAt field 'at' is after the year 9999 as epoch milliseconds");
      assertThatThrownBy(() -> map(m, null,
          withEmail("at", new BigDecimal(BigInteger.ONE.shiftLeft(40_000_000), Integer.MAX_VALUE))))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("occurredAt field 'at' is a number of more than 308 digits: expected epoch"
              + " milliseconds");
      assertThat(map(m, null, withEmail("at", new BigDecimal(BigInteger.TEN.pow(20), 8))).occurredAt())
          .isEqualTo("2001-09-09T01:46:40Z");
      assertThat(map(m, null, withEmail("at", new BigDecimal("1714564800000.000"))).occurredAt())
          .isEqualTo("2024-05-01T12:00:00Z");
      assertThat(map(m, null, withEmail("at", new BigDecimal("1.714564800000E+12"))).occurredAt())
          .isEqualTo("2024-05-01T12:00:00Z");
      assertThatThrownBy(() -> map(m, null, withEmail("at", new BigDecimal("1714564800000.5"))))
          .hasMessage("occurredAt field 'at' is not whole epoch milliseconds");
    }

    @Test
    void occurredAtBigIntegerBeyondALongIsRefusedNotTruncated() {
      RecordMapper m = mapper("occurred.at.source", "field", "occurred.at.field", "at");
      BigInteger wraps = BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(1714564800000L));
      assertThatThrownBy(() -> map(m, null, withEmail("at", wraps)))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("occurredAt field 'at' is after the year 9999 as epoch milliseconds");
    }

    @Test
    void occurredAtBeyondTheYear9999IsRefused() {
      RecordMapper m = mapper("occurred.at.source", "field", "occurred.at.field", "at");
      assertThatThrownBy(() -> map(m, null, withEmail("at", Long.MAX_VALUE)))
          .hasMessage("occurredAt field 'at' is after the year 9999 as epoch milliseconds");
      assertThatThrownBy(() -> map(m, null, withEmail("at", "+999999999-12-31T23:59:59Z")))
          .hasMessage("occurredAt field 'at' is outside the years 0000 to 9999");
      assertThatThrownBy(() -> map(m, null, withEmail("at", new java.util.Date(Long.MAX_VALUE))))
          .hasMessage("occurredAt field 'at' is outside the years 0000 to 9999");
      assertThat(map(m, null, withEmail("at", 253402300799999L)).occurredAt())
          .isEqualTo("9999-12-31T23:59:59.999Z");
      SinkRecord farFuture = new SinkRecord("t", 0, null, null, null,
          withEmail("plan", "pro"), 1L, Long.MAX_VALUE, TimestampType.CREATE_TIME);
      assertThatThrownBy(() -> mapper().map(farFuture))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("record timestamp is after the year 9999");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void occurredAtStringOfAMegabyte() {
      RecordMapper m = mapper("occurred.at.source", "field", "occurred.at.field", "at");
      assertThatThrownBy(() -> map(m, null, withEmail("at", "2024-05-01T12:00:00Z" + " ".repeat(1 << 20) + "x")))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("occurredAt field 'at' is not an ISO-8601 date-time (e.g. 2024-05-01T12:00:00Z)");
    }
  }

  /** Defect 6: a value nested in itself, or too deep, or shared too often, is refused. */
  @Nested
  class CyclicAndDeepValues {
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void mapInsideItself() {
      Map<String, Object> meta = new HashMap<>();
      meta.put("self", meta);
      assertThatThrownBy(() -> map(mapper(), null, withEmail("meta", meta)))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("property 'meta': nests deeper than 32 levels (is a map or list inside itself?)");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void listInsideAMapInsideTheList() {
      List<Object> list = new ArrayList<>();
      list.add(Map.of("back", list));
      assertThatThrownBy(() -> map(mapper(), null, withEmail("meta", Map.of("list", list))))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("property 'meta': nests deeper than 32 levels (is a map or list inside itself?)");
    }

    @Test
    void thirtyTwoLevelsAreWritten() {
      Object value = "x";
      for (int i = 0; i < 32; i++) {
        value = Map.of("a", value);
      }
      String expected = "{\"a\":".repeat(32) + "\"x\"" + "}".repeat(32);
      assertThat(map(mapper(), null, withEmail("hs_page_url", value)).properties())
          .containsEntry("hs_page_url", expected);
      Object deeper = Map.of("a", value);
      assertThatThrownBy(() -> map(mapper(), null, withEmail("hs_page_url", deeper)))
          .hasMessage("property 'hs_page_url': nests deeper than 32 levels (is a map or list inside"
              + " itself?)");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void aListSharedAThousandTimesAtEachOfThreeLevelsIsNotWalkedABillionTimes() {
      List<String> inner = Collections.nCopies(1000, "x");
      List<List<String>> middle = Collections.nCopies(1000, inner);
      Map<String, Object> shared = Map.of("l", Collections.nCopies(1000, middle));
      assertThatThrownBy(() -> map(mapper(), null, withEmail("meta", shared)))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("property 'meta' value has more than 256 characters: HubSpot accepts at most 256");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void aMillionPropertiesAreRefusedAtTheFirstPastTheLimit() {
      Map<String, Object> value = new HashMap<>();
      value.put("email", "ada@example.com");
      for (int i = 0; i < 1_000_000; i++) {
        value.put("p" + i, "x");
      }
      assertThatThrownBy(() -> map(mapper(), null, value))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("more than 50 properties: HubSpot accepts at most 50 per occurrence");
    }
  }

  /** Defect 9: every identifier is bounded before any pattern, and no check is quadratic. */
  @Nested
  class LongIdentifiers {
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void megabyteEmailOfDots() {
      String email = "a@" + ".".repeat(1 << 20) + "@";
      assertThatThrownBy(() -> map(mapper(), null, Map.of("email", email)))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("email has 1048579 characters: HubSpot accepts at most 254");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void longestEmailOfDotsIsCheckedInOnePass() {
      String email = "a@" + ".".repeat(250) + "@x";
      assertThatThrownBy(() -> map(mapper(), null, Map.of("email", email)))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("email is not a valid email address");
    }

    @Test
    void everyIdentifierIsBounded() {
      String longest = "x".repeat(256);
      Completion ok = map(mapper("uuid.source", "field", "uuid.field", "id"), null,
          Map.of("objectId", longest, "utk", longest, "id", longest));
      assertThat(ok.objectId()).isEqualTo(longest);
      assertThatThrownBy(() -> map(mapper(), null, Map.of("objectId", longest + "x")))
          .hasMessage("objectId has 257 characters: HubSpot accepts at most 256");
      assertThatThrownBy(() -> map(mapper(), null, Map.of("utk", longest + "x")))
          .hasMessage("utk has 257 characters: HubSpot accepts at most 256");
      assertThatThrownBy(() -> map(mapper("uuid.source", "field", "uuid.field", "id"), null,
          Map.of("objectId", "1", "id", longest + "x")))
          .hasMessage("uuid has 257 characters: HubSpot accepts at most 256");
      assertThatThrownBy(() -> map(mapper("event.name.field", "type"), null,
          Map.of("objectId", "1", "type", "pe1234567_" + "x".repeat(1 << 20))))
          .hasMessage("event name has 1048586 characters: HubSpot internal names are at most 128");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void megabytePropertyNameIsNotEchoed() {
      String name = "a".repeat(1 << 20);
      assertThatThrownBy(() -> map(mapper(), null, withEmail(name, "x")))
          .isInstanceOf(InvalidRecordException.class)
          .hasMessage("property 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'"
              + " (1048576 characters) is not a valid HubSpot internal name (must match"
              + " [a-z][a-z0-9_]*, at most 50 characters)");
    }

    @Test
    void controlAndDirectionCharactersOfANameAreNotEchoed() {
      assertThatThrownBy(() -> map(mapper(), null, withEmail("a\nb\u202Ec", "x")))
          .hasMessage("property 'a?b?c' is not a valid HubSpot internal name (must match"
              + " [a-z][a-z0-9_]*, at most 50 characters)");
    }
  }

  @Test
  void aTombstoneIsStillSkipped() {
    assertThat(mapper().map(record(null, null))).isEqualTo(Optional.empty());
  }
}
