package io.github.connecthubspot.events.mapping;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.EventDefinition;
import io.github.connecthubspot.events.model.EventDefinition.PropertyDefinition;
import io.github.connecthubspot.events.model.EventDefinition.PropertyType;
import io.github.connecthubspot.events.model.EventDefinitions;
import io.github.connecthubspot.events.model.EventDefinitions.Lookup;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** RecordMapper with the portal's event definitions: format by type, undefined properties, objects. */
class RecordMapperDefinitionsTest {
  static final String EVENT = "pe1234567_manually_tracked_event";
  static final String DEAL_EVENT = "pe1234567_deal_moved";
  static final String MATCHED_EVENT = "pe1234567_company_matched";
  static final String CUSTOM_OBJECT_EVENT = "pe1234567_machine_started";
  static final String MISSING_EVENT = "pe1234567_not_there";

  static PropertyDefinition prop(String name, PropertyType type, String... options) {
    return new PropertyDefinition(name, type, new LinkedHashSet<>(Arrays.asList(options)));
  }

  static EventDefinition definition(String name, String primaryObject, boolean customMatching,
      PropertyDefinition... properties) {
    Map<String, PropertyDefinition> byName = new LinkedHashMap<>();
    for (PropertyDefinition p : properties) {
      byName.put(p.name(), p);
    }
    return new EventDefinition(name.substring(name.indexOf('_') + 1), name, primaryObject,
        customMatching, byName);
  }

  /** The portal: four events defined, one missing, any other unknown; counts the lookups. */
  static final class Portal implements EventDefinitions {
    final List<String> lookups = new ArrayList<>();
    final Map<String, EventDefinition> defined = Map.of(
        EVENT, definition(EVENT, null, false,
            prop("plan", PropertyType.ENUMERATION, "free", "pro", "enterprise"),
            prop("amount", PropertyType.NUMBER),
            prop("signed_at", PropertyType.DATETIME),
            prop("trial_end", PropertyType.DATE),
            prop("note", PropertyType.STRING),
            prop("scroll_depth", PropertyType.NUMBER)),
        DEAL_EVENT, definition(DEAL_EVENT, "DEAL", false,
            prop("stage", PropertyType.ENUMERATION, "won", "lost")),
        MATCHED_EVENT, definition(MATCHED_EVENT, "COMPANY", true, prop("domain", PropertyType.STRING)),
        CUSTOM_OBJECT_EVENT, definition(CUSTOM_OBJECT_EVENT, "2-123456", false));

    @Override
    public Lookup lookup(String eventName) {
      lookups.add(eventName);
      if (eventName.equals(MISSING_EVENT)) {
        return Lookup.MISSING;
      }
      EventDefinition d = defined.get(eventName);
      return d == null ? Lookup.UNKNOWN : Lookup.known(d);
    }
  }

  private final Portal portal = new Portal();

  private RecordMapper mapper(String... settings) {
    return new RecordMapper(new HubSpotSinkConnectorConfig(minimal(settings)), portal);
  }

  static SinkRecord record(Schema schema, Object value) {
    return new SinkRecord("page-views", 2, null, null, schema, value, 42L, 1714564800000L,
        TimestampType.CREATE_TIME);
  }

