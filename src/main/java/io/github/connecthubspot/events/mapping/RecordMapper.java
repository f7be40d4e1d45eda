package io.github.connecthubspot.events.mapping;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.NullValueBehavior;
import io.github.connecthubspot.events.model.Completion;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Maps a {@link SinkRecord} (a Struct from any schema'd converter, or a schemaless Map) to a
 * {@link Completion} that keeps HubSpot's rules, or throws {@link InvalidRecordException} saying
 * which field broke which rule.
 */
public final class RecordMapper {
  /** Epoch milliseconds below this (1973-03-03) are almost surely seconds. */
  static final long SMALLEST_EPOCH_MILLIS = 100_000_000_000L;

  private final String connectorName;
  private final NullValueBehavior onNull;
  private final Optional<FieldPath> eventNameField;
  private final Optional<String> eventName;
  private final Map<String, String> eventNamesByTopic;
  private final Optional<FieldPath> emailField;
  private final Optional<FieldPath> objectIdField;
  private final Optional<FieldPath> utkField;
  private final HubSpotSinkConnectorConfig.OccurredAtSource occurredAtSource;
  private final Optional<FieldPath> occurredAtField;
  private final HubSpotSinkConnectorConfig.UuidSource uuidSource;
  private final Optional<FieldPath> uuidField;
  private final Optional<FieldPath> propertiesField;
  private final Set<String> include;
  private final Set<String> exclude;
  private final Map<String, String> rename;
  private final Map<String, String> staticProperties;
  private final Set<String> usedTopLevelFields = new HashSet<>();
  private final HubSpotRules rules;

  public RecordMapper(HubSpotSinkConnectorConfig config) {
    this.connectorName = config.connectorName();
    this.onNull = config.behaviorOnNullValues();
    this.eventNameField = used(config.eventNameField());
    this.eventName = config.eventName();
    this.eventNamesByTopic = config.eventNamesByTopic();
    this.emailField = used(config.emailField());
    this.objectIdField = used(config.objectIdField());
    this.utkField = used(config.utkField());
    this.occurredAtSource = config.occurredAtSource();
    this.occurredAtField = occurredAtSource == HubSpotSinkConnectorConfig.OccurredAtSource.FIELD
        ? used(config.occurredAtField()) : Optional.empty();
    this.uuidSource = config.uuidSource();
    this.uuidField = uuidSource == HubSpotSinkConnectorConfig.UuidSource.FIELD
        ? used(config.uuidField()) : Optional.empty();
    this.propertiesField = config.propertiesField().map(FieldPath::of);
    this.include = Set.copyOf(config.propertiesInclude());
    this.exclude = Set.copyOf(config.propertiesExclude());
    this.rename = config.propertiesRename();
    this.staticProperties = config.staticProperties();
    this.rules = new HubSpotRules(config.portalId());
  }

  private Optional<FieldPath> used(Optional<String> path) {
    Optional<FieldPath> field = path.map(FieldPath::of);
    field.filter(FieldPath::isTopLevel).ifPresent(f -> usedTopLevelFields.add(f.root()));
    return field;
  }

  /**
   * The occurrence for {@code record}; empty for a tombstone that {@code
   * behavior.on.null.values=ignore} skips.
   */
  public Optional<Completion> map(SinkRecord record) {
    Object value = record.value();
    Schema schema = record.valueSchema();
    if (value == null) {
      if (onNull == NullValueBehavior.IGNORE) {
        return Optional.empty();
      }
      throw new InvalidRecordException(
          "record value is null (a tombstone) and behavior.on.null.values=fail");
    }
    if (!(value instanceof Struct) && !(value instanceof Map)) {
      throw new InvalidRecordException("record value is a " + typeOf(value)
          + ", not a Struct or a Map: use a converter that yields structured values"
          + " (e.g. JsonConverter, AvroConverter)");
    }
    Completion.Builder c = Completion.builder()
        .eventName(eventName(record, value, schema))
        .email(identifier(emailField, value, schema))
        .objectId(identifier(objectIdField, value, schema))
        .utk(identifier(utkField, value, schema))
        .occurredAt(occurredAt(record, value, schema))
        .uuid(uuid(record, value, schema))
        .properties(properties(value, schema));
    Completion completion = c.build();
    Optional<String> broken = rules.check(completion);
    if (broken.isPresent()) {
      throw new InvalidRecordException(broken.get());
    }
    return Optional.of(completion);
  }

  private String eventName(SinkRecord record, Object value, Schema schema) {
    if (eventNameField.isPresent()) {
      Optional<String> fromField = text(eventNameField.get(), value, schema);
      if (fromField.isPresent() && !fromField.get().isBlank()) {
        return fromField.get().trim();
      }
    }
    if (eventName.isPresent()) {
      return eventName.get();
    }
    String byTopic = eventNamesByTopic.get(record.topic());
    if (byTopic != null) {
      return byTopic;
    }
    StringBuilder why = new StringBuilder("no event name:");
    eventNameField.ifPresent(f -> why.append(" field '").append(f).append("' is absent or empty"));
    if (!eventNamesByTopic.isEmpty()) {
      why.append(eventNameField.isPresent() ? " and" : "").append(" topic '").append(record.topic())
          .append("' has no entry in event.name.topic.mapping");
    }
    throw new InvalidRecordException(why.toString());
  }

  private Optional<String> text(FieldPath path, Object value, Schema schema) {
    Optional<FieldPath.Located> located = path.locate(value, schema);
    if (located.isEmpty()) {
      return Optional.empty();
    }
    Object v = located.get().value;
    if (v instanceof String) {
      return Optional.of((String) v);
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      return Optional.of(v.toString());
    }
    throw new InvalidRecordException("field '" + path + "' is a " + typeOf(v)
        + ", expected a string");
  }

  private String identifier(Optional<FieldPath> field, Object value, Schema schema) {
    if (field.isEmpty()) {
      return null;
    }
    return text(field.get(), value, schema).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
  }

  private String occurredAt(SinkRecord record, Object value, Schema schema) {
    switch (occurredAtSource) {
      case RECORD_TIMESTAMP:
        Long ts = record.timestamp();
        return ts == null || ts < 0 ? null : Instant.ofEpochMilli(ts).toString();
      case FIELD:
        FieldPath field = occurredAtField.orElseThrow();
        FieldPath.Located located = field.locate(value, schema).orElseThrow(
            () -> new InvalidRecordException("occurredAt field '" + field + "' is missing"));
        return instant(field, located.value).toString();
      default:
        return null;
    }
  }

  private static Instant instant(FieldPath field, Object v) {
    if (v instanceof Date) {
      return ((Date) v).toInstant();
    }
    if (v instanceof Long || v instanceof Integer || v instanceof BigInteger
        || (v instanceof BigDecimal && ((BigDecimal) v).stripTrailingZeros().scale() <= 0)) {
      long millis = ((Number) v).longValue();
      if (millis < SMALLEST_EPOCH_MILLIS) {
        throw new InvalidRecordException("occurredAt field '" + field + "' is before 1973 as epoch"
            + " milliseconds: is it in seconds? (expected epoch milliseconds)");
      }
      return Instant.ofEpochMilli(millis);
    }
    if (v instanceof String) {
      String s = ((String) v).trim();
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        // try the next form
      }
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        // try the next form
      }
      try {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        throw new InvalidRecordException("occurredAt field '" + field
            + "' is not an ISO-8601 date-time (e.g. 2024-05-01T12:00:00Z)");
      }
    }
    throw new InvalidRecordException("occurredAt field '" + field + "' is a "
        + typeOf(v) + ": expected a Timestamp, a Date, epoch milliseconds or an"
        + " ISO-8601 string");
  }

  private String uuid(SinkRecord record, Object value, Schema schema) {
    switch (uuidSource) {
      case RECORD_COORDINATES:
        return EventUuids.fromCoordinates(connectorName, record.originalTopic(),
            record.originalKafkaPartition(), record.originalKafkaOffset());
      case FIELD:
        FieldPath field = uuidField.orElseThrow();
        return text(field, value, schema).map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(
            () -> new InvalidRecordException("uuid field '" + field + "' is missing or empty"));
      default:
        return null;
    }
  }

  private Map<String, String> properties(Object value, Schema schema) {
    Object source = value;
    Schema sourceSchema = schema;
    boolean nested = propertiesField.isPresent();
    if (nested) {
      FieldPath field = propertiesField.get();
      Optional<FieldPath.Located> located = field.locate(value, schema);
      if (located.isEmpty()) {
        source = Map.of();
        sourceSchema = null;
      } else if (located.get().value instanceof Struct || located.get().value instanceof Map) {
        source = located.get().value;
        sourceSchema = located.get().schema;
      } else {
        throw new InvalidRecordException("properties field '" + field + "' is a "
            + typeOf(located.get().value) + ", expected a Struct or a Map");
      }
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, FieldPath.Located> entry : fields(source, sourceSchema).entrySet()) {
      String name = entry.getKey();
      if ((!nested && usedTopLevelFields.contains(name)) || exclude.contains(name)
          || (!include.isEmpty() && !include.contains(name))) {
        continue;
      }
      String target = rename.getOrDefault(name, name);
      String formatted;
      try {
        formatted = ValueFormatter.format(entry.getValue().value, entry.getValue().schema);
      } catch (ValueFormatter.Unformattable e) {
        throw new InvalidRecordException("property '" + target + "': " + e.getMessage());
      }
      if (formatted != null) {
        result.put(target, formatted);
      }
    }
    result.putAll(staticProperties);
    return result;
  }

  /** The direct fields of a Struct (in schema order) or the entries of a Map. */
  private static Map<String, FieldPath.Located> fields(Object source, Schema schema) {
    Map<String, FieldPath.Located> fields = new LinkedHashMap<>();
    if (source instanceof Struct) {
      Struct struct = (Struct) source;
      List<Field> schemaFields = struct.schema().fields();
      for (Field f : schemaFields) {
        fields.put(f.name(), new FieldPath.Located(struct.get(f), f.schema()));
      }
    } else {
      Schema valueSchema = schema == null ? null : schema.valueSchema();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) source).entrySet()) {
        fields.put(String.valueOf(e.getKey()), new FieldPath.Located(e.getValue(), valueSchema));
      }
    }
    return fields;
  }

  /** A reader's name for a value's type: List, Map, Struct, or the class's simple name. */
  static String typeOf(Object v) {
    if (v instanceof java.util.Collection) {
      return "List";
    }
    if (v instanceof Map) {
      return "Map";
    }
    if (v instanceof Struct) {
      return "Struct";
    }
    return v.getClass().getSimpleName();
  }
}
