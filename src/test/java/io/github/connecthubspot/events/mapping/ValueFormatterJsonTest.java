package io.github.connecthubspot.events.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * Nested values are written as JSON with exactly the chars (and the refusals) of the former
 * Jackson-based walk, kept here as {@link Reference}: random maps, lists and Structs of random text
 * (every ASCII char, controls, non-ASCII, surrogate pairs and lone surrogates), numbers of every
 * kind, non-finite floats, bytes, and limits small enough to refuse some of them.
 */
class ValueFormatterJsonTest {
  private static final JsonFactory JSON = new JsonFactory();

  /** The former ValueFormatter.json: Jackson's WriterBasedJsonGenerator into a StringWriter. */
  private static final class Reference {
    private final JsonGenerator gen;
    private final StringWriter out;
    private final long maxChars;
    private final int maxLength;

    private Reference(JsonGenerator gen, StringWriter out, long maxChars, int maxLength) {
      this.gen = gen;
      this.out = out;
      this.maxChars = maxChars;
      this.maxLength = maxLength;
    }

    static String json(Object value, int maxLength) {
      StringWriter out = new StringWriter();
      try (JsonGenerator gen = JSON.createGenerator(out)) {
        new Reference(gen, out, 2L * maxLength, maxLength).write(value, 1);
      } catch (IOException e) {
        return "could not be written as JSON";
      } catch (ValueFormatter.Unformattable e) {
        return "! " + e.getMessage();
      }
      return out.toString();
    }

    void write(Object value, int depth) throws IOException, ValueFormatter.Unformattable {
      if (value instanceof Struct || value instanceof Map || value instanceof Collection) {
        if (depth > ValueFormatter.MAX_DEPTH) {
          throw new ValueFormatter.Unformattable("nests deeper than " + ValueFormatter.MAX_DEPTH
              + " levels (is a map or list inside itself?)");
        }
      }
      if (value == null) {
        gen.writeNull();
      } else if (value instanceof Struct) {
        Struct struct = (Struct) value;
        gen.writeStartObject();
        for (Field field : struct.schema().fields()) {
          gen.writeFieldName(field.name());
          write(struct.get(field), depth + 1);
        }
        gen.writeEndObject();
      } else if (value instanceof Map) {
        gen.writeStartObject();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          gen.writeFieldName(checked(key(e.getKey())));
          write(e.getValue(), depth + 1);
        }
        gen.writeEndObject();
      } else if (value instanceof Collection) {
        gen.writeStartArray();
        for (Object element : (Collection<?>) value) {
          write(element, depth + 1);
        }
        gen.writeEndArray();
      } else {
        scalar(value);
      }
      if (out.getBuffer().length() + (long) gen.getOutputBuffered() > maxChars) {
        throw longerThan();
      }
    }

    private ValueFormatter.Unformattable longerThan() {
      return new ValueFormatter.Unformattable("value has more than " + maxLength + " characters");
    }

    private void scalar(Object value) throws IOException, ValueFormatter.Unformattable {
      if (value instanceof String || value instanceof Character || value instanceof UUID) {
        gen.writeString(checked(value.toString()));
      } else if (value instanceof Boolean) {
        gen.writeBoolean((Boolean) value);
      } else if (value instanceof Byte || value instanceof Short || value instanceof Integer
          || value instanceof Long) {
        gen.writeNumber(((Number) value).longValue());
      } else if (value instanceof BigInteger) {
        BigInteger big = (BigInteger) value;
        if (ValueFormatter.surelyMoreDigits(big.bitLength(), maxChars)) {
          throw longerThan();
        }
        gen.writeNumber(big);
      } else if (value instanceof BigDecimal) {
        BigDecimal big = (BigDecimal) value;
        if (ValueFormatter.surelyMoreDigits(big.unscaledValue().bitLength(), maxChars)) {
          throw longerThan();
        }
        gen.writeNumber(big);
      } else if (value instanceof Float) {
        gen.writeNumber((Float) value);
      } else if (value instanceof Double) {
        gen.writeNumber((Double) value);
      } else if (value instanceof Date) {
        gen.writeNumber(((Date) value).getTime());
      } else if (value instanceof byte[]) {
        gen.writeBinary(checked((byte[]) value));
      } else if (value instanceof ByteBuffer) {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        if (buffer.remaining() > maxChars) {
          throw longerThan();
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        gen.writeBinary(bytes);
      } else {
        throw new ValueFormatter.Unformattable(
            "a " + ValueFormatter.typeName(value) + " has no HubSpot property type");
      }
    }

    private String key(Object key) throws ValueFormatter.Unformattable {
      if (key == null || key instanceof String || key instanceof Character
          || key instanceof Boolean || key instanceof Byte || key instanceof Short
          || key instanceof Integer || key instanceof Long || key instanceof UUID) {
        return String.valueOf(key);
      }
      throw new ValueFormatter.Unformattable(
          "a map key is a " + ValueFormatter.typeName(key) + ": JSON names are text");
    }

    private String checked(String text) throws ValueFormatter.Unformattable {
      if (text.length() > maxChars) {
        throw longerThan();
      }
      return text;
    }

    private byte[] checked(byte[] bytes) throws ValueFormatter.Unformattable {
      if (bytes.length > maxChars) {
        throw longerThan();
      }
      return bytes;
    }
  }

  private static String actual(Object value, int maxLength) {
    try {
      return ValueFormatter.format(value, null, maxLength);
    } catch (ValueFormatter.Unformattable e) {
      return "! " + e.getMessage();
    }
  }

  private static void same(Object value, int maxLength) {
    assertThat(actual(value, maxLength)).isEqualTo(Reference.json(value, maxLength));
  }