  private static Map<String, Object> value(Object... keyValues) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("email", "ada@example.com");
    for (int i = 0; i < keyValues.length; i += 2) {
      v.put((String) keyValues[i], keyValues[i + 1]);
    }
    return v;
  }

  private static Completion map(RecordMapper m, Object value) {
    return m.map(record(null, value)).orElseThrow();
  }

  @Test
  void formatsEachDefinedPropertyByItsType() {
    Schema schema = SchemaBuilder.struct()
        .field("email", Schema.STRING_SCHEMA)
        .field("plan", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
        .field("amount", Decimal.schema(2))
        .field("signed_at", Timestamp.SCHEMA)
        .field("trial_end", org.apache.kafka.connect.data.Date.SCHEMA)
        .field("note", Schema.INT32_SCHEMA)
        .field("hs_page_title", Schema.STRING_SCHEMA)
        .build();
    Struct struct = new Struct(schema)
        .put("email", "ada@example.com")
        .put("plan", List.of("free", "pro"))
        .put("amount", new BigDecimal("12.50"))
        .put("signed_at", new Date(1714564800123L))
        .put("trial_end", new Date(1714521600000L))
        .put("note", 7)
        .put("hs_page_title", "Home");

    Completion c = mapper().map(record(schema, struct)).orElseThrow();

    assertThat(c.properties()).containsExactly(
        Map.entry("plan", "free;pro"),
        Map.entry("amount", "12.50"),
        Map.entry("signed_at", "1714564800123"),
        Map.entry("trial_end", "1714521600000"),
        Map.entry("note", "7"),
        Map.entry("hs_page_title", "Home"));
    assertThat(portal.lookups).containsExactly(EVENT);

    Completion fromMap = map(mapper(), value("amount", "  -3.5 ", "signed_at", "2024-05-01T12:00:00Z",
        "trial_end", "2024-05-01", "plan", "enterprise"));
    assertThat(fromMap.properties()).containsExactly(
        Map.entry("amount", "-3.5"),
        Map.entry("signed_at", "1714564800000"),
        Map.entry("trial_end", "1714521600000"),
        Map.entry("plan", "enterprise"));
  }

  @Test
  void aValueItsTypeRefusesRefusesThatRecordAlone() {
    RecordMapper m = mapper();
    assertThatThrownBy(() -> map(m, value("amount", "12 units")))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("property 'amount' (number) is a String that is not a plain number: HubSpot"
            + " takes digits with an optional leading '-' and at most one decimal point (no"
            + " exponent, grouping or unit)");
    assertThatThrownBy(() -> map(m, value("plan", "gold")))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("property 'plan' (enumeration): option 'gold' is not one of its options"
            + " 'free', 'pro', 'enterprise' (several are joined by ';')");
    assertThatThrownBy(() -> map(m, value("amount", Double.NaN)))
        .hasMessage("property 'amount' (number): value NaN is not a valid HubSpot number (digits"
            + " with at most one decimal point)");
    assertThatThrownBy(() -> map(m, value("note", "x".repeat(300))))
        .hasMessage("property 'note' value has 300 characters: HubSpot accepts at most 256");
    assertThat(map(m, value("amount", 3)).properties()).containsExactly(Map.entry("amount", "3"));
  }

  @Test
  void undefinedPropertyFailsTheRecordByDefault() {
    assertThatThrownBy(() -> map(mapper(), value("scrollDepth", 3, "plan", "pro")))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("property 'scrollDepth' is not defined for event"
            + " 'pe1234567_manually_tracked_event' in the portal: define it in HubSpot, leave the"
            + " field out (properties.exclude, properties.include), or set"
            + " behavior.on.undefined.property=drop");
  }

  @Test
  void undefinedPropertyDroppedAndCounted() {
    RecordMapper m = mapper("behavior.on.undefined.property", "drop");
    assertThat(m.droppedUndefinedProperties()).isZero();

    Completion c = map(m, value("scrollDepth", 3, "plan", "pro", "hs_page_title", "Home",
        "hs_utm_source", "news"));

    assertThat(c.properties()).containsExactly(Map.entry("plan", "pro"),
        Map.entry("hs_page_title", "Home"), Map.entry("hs_utm_source", "news"));
    assertThat(m.droppedUndefinedProperties()).isEqualTo(1);
    map(m, value("a", 1, "b", 2));
    assertThat(m.droppedUndefinedProperties()).isEqualTo(3);
  }

  @Test
  void undefinedPropertySentAsIs() {
    Completion c = map(mapper("behavior.on.undefined.property", "send"),
        value("scrolled", 3, "plan", "pro"));
    assertThat(c.properties()).containsExactly(Map.entry("scrolled", "3"), Map.entry("plan", "pro"));
  }

  @Test
  void nameStyleThenDefinitionCostsNothingForANewCamelCaseField() {
    RecordMapper m = mapper("properties.name.style", "snake_case",
        "behavior.on.undefined.property", "drop");
    Completion c = map(m, value("scrollDepth", 40, "newFieldFromProducer", "x"));
    assertThat(c.properties()).containsExactly(Map.entry("scroll_depth", "40"));
    assertThat(m.droppedUndefinedProperties()).isEqualTo(1);
  }

  @Test
  void staticPropertiesAreCheckedAndFormattedByTheDefinitionToo() {
    assertThat(map(mapper("properties.static", "plan:pro,trial_end:2024-05-01"), value())
        .properties()).containsExactly(Map.entry("plan", "pro"),
            Map.entry("trial_end", "1714521600000"));
    assertThatThrownBy(() -> map(mapper("properties.static", "plan:gold"), value()))
        .hasMessage("property 'plan' (enumeration): option 'gold' is not one of its options"
            + " 'free', 'pro', 'enterprise' (several are joined by ';')");
    assertThatThrownBy(() -> map(mapper("properties.static", "source:kafka"), value()))
        .hasMessageStartingWith("property 'source' is not defined for event");
    RecordMapper dropping = mapper("properties.static", "source:kafka",
        "behavior.on.undefined.property", "drop");
    assertThat(map(dropping, value("plan", "pro")).properties())
        .containsExactly(Map.entry("plan", "pro"));
    assertThat(dropping.droppedUndefinedProperties()).isEqualTo(1);
  }

  @Test
  void missingEventRefusesEachRecordNamingTheEventAndTheSettings() {
    RecordMapper m = mapper("event.name.field", "type");
    assertThatThrownBy(() -> map(m, value("type", MISSING_EVENT)))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("event 'pe1234567_not_there' is not defined in the portal (HubSpot has no"
            + " definition of that name): check event.name.field ('type'), event.name and"
            + " event.name.topic.mapping");
    assertThat(map(m, value("type", EVENT, "plan", "pro")).eventName()).isEqualTo(EVENT);
    assertThatThrownBy(() -> map(mapper("event.name", MISSING_EVENT), value()))
        .hasMessage("event 'pe1234567_not_there' is not defined in the portal (HubSpot has no"
            + " definition of that name): check event.name and event.name.topic.mapping");
  }

  @Test
  void unknownDefinitionKeepsToTheGenericRules() {
    Completion c = map(mapper("event.name", "pe1234567_unknown_to_us"),
        value("amount", "12 units", "anything", 1));
    assertThat(c.properties()).containsExactly(Map.entry("amount", "12 units"),
        Map.entry("anything", "1"));
    Completion none = new RecordMapper(new HubSpotSinkConnectorConfig(minimal()))
        .map(record(null, value("amount", "12 units"))).orElseThrow();
    assertThat(none.properties()).containsExactly(Map.entry("amount", "12 units"));
  }

  @Test
  void anEventNameHubSpotRefusesIsNeverLookedUp() {
    RecordMapper m = mapper("event.name.field", "type");
    assertThatThrownBy(() -> map(m, value("type", "pe1234567_Bad")))
        .hasMessage("event name 'pe1234567_Bad' must be lower case (HubSpot internal names are)");
    assertThat(portal.lookups).isEmpty();
  }

  @Test
  void eventOnDealsNeedsAnObjectIdAndSendsNoEmailOrUtk() {
    RecordMapper m = mapper("event.name", DEAL_EVENT);
    assertThatThrownBy(() -> map(m, value("utk", "abc", "stage", "won")))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("event 'pe1234567_deal_moved' is defined on 'DEAL' objects, which HubSpot"
            + " matches by objectId only (email and utk identify contacts): the record has no"
            + " objectId (field 'objectId' is absent or empty)");

    Completion c = map(m, value("objectId", 9001L, "utk", "abc", "stage", "won"));
    assertThat(c.objectId()).isEqualTo("9001");
    assertThat(c.email()).isNull();
    assertThat(c.utk()).isNull();
    assertThat(c.properties()).containsExactly(Map.entry("stage", "won"));

    assertThatThrownBy(() -> map(mapper("event.name", DEAL_EVENT, "identifier.object.id.field", ""),
        value("stage", "won")))
        .hasMessageEndingWith("the record has no objectId (identifier.object.id.field is empty)");
  }

  @Test
  void eventOnACustomObjectNeedsAnObjectIdToo() {
    RecordMapper m = mapper("event.name", CUSTOM_OBJECT_EVENT, "behavior.on.undefined.property",
        "drop");
    assertThatThrownBy(() -> map(m, value()))
        .hasMessageStartingWith("event 'pe1234567_machine_started' is defined on '2-123456'"
            + " objects, which HubSpot matches by objectId only");
    assertThat(map(m, value("objectId", "77")).objectId()).isEqualTo("77");
  }

  @Test
  void customMatchingIdRuleLeavesTheIdentifiersAsTheyCome() {
    Completion c = map(mapper("event.name", MATCHED_EVENT), value("domain", "example.com"));
    assertThat(c.email()).isEqualTo("ada@example.com");
    assertThat(c.objectId()).isNull();
    assertThat(c.properties()).containsExactly(Map.entry("domain", "example.com"));
  }

  @Test
  void definitionIsLookedUpOncePerRecord() {
    RecordMapper m = mapper("behavior.on.undefined.property", "drop", "properties.static",
        "plan:pro");
    map(m, value("amount", 1, "note", "n", "x", "y"));
    map(m, value("amount", 2));
    assertThat(portal.lookups).containsExactly(EVENT, EVENT);
  }
}
