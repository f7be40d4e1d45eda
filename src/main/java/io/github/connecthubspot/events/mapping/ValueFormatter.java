package io.github.connecthubspot.events.mapping;

import io.github.connecthubspot.events.model.JsonEscapes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;

/**
 * Turns a Connect value into the string HubSpot stores: text as is; integers; decimals and floats
 * in plain notation; booleans; {@code Date} and {@code Timestamp} as epoch milliseconds; arrays of
 * scalars joined by {@code ;} (an enumeration); nested Structs and Maps as compact JSON. Bytes,
 * {@code Time} and other types have no HubSpot property type.
 *
 * <p>The work is bounded by the longest value HubSpot keeps for the property ({@code maxLength}
 * code points): a number is measured before its plain form is built, an array or a nested value
 * is written only until it is surely longer (which also bounds the elements walked, even of a list
 * shared many times over), and nesting deeper than {@link #MAX_DEPTH} (a map inside itself) is
 * refused. Only a value that passes here can still be too long by a little; {@link HubSpotRules}
 * then counts it exactly.
 */
final class ValueFormatter {
  /** The deepest nesting of Structs, Maps and arrays written as JSON. */
  static final int MAX_DEPTH = 32;
  /** The most elements of an array walked for an enumeration (nulls included). */
  static final int MAX_ELEMENTS = 10_000;
  /**
   * The {@code maxLength} from which a plain {@code Double.toString} is surely short enough (it has
   * at most 25 chars), so it is trimmed as text instead of through a {@code BigDecimal}.
   */
  private static final int PLAIN_DECIMAL_LIMIT = 32;

  private ValueFormatter() {}

  /**
   * Why a value cannot be sent; the caller adds which field it was. A value too long for HubSpot
   * carries its length ({@link #length()}, exact) or only that it is longer than the limit
   * ({@link #longerThanLimit()}), so the caller can word it as {@link HubSpotRules} does.
   */
  static final class Unformattable extends Exception {
    private static final long serialVersionUID = 1L;
    private final long length;
    private final boolean longerThanLimit;

    Unformattable(String reason) {
      this(reason, -1, false);
    }

    private Unformattable(String reason, long length, boolean longerThanLimit) {
      super(reason, null, false, false);
      this.length = length;
      this.longerThanLimit = longerThanLimit;
    }

    static Unformattable tooLong(long length) {
      return new Unformattable("value has " + length + " characters", length, false);
    }

    static Unformattable longerThan(int maxLength) {
      return new Unformattable("value has more than " + maxLength + " characters", -1, true);
    }

    /** The exact length of a value too long, or -1. */
    long length() {
      return length;
    }

    /** Whether the value is known only to be longer than the limit. */
    boolean longerThanLimit() {
      return longerThanLimit;
    }
  }

