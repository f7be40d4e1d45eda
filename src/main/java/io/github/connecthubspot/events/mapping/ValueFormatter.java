package io.github.connecthubspot.events.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;

/**
 * Turns a Connect value into the string HubSpot stores: text as is; integers; decimals and floats
 * in plain notation; booleans; {@code Date} and {@code Timestamp} as epoch milliseconds; arrays of
 * scalars joined by {@code ;} (an enumeration); nested Structs and Maps as compact JSON. Bytes,
 * {@code Time} and other types have no HubSpot property type.
 */
final class ValueFormatter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ValueFormatter() {}

  /** Why a value cannot be sent; the caller adds which field it was. */
  static final class Unformattable extends Exception {
    private static final long serialVersionUID = 1L;

    Unformattable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The HubSpot string for {@code value}, or null for a null value (left out). */
  static String format(Object value, Schema schema) throws Unformattable {
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
        || value instanceof Long || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    if (value instanceof Float || value instanceof Double) {
      return decimal(((Number) value).doubleValue(), value.toString());
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
      return enumeration((Collection<?>) value, schema == null ? null : schema.valueSchema());
    }
    if (value instanceof Struct || value instanceof Map) {
      try {
        return JSON.writeValueAsString(plain(value));
      } catch (JsonProcessingException e) {
        throw new Unformattable("could not be written as JSON: " + e.getOriginalMessage());
      }
    }
    throw new Unformattable("a " + value.getClass().getSimpleName() + " has no HubSpot property type");
  }

  private static String decimal(double d, String text) throws Unformattable {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new Unformattable(
          "value " + text + " is not a valid HubSpot number (digits with at most one decimal point)");
    }
    BigDecimal plain = new BigDecimal(text).stripTrailingZeros();
    return plain.scale() < 0 ? plain.setScale(0).toPlainString() : plain.toPlainString();
  }

  private static String enumeration(Collection<?> values, Schema elementSchema) throws Unformattable {
    List<String> options = new ArrayList<>(values.size());
    for (Object element : values) {
      if (element instanceof Collection || element instanceof Map || element instanceof Struct) {
        throw new Unformattable("an array of arrays, maps or structs has no HubSpot property type");
      }
      String option = format(element, elementSchema);
      if (option == null) {
        continue;
      }
      if (option.indexOf(';') >= 0) {
        throw new Unformattable("an array element contains ';', HubSpot's separator of enumeration options");
      }
      options.add(option);
    }
    return String.join(";", options);
  }

  /** A Struct as nested Maps (in field order), so Jackson writes it as an object. */
  private static Object plain(Object value) {
    if (value instanceof Struct) {
      Struct struct = (Struct) value;
      Map<String, Object> map = new LinkedHashMap<>();
      for (Field field : struct.schema().fields()) {
        map.put(field.name(), plain(struct.get(field)));
      }
      return map;
    }
    if (value instanceof Map) {
      Map<Object, Object> map = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        map.put(String.valueOf(e.getKey()), plain(e.getValue()));
      }
      return map;
    }
    if (value instanceof Collection) {
      List<Object> list = new ArrayList<>();
      for (Object o : (Collection<?>) value) {
        list.add(plain(o));
      }
      return list;
    }
    if (value instanceof Date) {
      return ((Date) value).getTime();
    }
    if (value instanceof ByteBuffer) {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    }
    return value;
  }
}
