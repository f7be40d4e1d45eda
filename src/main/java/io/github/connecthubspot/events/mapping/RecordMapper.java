package io.github.connecthubspot.events.mapping;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.NullValueBehavior;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.UndefinedPropertyBehavior;
import io.github.connecthubspot.events.config.SourcePath;
import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.EventDefinition;
import io.github.connecthubspot.events.model.EventDefinition.PropertyDefinition;
import io.github.connecthubspot.events.model.EventDefinitions;
import io.github.connecthubspot.events.model.PropertyMap;
import io.github.connecthubspot.events.model.PropertyNames;
import io.github.connecthubspot.events.model.PropertyRules;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a {@link SinkRecord} (a Struct from any schema'd converter, or a schemaless Map) to a
 * {@link Completion} that keeps HubSpot's rules, or throws {@link InvalidRecordException} saying
 * which field broke which rule. Every field setting reads the record's value, key or a header
 * ({@link RecordSource}).
 *
 * <p>When the portal's definition of the record's event is known ({@link EventDefinitions}, looked
 * up once per record by its final event name), the properties the event defines are formatted and
 * checked by their type ({@link TypedValues}), a property it does not define follows {@code
 * behavior.on.undefined.property}, and an event on another object than contacts needs an objectId.
 * An event the portal does not have refuses the record; an unknown definition leaves the generic
 * rules only.
 */
public final class RecordMapper {
  private static final Logger log = LoggerFactory.getLogger(RecordMapper.class);

  private final String connectorName;
  private final NullValueBehavior onNull;
  private final Optional<RecordSource> eventNameField;
  private final Optional<String> eventName;
  private final Map<String, String> eventNamesByTopic;
  private final Optional<RecordSource> emailField;
  private final Optional<RecordSource> objectIdField;
  private final Optional<RecordSource> utkField;
  private final HubSpotSinkConnectorConfig.OccurredAtSource occurredAtSource;
  private final Optional<RecordSource> occurredAtField;
  private final HubSpotSinkConnectorConfig.UuidSource uuidSource;
  private final Optional<RecordSource> uuidField;
  private final Optional<RecordSource> propertiesField;
  private final List<String> headerProperties;
  private final Set<String> include;
  private final Set<String> exclude;
  private final Map<String, String> rename;
  private final Map<String, String> staticProperties;
  private final Set<String> usedTopLevelFields = new HashSet<>();
  /** Whether any setting reads the record's value (then it must be a Struct or a Map). */
  private final boolean readsValue;
  private final PropertyNameStyler nameStyle;
  /**
   * Whether the distinct keys of one Map always become distinct properties: no rename and no name
   * style, which could make two of them one.
   */
  private final boolean sourceNamesStayDistinct;
  private final UndefinedPropertyBehavior onUndefined;
  private final EventDefinitions definitions;
  private final HubSpotRules rules;
  private final AtomicLong droppedUndefined = new AtomicLong();

  /** A mapper that knows no event definitions: HubSpot's generic rules only. */
  public RecordMapper(HubSpotSinkConnectorConfig config) {
    this(config, EventDefinitions.NONE);
  }

  /** A mapper that formats and checks properties by the portal's {@code definitions}. */
  public RecordMapper(HubSpotSinkConnectorConfig config, EventDefinitions definitions) {
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
    this.propertiesField = config.propertiesField().map(RecordSource::of);
    this.headerProperties = List.copyOf(config.propertiesHeaders());
    this.include = Set.copyOf(config.propertiesInclude());
    this.exclude = Set.copyOf(config.propertiesExclude());
    this.rename = config.propertiesRename();
    this.staticProperties = config.staticProperties();
    this.nameStyle = new PropertyNameStyler(config.propertiesNameStyle());
    this.sourceNamesStayDistinct = rename.isEmpty() && !nameStyle.changesNames();
    this.onUndefined = config.behaviorOnUndefinedProperty();
    this.definitions = definitions;
    this.rules = new HubSpotRules(config.portalId());
    this.readsValue = propertiesField.map(p -> p.origin() == SourcePath.Origin.VALUE).orElse(true)
        || Stream.of(eventNameField, emailField, objectIdField, utkField, occurredAtField, uuidField)
            .anyMatch(s -> s.isPresent() && s.get().origin() == SourcePath.Origin.VALUE);
  }

  private Optional<RecordSource> used(Optional<String> setting) {
    Optional<RecordSource> source = setting.map(RecordSource::of);
    source.map(RecordSource::topLevelValueField).ifPresent(usedTopLevelFields::add);
    return source;
  }

  /**
   * How many properties were left out so far because the event's definition does not have them
   * and {@code behavior.on.undefined.property=drop}; for the task's metrics. Thread-safe.
   */
  public long droppedUndefinedProperties() {
    return droppedUndefined.get();
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
    if (value == null) {
      if (onNull == NullValueBehavior.IGNORE) {
        return Optional.empty();
      }
      throw new InvalidRecordException(
          "record value is null (a tombstone) and behavior.on.null.values=fail");
    }
    if (readsValue && !(value instanceof Struct) && !(value instanceof Map)) {
      throw new InvalidRecordException("record value is a " + typeOf(value)
          + ", not a Struct or a Map: use a converter that yields structured values"
          + " (e.g. JsonConverter, AvroConverter)");
    }
    Completion.Builder c = Completion.builder();
    reading[0] = "event name";
    String name = eventName(record);
    c.eventName(name);
    EventDefinition definition = definition(name);
    reading[0] = "email";
    String email = identifier(emailField, record);
    reading[0] = "objectId";
    String objectId = identifier(objectIdField, record);
    reading[0] = "utk";
    String utk = identifier(utkField, record);
    if (definition != null && !definition.onContacts() && !definition.customMatching()) {
      if (objectId == null) {
        throw new InvalidRecordException("event " + PropertyRules.quoted(name) + " is defined on "
            + PropertyRules.quoted(definition.primaryObject()) + " objects, which HubSpot matches"
            + " by objectId only (email and utk identify contacts): the record has no objectId"
            + objectIdField.map(f -> " (field '" + f + "' is absent or empty)")
                .orElse(" (identifier.object.id.field is empty)"));
      }
      email = null; // they identify contacts only: never sent for another object
      utk = null;
    }
    c.email(email).objectId(objectId).utk(utk);
    reading[0] = "occurredAt";
    c.occurredAt(occurredAt(record));
    reading[0] = "uuid";
    c.uuid(uuid(record));
    reading[0] = "properties";
    c.takeProperties(properties(record, name, definition));
    Completion completion = c.build();
    reading[0] = "occurrence against HubSpot's rules";
    Optional<String> broken = rules.check(completion);
    if (broken.isPresent()) {
      throw new InvalidRecordException(broken.get());
    }
    return Optional.of(completion);
  }

  /**
   * The portal's definition of event {@code name}, or null when it is not known; refuses a name
   * HubSpot's rules refuse (before asking for its definition) and an event the portal lacks.
   */
  private EventDefinition definition(String name) {
    if (definitions == EventDefinitions.NONE) {
      return null;
    }
    Optional<String> badName = rules.checkEventName(name);
    if (badName.isPresent()) {
      throw new InvalidRecordException(badName.get());
    }
    EventDefinitions.Lookup lookup = definitions.lookup(name);
    if (lookup.isMissing()) {
      throw new InvalidRecordException("event " + PropertyRules.quoted(name) + " is not defined in"
          + " the portal (HubSpot has no definition of that name): check "
          + (eventNameField.isPresent() ? "event.name.field ('" + eventNameField.get() + "'), " : "")
          + "event.name and event.name.topic.mapping");
    }
    return lookup.definition();
  }

  private String eventName(SinkRecord record) {
    if (eventNameField.isPresent()) {
      Optional<String> fromField = text(eventNameField.get(), record);
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

  private Optional<String> text(RecordSource source, SinkRecord record) {
    return Optional.ofNullable(textOrNull(source, record));
  }

  /** The field's value as text, or null when it is missing. */
  private String textOrNull(RecordSource source, SinkRecord record) {
    FieldPath.Located located = source.locate(record);
    if (located == null) {
      return null;
    }
    Object v = located.value;
    if (v instanceof String) {
      return (String) v;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return v.toString();
    }
    if (v instanceof BigInteger) {
      int max = HubSpotRules.MAX_IDENTIFIER_LENGTH;
      if (ValueFormatter.surelyMoreDigits(((BigInteger) v).bitLength(), max)) {
        throw new InvalidRecordException("field '" + source + "' is a number of more than " + max
            + " digits: HubSpot accepts at most " + max + " characters");
      }
      return v.toString();
    }
    throw new InvalidRecordException("field '" + source + "' is a " + typeOf(v)
        + ", expected a string");
  }

  private String identifier(Optional<RecordSource> field, SinkRecord record) {
    if (field.isEmpty()) {
      return null;
    }
    return trimmedText(field.get(), record);
  }

  /** The field's text trimmed, or null when it is missing or blank; no Optional per lookup. */
  private String trimmedText(RecordSource source, SinkRecord record) {
    String s = textOrNull(source, record);
    if (s == null) {
      return null;
    }
    s = s.trim();
    return s.isEmpty() ? null : s;
  }

  private String occurredAt(SinkRecord record) {
    switch (occurredAtSource) {
      case RECORD_TIMESTAMP:
        Long ts = record.timestamp();
        if (ts != null && ts > TimeValues.LARGEST_EPOCH_MILLIS) {
          throw new InvalidRecordException("record timestamp is after the year 9999");
        }
        return ts == null || ts < 0 ? null : TimeValues.isoMillis(ts);
      case FIELD:
        RecordSource field = occurredAtField.orElseThrow();
        FieldPath.Located located = field.locate(record);
        if (located == null) {
          throw new InvalidRecordException("occurredAt field '" + field + "' is missing");
        }
        try {
          return TimeValues.instant(located.value, located.schema).toString();
        } catch (TimeValues.NotATime e) {
          throw new InvalidRecordException("occurredAt field '" + field + "' " + e.getMessage());
        }
      default:
        return null;
    }
  }

  private String uuid(SinkRecord record) {
    switch (uuidSource) {
      case RECORD_COORDINATES:
        return EventUuids.fromCoordinates(connectorName, record.originalTopic(),
            record.originalKafkaPartition(), record.originalKafkaOffset());
      case FIELD:
        RecordSource field = uuidField.orElseThrow();
        return text(field, record).map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(
            () -> new InvalidRecordException("uuid field '" + field + "' is missing or empty"));
      default:
        return null;
    }
  }

  private PropertyMap properties(SinkRecord record, String event,
      EventDefinition definition) {
    Object source = record.value();
    Schema sourceSchema = record.valueSchema();
    boolean nested = propertiesField.isPresent();
    if (nested) {
      RecordSource field = propertiesField.get();
      FieldPath.Located located = field.locate(record);
      if (located == null) {
        source = Map.of();
        sourceSchema = null;
      } else if (located.value instanceof Struct || located.value instanceof Map) {
        source = located.value;
        sourceSchema = located.schema;
      } else {
        throw new InvalidRecordException("properties field '" + field + "' is a "
            + typeOf(located.value) + ", expected a Struct or a Map");
      }
    }
    PropertyMap result = new PropertyMap();
    if (source instanceof Struct) {
      Struct struct = (Struct) source;
      for (Field f : struct.schema().fields()) {
        if (selected(nested, f.name())) {
          add(result, record, event, definition, f.name(), struct.get(f), f.schema(), false);
        }
      }
    } else {
      Schema valueSchema = FieldPath.elementSchema(sourceSchema, Schema.Type.MAP);
      // A HashMap's keys are distinct (a Struct's schema or another Map may hold a name twice)
      boolean distinct = sourceNamesStayDistinct && source instanceof java.util.HashMap;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) source).entrySet()) {
        Object key = e.getKey();
        if (key instanceof String) {
          if (selected(nested, (String) key)) {
            add(result, record, event, definition, (String) key, e.getValue(), valueSchema,
                distinct);
          }
        } else if (include.isEmpty()) {
          throw new InvalidRecordException("a property name is " + (key == null ? "null"
              : "a " + typeOf(key)) + " (a map key): HubSpot property names are strings");
        }
      }
    }
    if (!headerProperties.isEmpty()) {
      for (String header : headerProperties) {
        FieldPath.Located located = RecordSource.header(record, header);
        if (located != null) {
          add(result, record, event, definition, header, located.value, located.schema, false);
        }
      }
    }
    if (!staticProperties.isEmpty()) {
      for (Map.Entry<String, String> p : staticProperties.entrySet()) {
        addStatic(result, record, event, definition, p.getKey(), p.getValue());
      }
    }
    return result;
  }

  /** Whether a field of the properties' source becomes a property. */
  private boolean selected(boolean nested, String name) {
    return !((!nested && usedTopLevelFields.contains(name)) || exclude.contains(name)
        || (!include.isEmpty() && !include.contains(name)));
  }

  /**
   * Adds a field or header {@code name} of {@code record} as a property: renamed, or else written
   * in the name style, then formatted by the event's {@code definition} (null when unknown); stops
   * at the first property past HubSpot's limit, so a record of a million fields is not formatted a
   * million times. {@code distinctName}: no property of that name can be there yet, so it is not
   * looked for.
   */
  private void add(PropertyMap result, SinkRecord record, String event,
      EventDefinition definition, String name, Object value, Schema schema, boolean distinctName) {
    String renamed = rename.get(name);
    String target = renamed != null ? renamed : nameStyle.apply(name);
    PropertyDefinition defined = null;
    if (definition != null) {
      defined = definition.property(target);
      if (defined == null && !DefaultEventProperties.contains(target)
          && undefined(record, event, target)) {
        return;
      }
    }
    String formatted = format(target, defined, value, schema);
    if (formatted == null) {
      return;
    }
    if (distinctName) {
      result.append(target, formatted); // a HashMap's keys: distinct, and kept so
    } else if (result.put(target, formatted) != null) {
      throw new InvalidRecordException("property " + PropertyRules.quoted(target) + " comes"
          + " from two fields or headers (the second is " + PropertyRules.quoted(name) + ")"
          + " after properties.rename and properties.name.style, and HubSpot would keep only"
          + " one of them: rename or exclude one (properties.rename, properties.exclude)");
    }
    if (result.size() > HubSpotRules.MAX_PROPERTIES) {
      throw new InvalidRecordException(HubSpotRules.moreThanMaxProperties());
    }
  }

  /** Adds a property of {@code properties.static}, over a field of the same name. */
  private void addStatic(PropertyMap result, SinkRecord record, String event,
      EventDefinition definition, String name, String value) {
    PropertyDefinition defined = null;
    if (definition != null) {
      defined = definition.property(name);
      if (defined == null && !DefaultEventProperties.contains(name)
          && undefined(record, event, name)) {
        return;
      }
    }
    result.put(name, defined == null ? value : format(name, defined, value, null));
  }

  /**
   * Applies {@code behavior.on.undefined.property} to property {@code target}, which the
   * definition of {@code event} lacks: refuses the record, or answers whether to leave it out.
   */
  private boolean undefined(SinkRecord record, String event, String target) {
    switch (onUndefined) {
      case DROP:
        droppedUndefined.incrementAndGet();
        if (log.isDebugEnabled()) {
          log.debug("{}-{}@{}: left out property {}, which event {} does not define"
                  + " (behavior.on.undefined.property=drop)", record.topic(),
              record.kafkaPartition(), record.kafkaOffset(), PropertyRules.quoted(target),
              PropertyRules.quoted(event));
        }
        return true;
      case SEND:
        return false;
      default:
        throw new InvalidRecordException("property " + PropertyRules.quoted(target) + " is not"
            + " defined for event " + PropertyRules.quoted(event) + " in the portal: define it"
            + " in HubSpot, leave the field out (properties.exclude, properties.include), or set"
            + " behavior.on.undefined.property=drop");
    }
  }

  /** {@code value} as property {@code target}'s string, by its definition when it has one. */
  private static String format(String target, PropertyDefinition defined, Object value,
      Schema schema) {
    if (defined == null && value instanceof String) {
      return (String) value; // text as it is (ValueFormatter's first rule); its length is checked later
    }
    try {
      return defined == null
          ? ValueFormatter.format(value, schema, PropertyNames.maxValueLength(target))
          : TypedValues.format(defined, target, value, schema);
    } catch (ValueFormatter.Unformattable e) {
      if (e.length() >= 0) {
        throw new InvalidRecordException(PropertyRules.valueTooLong(target, e.length()));
      }
      if (e.longerThanLimit()) {
        throw new InvalidRecordException(PropertyRules.valueLongerThanLimit(target));
      }
      throw new InvalidRecordException((defined == null ? "property " + PropertyRules.quoted(target)
          : TypedValues.subject(target, defined.type())) + ": " + e.getMessage());
    }
  }

  /** A reader's name for a value's type: List, Map, Struct, or the class's simple name. */
  static String typeOf(Object v) {
    return ValueFormatter.typeName(v);
  }
}