  /**
   * The HubSpot string for {@code value}, or null for a null value (left out). {@code schema} may
   * be null or may not describe the value (then it is ignored); {@code maxLength} is the most code
   * points HubSpot keeps for the property.
   */
  static String format(Object value, Schema schema, int maxLength) throws Unformattable {
    if (value == null) {
      return null;
    }
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof Byte || value instanceof Short || value instanceof Integer
        || value instanceof Long) {
      return value.toString();
    }
    if (value instanceof BigInteger) {
      return integer((BigInteger) value, maxLength);
    }
    if (value instanceof BigDecimal) {
      return plain((BigDecimal) value, maxLength);
    }
    if (value instanceof Float || value instanceof Double) {
      return decimal(((Number) value).doubleValue(), value.toString(), maxLength);
    }
    if (value instanceof Date) {
      if (schema != null && Time.LOGICAL_NAME.equals(schema.name())) {
        throw new Unformattable("a Connect Time (time of day) has no HubSpot property type");
      }
      // Connect Date values are already at midnight UTC; Timestamp and schemaless Dates are instants.
      return Long.toString(((Date) value).getTime());
    }
    if (value instanceof byte[] || value instanceof ByteBuffer) {
      throw new Unformattable("bytes have no HubSpot property type");
    }
    if (value instanceof Collection) {
      return enumeration((Collection<?>) value,
          FieldPath.elementSchema(schema, Schema.Type.ARRAY), maxLength);
    }
    if (value instanceof Struct || value instanceof Map) {
      return json(value, maxLength);
    }
    throw new Unformattable("a " + typeName(value) + " has no HubSpot property type");
  }

  /** Whether a number of {@code bitLength} bits surely has more than {@code maxDigits} digits. */
  static boolean surelyMoreDigits(int bitLength, long maxDigits) {
    // A value of b bits is at least 2^(b-1), so it has more than (b-1) * log10(2) > (b-1) / 4 digits.
    return bitLength > 4 * (maxDigits + 1);
  }

  private static String integer(BigInteger value, int maxLength) throws Unformattable {
    if (surelyMoreDigits(value.bitLength(), maxLength)) {
      throw Unformattable.longerThan(maxLength);
    }
    return value.toString();
  }

  /** {@code value.toPlainString()}, measured first and refused when longer than {@code maxLength}. */
  private static String plain(BigDecimal value, int maxLength) throws Unformattable {
    if (surelyMoreDigits(value.unscaledValue().bitLength(), maxLength)) {
      throw Unformattable.longerThan(maxLength);
    }
    long length = plainLength(value);
    if (length > maxLength) {
      throw Unformattable.tooLong(length);
    }
    return value.toPlainString();
  }

  /**
   * The length of {@code value.toPlainString()}, without building it; its unscaled value must be
   * small (its precision is then cheap), while its scale may be anything.
   */
  static long plainLength(BigDecimal value) {
    long scale = value.scale();
    if (value.signum() == 0) {
      return scale <= 0 ? 1 : scale + 2;
    }
    long sign = value.signum() < 0 ? 1 : 0;
    long precision = value.precision();
    if (scale <= 0) {
      return sign + precision - scale;
    }
    return sign + (scale >= precision ? scale + 2 : precision + 1);
  }

  private static String decimal(double d, String text, int maxLength) throws Unformattable {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new Unformattable(
          "value " + text + " is not a valid HubSpot number (digits with at most one decimal point)");
    }
    if (maxLength >= PLAIN_DECIMAL_LIMIT && text.indexOf('E') < 0) {
      // Plain already (at most 25 chars, well under the limit): only trailing zeros to strip.
      return stripTrailingZeros(text);
    }
    // At most 17 significant digits: stripping them is cheap, and a negative scale prints as zeros.
    return plain(new BigDecimal(text).stripTrailingZeros(), maxLength);
  }

  /**
   * {@code new BigDecimal(text).stripTrailingZeros().toPlainString()} for a plain decimal text
   * ({@code Double.toString} without an exponent): the fraction's trailing zeros and a bare point
   * dropped, and a negative zero written as {@code 0}.
   */
  private static String stripTrailingZeros(String text) {
    int point = text.indexOf('.');
    if (point < 0) {
      return text;
    }
    int end = text.length();
    while (end > point + 1 && text.charAt(end - 1) == '0') {
      end--;
    }
    if (end == point + 1) {
      end = point;
    }
    String stripped = end == text.length() ? text : text.substring(0, end);
    return "-0".equals(stripped) ? "0" : stripped;
  }

  private static String enumeration(Collection<?> values, Schema elementSchema, int maxLength)
      throws Unformattable {
    StringBuilder joined = new StringBuilder();
    long codePoints = 0;
    int walked = 0;
    for (Object element : values) {
      if (++walked > MAX_ELEMENTS) {
        throw new Unformattable("an array of more than " + MAX_ELEMENTS + " elements has no"
            + " HubSpot property type");
      }
      if (element instanceof Collection || element instanceof Map || element instanceof Struct) {
        throw new Unformattable("an array of arrays, maps or structs has no HubSpot property type");
      }
      String option = format(element, elementSchema, maxLength);
      if (option == null) {
        continue;
      }
      if (option.indexOf(';') >= 0) {
        throw new Unformattable("an array element contains ';', HubSpot's separator of enumeration options");
      }
      codePoints += (joined.length() > 0 ? 1 : 0) + option.codePointCount(0, option.length());
      if (codePoints > maxLength) {
        throw Unformattable.longerThan(maxLength);
      }
      if (joined.length() > 0) {
        joined.append(';');
      }
      joined.append(option);
    }
    return joined.toString();
  }

  /**
   * A Struct or Map as compact JSON (Struct fields in schema order), written only until it is
   * surely longer than {@code maxLength} code points, that is more than twice as many chars. The
   * chars are those of Jackson's {@code WriterBasedJsonGenerator} with its defaults (pinned by
   * {@code ValueFormatterJsonTest}): {@code \"}, {@code \\}, {@code \b \t \n \f \r} and
   * {@code \}{@code u00XX} for the other controls, every other char as it is (lone surrogates too);
   * numbers as their {@code toString}, a non-finite float or double quoted, bytes as quoted base64.
   */
  private static String json(Object value, int maxLength) throws Unformattable {
    StringBuilder out = new StringBuilder(64);
    new JsonWalk(out, 2L * maxLength, maxLength).write(value, 1);
    return out.toString();
  }

  /** One walk of a nested value into JSON, bounded in depth and in chars written. */
  private static final class JsonWalk {

    private final StringBuilder out;
    private final long maxChars;
    private final int maxLength;

    JsonWalk(StringBuilder out, long maxChars, int maxLength) {
      this.out = out;
      this.maxChars = maxChars;
      this.maxLength = maxLength;
    }

    void write(Object value, int depth) throws Unformattable {
      if (value instanceof Struct || value instanceof Map || value instanceof Collection) {
        if (depth > MAX_DEPTH) {
          throw new Unformattable("nests deeper than " + MAX_DEPTH
              + " levels (is a map or list inside itself?)");
        }
      }
      if (value == null) {
        out.append("null");
      } else if (value instanceof Struct) {
        Struct struct = (Struct) value;
        out.append('{');
        boolean first = true;
        for (Field field : struct.schema().fields()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(field.name());
          out.append(':');
          write(struct.get(field), depth + 1);
        }
        out.append('}');
      } else if (value instanceof Map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          String name = checked(key(e.getKey()));
          if (!first) {
            out.append(',');
          }
          first = false;
          string(name);
          out.append(':');
          write(e.getValue(), depth + 1);
        }
        out.append('}');
      } else if (value instanceof Collection) {
        out.append('[');
        boolean first = true;
        for (Object element : (Collection<?>) value) {
          if (!first) {
            out.append(',');
          }
          first = false;
          write(element, depth + 1);
        }
        out.append(']');
      } else {
        scalar(value);
      }
      if (out.length() > maxChars) {
        throw Unformattable.longerThan(maxLength);
      }
    }

    private void scalar(Object value) throws Unformattable {
      if (value instanceof String || value instanceof Character || value instanceof UUID) {
        string(checked(value.toString()));
      } else if (value instanceof Boolean) {
        out.append(((Boolean) value).booleanValue());
      } else if (value instanceof Byte || value instanceof Short || value instanceof Integer
          || value instanceof Long) {
        out.append(((Number) value).longValue());
      } else if (value instanceof BigInteger) {
        BigInteger big = (BigInteger) value;
        if (surelyMoreDigits(big.bitLength(), maxChars)) {
          throw Unformattable.longerThan(maxLength);
        }
        out.append(big.toString());
      } else if (value instanceof BigDecimal) {
        BigDecimal big = (BigDecimal) value;
        if (surelyMoreDigits(big.unscaledValue().bitLength(), maxChars)) {
          throw Unformattable.longerThan(maxLength);
        }
        out.append(big.toString());
      } else if (value instanceof Float) {
        number(Float.toString((Float) value), Float.isFinite((Float) value));
      } else if (value instanceof Double) {
        number(Double.toString((Double) value), Double.isFinite((Double) value));
      } else if (value instanceof Date) {
        out.append(((Date) value).getTime());
      } else if (value instanceof byte[]) {
        binary(checked((byte[]) value));
      } else if (value instanceof ByteBuffer) {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        if (buffer.remaining() > maxChars) {
          throw Unformattable.longerThan(maxLength);
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        binary(bytes);
      } else {
        throw new Unformattable("a " + typeName(value) + " has no HubSpot property type");
      }
    }

    /** A float or double: its text, quoted when it is NaN or infinite (as Jackson does). */
    private void number(String text, boolean finite) {
      if (finite) {
        out.append(text);
      } else {
        out.append('"').append(text).append('"');
      }
    }

    private void binary(byte[] bytes) {
      out.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
    }

    /** {@code s} as a quoted JSON string, with Jackson's escapes. */
    private void string(String s) {
      out.append('"');
      int n = s.length();
      int plainFrom = 0;
      for (int i = 0; i < n; i++) {
        char ch = s.charAt(i);
        if (ch >= 128 || JsonEscapes.of(ch) == 0) {
          continue;
        }
        out.append(s, plainFrom, i);
        plainFrom = i + 1;
        char escape = (char) JsonEscapes.of(ch);
        out.append('\\');
        if (escape == 'u') {
          out.append("u00").append((char) JsonEscapes.hex(ch >> 4))
              .append((char) JsonEscapes.hex(ch & 0xf));
        } else {
          out.append(escape);
        }
      }
      if (plainFrom == 0) {
        out.append(s); // no escape: one bulk copy (append of a range copies char by char)
      } else {
        out.append(s, plainFrom, n);
      }
      out.append('"');
    }

    /** A map key as a JSON name: text and simple scalars as their text, null as "null". */
    private String key(Object key) throws Unformattable {
      if (key == null || key instanceof String || key instanceof Character
          || key instanceof Boolean || key instanceof Byte || key instanceof Short
          || key instanceof Integer || key instanceof Long || key instanceof UUID) {
        return String.valueOf(key);
      }
      throw new Unformattable("a map key is a " + typeName(key) + ": JSON names are text");
    }

    private String checked(String text) throws Unformattable {
      if (text.length() > maxChars) {
        throw Unformattable.longerThan(maxLength);
      }
      return text;
    }

    private byte[] checked(byte[] bytes) throws Unformattable {
      if (bytes.length > maxChars) {
        throw Unformattable.longerThan(maxLength);
      }
      return bytes;
    }
  }

  /** A reader's name for a value's type: List, Map, Struct, or the class's simple name. */
  static String typeName(Object v) {
    if (v instanceof Collection) {
      return "List";
    }
    if (v instanceof Map) {
      return "Map";
    }
    if (v instanceof Struct) {
      return "Struct";
    }
    String simple = v.getClass().getSimpleName();
    return simple.isEmpty() ? v.getClass().getName() : simple;
  }
}
