package io.github.connecthubspot.events.mapping;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.NullValueBehavior;
import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.PropertyRules;
import io.github.connecthubspot.events.model.PropertyNames;
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
  /** 9999-12-31T23:59:59.999Z: later instants have no four-digit ISO-8601 year. */
  static final long LARGEST_EPOCH_MILLIS = 253_402_300_799_999L;
  private static final Instant FIRST_INSTANT = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");
  /** Longer than any ISO-8601 date-time (with nanoseconds and an offset): not parsed. */
  static final int MAX_DATE_TIME_LENGTH = 64;
  /** A decimal occurredAt of more bits than this has more than 308 digits: not epoch millis. */
  private static final int MAX_OCCURRED_AT_BITS = 1024;
  private static final BigDecimal SMALLEST_EPOCH_MILLIS_DECIMAL =
      BigDecimal.valueOf(SMALLEST_EPOCH_MILLIS);
  private static final BigDecimal LARGEST_EPOCH_MILLIS_DECIMAL =
      BigDecimal.valueOf(LARGEST_EPOCH_MILLIS);

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
   * behavior.on.null.values=ignore} skips. Every failure that belongs to this one record is an
   * {@link InvalidRecordException}: an unforeseen RuntimeException of the mapping too, named by
   * its class and the part of the record being read (never its message, which may quote values).
   */
  public Optional<Completion> map(SinkRecord record) {
    String[] reading = {"value"};
    try {
      return map(record, reading);
    } catch (InvalidRecordException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidRecordException("the record could not be mapped: "
          + ValueFormatter.typeName(e) + " while reading its " + reading[0]);
    }
  }

  private Optional<Completion> map(SinkRecord record, String[] reading) {
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
    Completion.Builder c = Completion.builder();
    reading[0] = "event name";
    c.eventName(eventName(record, value, schema));
    reading[0] = "email";
    c.email(identifier(emailField, value, schema));
    reading[0] = "objectId";
    c.objectId(identifier(objectIdField, value, schema));
    reading[0] = "utk";
    c.utk(identifier(utkField, value, schema));
    reading[0] = "occurredAt";
    c.occurredAt(occurredAt(record, value, schema));
    reading[0] = "uuid";
    c.uuid(uuid(record, value, schema));
    reading[0] = "properties";
    c.properties(properties(value, schema));
    Completion completion = c.build();
    reading[0] = "occurrence against HubSpot's rules";
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
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return Optional.of(v.toString());
    }
    if (v instanceof BigInteger) {
      int max = HubSpotRules.MAX_IDENTIFIER_LENGTH;
      if (ValueFormatter.surelyMoreDigits(((BigInteger) v).bitLength(), max)) {
        throw new InvalidRecordException("field '" + path + "' is a number of more than " + max
            + " digits: HubSpot accepts at most " + max + " characters");
      }
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
        if (ts != null && ts > LARGEST_EPOCH_MILLIS) {
          throw new InvalidRecordException("record timestamp is after the year 9999");
        }
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
      return inRange(field, ((Date) v).toInstant());
    }
    if (v instanceof Long || v instanceof Integer) {
      return epochMillis(field, ((Number) v).longValue());
    }
    if (v instanceof BigInteger) {
      BigInteger millis = (BigInteger) v;
      if (millis.bitLength() > 63) {
        return epochMillis(field, millis.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
      }
      return epochMillis(field, millis.longValue());
    }
    if (v instanceof BigDecimal) {
      return epochMillis(field, (BigDecimal) v);
    }
    if (v instanceof String) {
      String s = ((String) v).trim();
      if (s.length() > MAX_DATE_TIME_LENGTH) {
        throw notIso(field);
      }
      try {
        return inRange(field, OffsetDateTime.parse(s).toInstant());
      } catch (DateTimeParseException e) {
        // try the next form
      }
      try {
        return inRange(field, Instant.parse(s));
      } catch (DateTimeParseException e) {
        // try the next form
      }
      try {
        return inRange(field, LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant());
      } catch (DateTimeParseException e) {
        throw notIso(field);
      }
    }
    throw new InvalidRecordException("occurredAt field '" + field + "' is a "
        + typeOf(v) + ": expected a Timestamp, a Date, epoch milliseconds or an"
        + " ISO-8601 string");
  }

  private static InvalidRecordException notIso(FieldPath field) {
    return new InvalidRecordException("occurredAt field '" + field
        + "' is not an ISO-8601 date-time (e.g. 2024-05-01T12:00:00Z)");
  }

  private static Instant inRange(FieldPath field, Instant instant) {
    if (instant.isBefore(FIRST_INSTANT) || instant.isAfter(LAST_INSTANT)) {
      throw new InvalidRecordException("occurredAt field '" + field
          + "' is outside the years 0000 to 9999");
    }
    return instant;
  }

  private static Instant epochMillis(FieldPath field, long millis) {
    if (millis > LARGEST_EPOCH_MILLIS) {
      throw new InvalidRecordException("occurredAt field '" + field + "' is after the year 9999 as"
          + " epoch milliseconds");
    }
    if (millis < SMALLEST_EPOCH_MILLIS) {
      throw new InvalidRecordException("occurredAt field '" + field + "' is before 1973 as epoch"
          + " milliseconds: is it in seconds? (expected epoch milliseconds)");
    }
    return Instant.ofEpochMilli(millis);
  }

  /**
   * A decimal of epoch milliseconds, compared with the range before it is ever rescaled: its scale
   * may be anything (-2^31 included), so only its bounded unscaled value is worked on.
   */
  private static Instant epochMillis(FieldPath field, BigDecimal millis) {
    if (millis.unscaledValue().bitLength() > MAX_OCCURRED_AT_BITS) {
      throw new InvalidRecordException("occurredAt field '" + field + "' is a number of more than"
          + " 308 digits: expected epoch milliseconds");
    }
    if (millis.compareTo(LARGEST_EPOCH_MILLIS_DECIMAL) > 0) {
      return epochMillis(field, Long.MAX_VALUE);
    }
    if (millis.compareTo(SMALLEST_EPOCH_MILLIS_DECIMAL) < 0) {
      return epochMillis(field, Long.MIN_VALUE);
    }
    try {
      return epochMillis(field, millis.longValueExact());
    } catch (ArithmeticException e) {
      throw new InvalidRecordException("occurredAt field '" + field + "' is not whole epoch"
          + " milliseconds");
    }
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
    if (source instanceof Struct) {
      Struct struct = (Struct) source;
      for (Field f : struct.schema().fields()) {
        addProperty(result, nested, f.name(), struct.get(f), f.schema());
      }
    } else {
      Schema valueSchema = FieldPath.elementSchema(sourceSchema, Schema.Type.MAP);
      for (Map.Entry<?, ?> e : ((Map<?, ?>) source).entrySet()) {
        Object key = e.getKey();
        if (key instanceof String) {
          addProperty(result, nested, (String) key, e.getValue(), valueSchema);
        } else if (include.isEmpty()) {
          throw new InvalidRecordException("a property name is " + (key == null ? "null"
              : "a " + typeOf(key)) + " (a map key): HubSpot property names are strings");
        }
      }
    }
    result.putAll(staticProperties);
    return result;
  }

  /**
   * Adds one field of the value as a property unless it is used elsewhere, excluded or not
   * included; stops at the first property past HubSpot's limit, so a record of a million fields
   * is not formatted a million times.
   */
  private void addProperty(Map<String, String> result, boolean nested, String name, Object value,
      Schema schema) {
    if ((!nested && usedTopLevelFields.contains(name)) || exclude.contains(name)
        || (!include.isEmpty() && !include.contains(name))) {
      return;
    }
    String target = rename.getOrDefault(name, name);
    String formatted;
    try {
      formatted = ValueFormatter.format(value, schema, PropertyNames.maxValueLength(target));
    } catch (ValueFormatter.Unformattable e) {
      if (e.length() >= 0) {
        throw new InvalidRecordException(PropertyRules.valueTooLong(target, e.length()));
      }
      if (e.longerThanLimit()) {
        throw new InvalidRecordException(PropertyRules.valueLongerThanLimit(target));
      }
      throw new InvalidRecordException("property " + PropertyRules.quoted(target) + ": "
          + e.getMessage());
    }
    if (formatted != null) {
      result.put(target, formatted);
      if (result.size() > HubSpotRules.MAX_PROPERTIES) {
        throw new InvalidRecordException(HubSpotRules.moreThanMaxProperties());
      }
    }
  }

  /** A reader's name for a value's type: List, Map, Struct, or the class's simple name. */
  static String typeOf(Object v) {
    return ValueFormatter.typeName(v);
  }
}
