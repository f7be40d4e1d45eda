package io.github.connecthubspot.events.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValueFormatterTest {

  static Stream<Arguments> formatted() {
    Schema nested = SchemaBuilder.struct().field("city", Schema.STRING_SCHEMA)
        .field("zip", Schema.OPTIONAL_INT32_SCHEMA).build();
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("city", "Lyon");
    map.put("tags", List.of("a", "b"));
    return Stream.of(
        Arguments.of("text", "Sweepstakes Sign Up", Schema.STRING_SCHEMA, "Sweepstakes Sign Up"),
        Arguments.of("int8", (byte) -8, Schema.INT8_SCHEMA, "-8"),
        Arguments.of("int16", (short) 300, Schema.INT16_SCHEMA, "300"),
        Arguments.of("int32", 6091051, Schema.INT32_SCHEMA, "6091051"),
        Arguments.of("int64", 9007199254740993L, Schema.INT64_SCHEMA, "9007199254740993"),
        Arguments.of("big integer", new BigInteger("123456789012345678901234567890"), null,
            "123456789012345678901234567890"),
        Arguments.of("decimal", new BigDecimal("1E+3"), Decimal.schema(-3), "1000"),
        Arguments.of("decimal keeps its scale", new BigDecimal("19.90"), Decimal.schema(2), "19.90"),
        Arguments.of("tiny decimal", new BigDecimal("1E-7"), Decimal.schema(7), "0.0000001"),
        Arguments.of("float", 0.1f, Schema.FLOAT32_SCHEMA, "0.1"),
        Arguments.of("double", 2.5, Schema.FLOAT64_SCHEMA, "2.5"),
        Arguments.of("large double without exponent", 1.5e20, Schema.FLOAT64_SCHEMA, "150000000000000000000"),
        Arguments.of("small double without exponent", 1.5e-7, Schema.FLOAT64_SCHEMA, "0.00000015"),
        Arguments.of("whole double", 3.0, Schema.FLOAT64_SCHEMA, "3"),
        Arguments.of("boolean true", true, Schema.BOOLEAN_SCHEMA, "true"),
        Arguments.of("boolean false", false, Schema.BOOLEAN_SCHEMA, "false"),
        Arguments.of("Connect Date at midnight UTC", new java.util.Date(1714521600000L), Date.SCHEMA,
            "1714521600000"),
        Arguments.of("Connect Timestamp", new java.util.Date(1714564800123L), Timestamp.SCHEMA,
            "1714564800123"),
        Arguments.of("array of strings", List.of("LANDING_PAGE", "BLOG_POST"),
            SchemaBuilder.array(Schema.STRING_SCHEMA).build(), "LANDING_PAGE;BLOG_POST"),
        Arguments.of("array of numbers, nulls left out", Arrays.asList(1, null, 3),
            SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).build(), "1;3"),
        Arguments.of("nested struct as compact JSON", new Struct(nested).put("city", "Lyon"), nested,
            "{\"city\":\"Lyon\",\"zip\":null}"),
        Arguments.of("nested map as compact JSON", map, null, "{\"city\":\"Lyon\",\"tags\":[\"a\",\"b\"]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formatted")
  void formats(String type, Object value, Schema schema, String expected) throws Exception {
    assertThat(ValueFormatter.format(value, schema, 1024)).isEqualTo(expected);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(Double.NaN, Schema.FLOAT64_SCHEMA,
            "value NaN is not a valid HubSpot number (digits with at most one decimal point)"),
        Arguments.of(Double.POSITIVE_INFINITY, Schema.FLOAT64_SCHEMA,
            "value Infinity is not a valid HubSpot number (digits with at most one decimal point)"),
        Arguments.of(Float.NEGATIVE_INFINITY, Schema.FLOAT32_SCHEMA,
            "value -Infinity is not a valid HubSpot number (digits with at most one decimal point)"),
        Arguments.of(new byte[] {1, 2}, Schema.BYTES_SCHEMA, "bytes have no HubSpot property type"),
        Arguments.of(ByteBuffer.wrap(new byte[] {1}), Schema.BYTES_SCHEMA, "bytes have no HubSpot property type"),
        Arguments.of(new java.util.Date(3_600_000L), Time.SCHEMA,
            "a Connect Time (time of day) has no HubSpot property type"),
        Arguments.of(List.of(List.of("a")), null,
            "an array of arrays, maps or structs has no HubSpot property type"),
        Arguments.of(List.of("a;b"), null,
            "an array element contains ';', HubSpot's separator of enumeration options"),
        Arguments.of('c', null, "a Character has no HubSpot property type"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("refused")
  void refuses(Object value, Schema schema, String reason) {
    assertThatThrownBy(() -> ValueFormatter.format(value, schema, 1024))
        .isInstanceOf(ValueFormatter.Unformattable.class)
        .hasMessage(reason);
  }

  @Test
  void nullIsLeftOut() throws Exception {
    assertThat(ValueFormatter.format(null, Schema.OPTIONAL_STRING_SCHEMA, 256)).isNull();
  }

  @Test
  void plainLengthIsTheLengthOfThePlainString() {
    for (long unscaled : new long[] {0, 1, -1, 9, 10, -99, 123, -45600, Long.MAX_VALUE, Long.MIN_VALUE}) {
      for (int scale = -25; scale <= 25; scale++) {
        BigDecimal value = BigDecimal.valueOf(unscaled, scale);
        assertThat(ValueFormatter.plainLength(value)).as("%s", value)
            .isEqualTo(value.toPlainString().length());
      }
    }
  }

  @Test
  void aNumberTooLongIsMeasuredNotBuilt() {
    assertThatThrownBy(() -> ValueFormatter.format(new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE),
        Decimal.schema(Integer.MIN_VALUE), 256))
        .isInstanceOfSatisfying(ValueFormatter.Unformattable.class,
            e -> assertThat(e.length()).isEqualTo(2_147_483_649L));
    assertThatThrownBy(() -> ValueFormatter.format(BigInteger.TEN.pow(400), null, 256))
        .isInstanceOfSatisfying(ValueFormatter.Unformattable.class,
            e -> assertThat(e.longerThanLimit()).isTrue());
    assertThat(ValueFormatter.surelyMoreDigits(BigInteger.TEN.pow(256).bitLength(), 256)).isFalse();
  }
}