  private static char randomChar(SplittableRandom r) {
    switch (r.nextInt(6)) {
      case 0:
        return (char) r.nextInt(0x20);
      case 1:
      case 2:
        return (char) r.nextInt(0x80);
      case 3:
        return (char) r.nextInt(0x80, 0x800);
      case 4:
        return (char) r.nextInt(0xD800, 0xE000); // a half of a pair, often alone
      default:
        return (char) r.nextInt(0x10000);
    }
  }

  private static String randomText(SplittableRandom r) {
    int n = r.nextInt(4) == 0 ? r.nextInt(200) : r.nextInt(12);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(8) == 0) {
        b.appendCodePoint(r.nextInt(0x10000, 0x110000)); // a whole pair
      } else {
        b.append(randomChar(r));
      }
    }
    return b.toString();
  }

  private static Object randomKey(SplittableRandom r) {
    switch (r.nextInt(12)) {
      case 0:
        return null;
      case 1:
        return randomChar(r);
      case 2:
        return r.nextInt();
      case 3:
        return r.nextBoolean();
      case 4:
        return new UUID(r.nextLong(), r.nextLong());
      case 5:
        return r.nextInt(50) == 0 ? 1.5 : r.nextLong(); // now and then a key that is refused
      default:
        return randomText(r);
    }
  }

  private static Object randomScalar(SplittableRandom r) {
    switch (r.nextInt(20)) {
      case 0:
        return null;
      case 1:
        return r.nextBoolean();
      case 2:
        return (byte) r.nextInt();
      case 3:
        return (short) r.nextInt();
      case 4:
        return r.nextInt();
      case 5:
        return r.nextLong();
      case 6:
        return new BigInteger(r.nextInt(1, 300), new java.util.Random(r.nextLong()))
            .multiply(BigInteger.valueOf(r.nextBoolean() ? 1 : -1));
      case 7:
        return new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(-40, 40));
      case 8: {
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f};
        return r.nextInt(4) == 0 ? special[r.nextInt(special.length)]
            : Float.intBitsToFloat(r.nextInt());
      }
      case 9: {
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
        return r.nextInt(4) == 0 ? special[r.nextInt(special.length)]
            : r.nextBoolean() ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble(-1e8, 1e8);
      }
      case 10:
        return new Date(r.nextLong());
      case 11: {
        byte[] bytes = new byte[r.nextInt(40)];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = (byte) r.nextInt();
        }
        return r.nextBoolean() ? bytes : ByteBuffer.wrap(bytes);
      }
      case 12:
        return new UUID(r.nextLong(), r.nextLong());
      case 13:
        return randomChar(r);
      case 14:
        return r.nextInt(100) == 0 ? new Object() : randomText(r); // now and then a refused type
      default:
        return randomText(r);
    }
  }

  private static Object randomValue(SplittableRandom r, int depth) {
    int kind = depth > 36 ? 3 : r.nextInt(depth < 3 ? 4 : 8);
    switch (kind) {
      case 0: {
        Map<Object, Object> map = new LinkedHashMap<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
          map.put(randomKey(r), randomValue(r, depth + 1));
        }
        return map;
      }
      case 1: {
        List<Object> list = new ArrayList<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
          list.add(randomValue(r, depth + 1));
        }
        return list;
      }
      case 2: {
        int n = r.nextInt(4);
        SchemaBuilder schema = SchemaBuilder.struct();
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
          String name = "f" + i + randomText(r);
          if (r.nextBoolean()) {
            schema.field(name, Schema.OPTIONAL_STRING_SCHEMA);
            values[i] = r.nextBoolean() ? null : randomText(r);
          } else {
            schema.field(name, SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA)
                .optional().build());
            Map<String, Long> map = new LinkedHashMap<>();
            map.put(randomText(r), r.nextBoolean() ? null : r.nextLong());
            values[i] = map;
          }
        }
        Schema built = schema.build();
        Struct struct = new Struct(built);
        for (int i = 0; i < n; i++) {
          struct.put(built.fields().get(i), values[i]);
        }
        return struct;
      }
      case 3:
        return randomScalar(r);
      default:
        return r.nextInt(10) == 0 ? randomValue(r, depth + 10) : randomValue(r, depth + 1);
    }
  }

  @Test
  void randomNestedValuesAreWrittenAsJacksonWroteThem() {
    SplittableRandom r = new SplittableRandom(1403L);
    int[] limits = {0, 1, 5, 20, 60, 200, 1000, 65_536};
    for (int i = 0; i < 20_000; i++) {
      Map<Object, Object> top = new LinkedHashMap<>();
      int n = r.nextInt(1, 5);
      for (int k = 0; k < n; k++) {
        top.put(randomKey(r), randomValue(r, 2));
      }
      same(top, limits[r.nextInt(limits.length)]);
    }
  }

  @Test
  void everyCharInAMapKeyAndValue() {
    for (int c = 0; c < 0x10000; c++) {
      String s = "a" + (char) c + "b";
      Map<String, String> map = new LinkedHashMap<>();
      map.put(s, s);
      map.put("k", String.valueOf((char) c));
      same(map, 65_536);
    }
  }

  @Test
  void aMapInsideItselfAndDeepNesting() {
    Map<String, Object> self = new LinkedHashMap<>();
    self.put("me", self);
    same(self, 65_536);
    Object deep = "x";
    for (int i = 0; i < 40; i++) {
      List<Object> wrapper = new ArrayList<>();
      wrapper.add(deep);
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("d" + i, wrapper);
      deep = map;
      same(deep, 65_536);
      same(deep, 30);
    }
  }
}
