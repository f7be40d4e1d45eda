package io.github.connecthubspot.events.mapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** A dotted path ({@code user.email}) into nested Structs and Maps. */
final class FieldPath {
  private final String path;
  private final List<String> segments;

  private FieldPath(String path) {
    this.path = path;
    this.segments = List.of(path.split("\\.", -1));
  }

  static FieldPath of(String path) {
    if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw new IllegalArgumentException("'" + path + "' is not a field path");
    }
    return new FieldPath(path);
  }

  String path() {
    return path;
  }

  /** The name of the value's top-level field this path starts at. */
  String root() {
    return segments.get(0);
  }

  boolean isTopLevel() {
    return segments.size() == 1;
  }

  /** The value at this path with its schema (null when schemaless), or empty when absent or null. */
  Optional<Located> locate(Object value, Schema schema) {
    Object current = value;
    Schema currentSchema = schema;
    for (String segment : segments) {
      if (current instanceof Struct) {
        Struct struct = (Struct) current;
        Field field = struct.schema().field(segment);
        if (field == null) {
          return Optional.empty();
        }
        current = struct.get(field);
        currentSchema = field.schema();
      } else if (current instanceof Map) {
        current = get((Map<?, ?>) current, segment);
        currentSchema = elementSchema(currentSchema, Schema.Type.MAP);
      } else {
        return Optional.empty();
      }
      if (current == null) {
        return Optional.empty();
      }
    }
    return Optional.of(new Located(current, currentSchema));
  }

  /**
   * The value schema of {@code container} when it is a schema of {@code type} (a MAP or an ARRAY),
   * else null: a schema that does not describe its value (a Map under a STRING schema, a List
   * under an INT32 one) is treated as absent, never asked for a value schema it does not have.
   */
  static Schema elementSchema(Schema container, Schema.Type type) {
    return container != null && container.type() == type ? container.valueSchema() : null;
  }

  /** {@code map.get(key)}, or null where the map cannot hold a String key (a sorted map of numbers). */
  private static Object get(Map<?, ?> map, String key) {
    try {
      return map.get(key);
    } catch (ClassCastException | NullPointerException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return path;
  }

  /** A value found at a path, with its Connect schema when the record has one. */
  static final class Located {
    final Object value;
    final Schema schema;

    Located(Object value, Schema schema) {
      this.value = value;
      this.schema = schema;
    }
  }
}
