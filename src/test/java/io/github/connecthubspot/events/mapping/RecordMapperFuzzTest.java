package io.github.connecthubspot.events.mapping;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.EventDefinition;
import io.github.connecthubspot.events.model.EventDefinitions;
import io.github.connecthubspot.events.model.PropertyNames;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of {@link RecordMapper#map}: arbitrary Connect schemas and values (every
 * primitive and logical type, optional and required, nested Structs, Maps and arrays, schemas that
 * do not match their values, deep and cyclic nesting, huge strings and odd Unicode, Struct and
 * schemaless forms, tombstones) under several mapper configurations. The property: {@code map}
 * returns a Completion or throws {@link InvalidRecordException}, nothing else; a refusal is a short
 * stackless message that quotes no value; every Completion serializes with the client's writer
 * to JSON that re-parses to the same Completion and keeps HubSpot's limits.
 *
 * <p>Seeded and reproducible: {@code -Dfuzz.seed=N} changes the seed, {@code -Dfuzz.cases=N} the
 * number of cases, {@code -Dfuzz.case=I} runs only case I (as a failure names it). A hand-written
 * generator rather than a property-testing library: no shrinking, but each failure prints the case
 * it was, and the cases are small.
 */
class RecordMapperFuzzTest {
  private static final String DEAL_EVENT = "pe1234567_deal_moved";
  private static final long SEED = Long.getLong("fuzz.seed", 0x5EEDC0FFEEL);
  private static final int CASES = Integer.getInteger("fuzz.cases", 12_000);
  private static final int ONLY_CASE = Integer.getInteger("fuzz.case", -1);
  /** Put in generated values (never in names or event names): no message may quote it. */
  private static final String MARKER = "S3CRET";

  private static final ObjectWriter CLIENT_WRITER = new ObjectMapper().writerFor(Completion.class);
  private static final ObjectMapper READER = new ObjectMapper();

  private static final List<String[]> CONFIGS = List.of(
      new String[] {},
      new String[] {"properties.field", "props", "event.name.field", "type"},
      new String[] {"occurred.at.source", "field", "occurred.at.field", "at",
          "uuid.source", "field", "uuid.field", "id"},
      new String[] {"properties.field", "props", "event.name.field", "type",
          "occurred.at.source", "field", "occurred.at.field", "at", "uuid.source", "field",
          "uuid.field", "id", "identifier.email.field", "user.email", "hubspot.portal.id", "1234567",
          "behavior.on.null.values", "fail"},
      new String[] {"properties.include", "plan,Page_Title,hs_page_url,n,tags,meta",
          "properties.exclude", "n", "properties.rename", "Page_Title:hs_page_title",
          "properties.static", "source:kafka,hs_touchpoint_source:INTEGRATION"},
      new String[] {"event.name", null, "event.name.topic.mapping",
          "page-views:pe1234567_viewed,orders:pe1234567_ordered", "occurred.at.source", "none"},
      new String[] {"identifier.email.field", "user.email", "identifier.object.id.field", "user.id",
          "identifier.utk.field", "user.utk", "properties.field", "user.props", "uuid.source", "none"},
      // with the portal's definitions (DEFINITIONS): the event on contacts, then one on deals
      new String[] {"properties.name.style", "snake_case", "behavior.on.undefined.property", "drop",
          "identifier.email.field", "$value.email", "properties.headers", "source"},
      new String[] {"event.name", DEAL_EVENT, "behavior.on.undefined.property", "send",
          "properties.name.style", "snake_case", "identifier.object.id.field", "$value.objectId"});
  /** The configs from this index on map with {@link #DEFINITIONS}. */
  private static final int FIRST_WITH_DEFINITIONS = 7;
  /**
   * No enumeration: its refusal names the option (bounded), the one value a message may quote,
   * which the MARKER check here would flag.
   */
  private static final EventDefinitions DEFINITIONS = definitions();
  private static final List<RecordMapper> MAPPERS = java.util.stream.IntStream
      .range(0, CONFIGS.size())
      .mapToObj(i -> new RecordMapper(new HubSpotSinkConnectorConfig(minimal(CONFIGS.get(i))),
          i >= FIRST_WITH_DEFINITIONS ? DEFINITIONS : EventDefinitions.NONE))
      .toList();

  private static EventDefinitions definitions() {
    Map<String, EventDefinition.PropertyDefinition> contact = new LinkedHashMap<>();
    contact.put("plan", prop("plan", EventDefinition.PropertyType.NUMBER));
    contact.put("n", prop("n", EventDefinition.PropertyType.DATETIME));
    contact.put("meta", prop("meta", EventDefinition.PropertyType.DATE));
    contact.put("tags", prop("tags", EventDefinition.PropertyType.STRING));
    contact.put("page_title", prop("page_title", EventDefinition.PropertyType.OTHER));
    EventDefinition onContacts = new EventDefinition("manually_tracked_event",
        "pe1234567_manually_tracked_event", null, false, contact);
    EventDefinition onDeals = new EventDefinition("deal_moved", DEAL_EVENT, "DEAL", false,
        Map.of("plan", prop("plan", EventDefinition.PropertyType.NUMBER)));
    return name -> name.equals(DEAL_EVENT) ? EventDefinitions.Lookup.known(onDeals)
        : name.equals(onContacts.fullyQualifiedName()) ? EventDefinitions.Lookup.known(onContacts)
        : name.equals("pe1234567_ordered") ? EventDefinitions.Lookup.MISSING
        : EventDefinitions.Lookup.UNKNOWN;
  }

  private static EventDefinition.PropertyDefinition prop(String name,
      EventDefinition.PropertyType type) {
    return new EventDefinition.PropertyDefinition(name, type, java.util.Set.of());
  }

  private static final List<String> NAMES = List.of(
      "email", "objectId", "utk", "type", "at", "id", "props", "user", "plan", "hs_page_url",
      "hs_page_title", "hs_page_content_type", "hs_touchpoint_source", "tags", "meta", "n",
      "Page_Title", "page_title", "1a", "", "a.b", "x".repeat(51), "caf\u00e9", "\u202Eevil",
      "nul\u0000l", "e\uD83D\uDE00", "lone\uD800");
  private static final String HUGE = "x".repeat(100_000);
  private static final String HUGE_EMAIL = "a@" + ".".repeat(50_000) + "@";

  @Test
  void everyRecordMapsToAValidCompletionOrIsRefusedAsThatRecord() throws Exception {
    int mapped = 0;
    int refused = 0;
    int skipped = 0;
    for (int i = 0; i < CASES; i++) {
      if (ONLY_CASE >= 0 && i != ONLY_CASE) {
        continue;
      }
      Case c = new Gen(new SplittableRandom(SEED + 0x9E3779B97F4A7C15L * i)).nextCase();
      Outcome outcome;
      try {
        outcome = check(c);
      } catch (Throwable t) {
        throw new AssertionError("fuzz case " + i + " (rerun with -Dfuzz.seed=" + SEED
            + " -Dfuzz.case=" + i + "): " + c, t);
      }
      switch (outcome) {
        case MAPPED -> mapped++;
        case REFUSED -> refused++;
        default -> skipped++;
      }
    }
    // One line in the test output: how many cases ran and how they ended.
    System.out.printf("RecordMapperFuzzTest: %d cases (seed %d): %d mapped, %d refused, %d skipped%n",
        mapped + refused + skipped, SEED, mapped, refused, skipped);
    if (ONLY_CASE < 0) {
      assertThat(mapped).as("cases mapped to a Completion").isGreaterThan(CASES / 10);
      assertThat(refused).as("cases refused").isGreaterThan(CASES / 10);
    }
  }

  private enum Outcome { MAPPED, REFUSED, SKIPPED }

  private static Outcome check(Case c) throws Exception {
    Optional<Completion> result;
    try {
      result = c.mapper.map(c.record);
    } catch (InvalidRecordException e) {
      assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(400).doesNotContain(MARKER);
      assertThat(e.getStackTrace()).isEmpty();
      assertThat(e.getCause()).isNull();
      return Outcome.REFUSED;
    }
    if (result.isEmpty()) {
      assertThat(c.record.value()).as("only a tombstone is skipped").isNull();
      return Outcome.SKIPPED;
    }
    Completion completion = result.get();
    if (DEAL_EVENT.equals(completion.eventName()) && c.config >= FIRST_WITH_DEFINITIONS) {
      assertThat(completion.objectId()).as("an event on deals is matched by objectId").isNotBlank();
      assertThat(completion.email()).as("email identifies contacts only").isNull();
      assertThat(completion.utk()).as("utk identifies contacts only").isNull();
    }
    byte[] body = CLIENT_WRITER.writeValueAsBytes(completion);
    JsonNode tree = READER.readTree(body);
    assertThat(tree.isObject()).isTrue();
    assertThat(READER.readValue(body, Completion.class)).isEqualTo(completion);
    assertThat(completion.eventName()).isNotBlank();
    assertThat(codePoints(completion.eventName())).isLessThanOrEqualTo(HubSpotRules.MAX_EVENT_NAME_LENGTH);
    assertThat(Arrays.asList(completion.email(), completion.objectId(), completion.utk()))
        .as("an identifier").anySatisfy(id -> assertThat(id).isNotBlank());
    if (completion.email() != null) {
      assertThat(codePoints(completion.email())).isLessThanOrEqualTo(HubSpotRules.MAX_EMAIL_LENGTH);
    }
    for (String id : Arrays.asList(completion.objectId(), completion.utk(), completion.uuid())) {
      if (id != null) {
        assertThat(codePoints(id)).isLessThanOrEqualTo(HubSpotRules.MAX_IDENTIFIER_LENGTH);
      }
    }
    if (completion.occurredAt() != null) {
      assertThat(completion.occurredAt()).matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z");
    }
    assertThat(completion.properties()).hasSizeLessThanOrEqualTo(HubSpotRules.MAX_PROPERTIES);
    for (Map.Entry<String, String> p : completion.properties().entrySet()) {
      assertThat(p.getKey()).matches("[a-z][a-z0-9_]{0,49}");
      assertThat(p.getValue()).isNotNull();
      assertThat(codePoints(p.getValue())).isLessThanOrEqualTo(PropertyNames.maxValueLength(p.getKey()));
    }
    return Outcome.MAPPED;
  }

  private static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }

  /** One generated record and the mapper it goes through. */
  private static final class Case {
    final int config;
    final RecordMapper mapper;
    final SinkRecord record;
    final String shape;

    Case(int config, SinkRecord record, String shape) {
      this.config = config;
      this.mapper = MAPPERS.get(config);
      this.record = record;
      this.shape = shape;
    }

    /** Names the case without walking its value (which may be cyclic or huge). */
    @Override
    public String toString() {
      Object v = record.value();
      return "config " + Arrays.toString(CONFIGS.get(config)) + ", " + shape + ", topic "
          + record.topic() + ", timestamp " + record.timestamp() + ", value "
          + (v == null ? "null" : v.getClass().getSimpleName() + (v instanceof Map
              ? " with keys " + describeKeys((Map<?, ?>) v) : v instanceof Struct
              ? " of schema " + ((Struct) v).schema().fields().stream().map(f -> f.name() + ":"
                  + f.schema().type()).toList() : ""))
          + ", value schema " + (record.valueSchema() == null ? "none" : record.valueSchema().type());
    }

    private static String describeKeys(Map<?, ?> map) {
      List<String> keys = new ArrayList<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object k = e.getKey();
        Object v = e.getValue();
        keys.add((k instanceof String ? shorten((String) k) : String.valueOf(k == null ? null
            : k.getClass().getSimpleName())) + "=" + (v == null ? "null" : v.getClass().getSimpleName()));
      }
      return keys.toString();
    }

    private static String shorten(String s) {
      return s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
    }
  }

  /** The generator: every choice drawn from one seeded random source. */
  private static final class Gen {
    private static final List<String> VALID_NAMES = List.of("plan", "hs_page_title", "hs_page_url",
        "tags", "meta", "n", "score", "source_link");
    private final SplittableRandom r;
    /** Whether this case draws mostly values and names that map (so Completions get checked too). */
    private boolean benign;

    Gen(SplittableRandom r) {
      this.r = r;
    }

    private boolean chance(int percent) {
      return r.nextInt(100) < percent;
    }

    private <T> T pick(List<T> options) {
      return options.get(r.nextInt(options.size()));
    }

    Case nextCase() {
      benign = chance(40);
      int config = r.nextInt(CONFIGS.size());
      String topic = pick(List.of("page-views", "orders", "unmapped"));
      Long timestamp = chance(85) ? Long.valueOf(1714564800000L) : pick(Arrays.asList(null, -1L, 0L,
          Long.MAX_VALUE, 253402300799999L, 253402300800000L));
      String shape;
      Schema schema;
      Object value;
      int form = r.nextInt(100);
      if (form < 4) {
        shape = "tombstone";
        schema = chance(50) ? null : schema(0);
        value = null;
      } else if (form < 8) {
        shape = "not structured";
        schema = chance(50) ? null : schema(1);
        value = scalar();
      } else if (form < 50) {
        shape = "struct";
        schema = topSchema();
        value = structFor(schema, 0);
      } else if (form < 85) {
        shape = "schemaless map";
        schema = null;
        value = topMap(0);
      } else if (form < 93) {
        shape = "map under a schema that does not describe it";
        schema = chance(30) ? topSchema() : schema(0);
        value = topMap(0);
      } else {
        shape = "struct under another schema";
        Schema own = topSchema();
        value = structFor(own, 0);
        schema = schema(0);
      }
      if (value instanceof Map && chance(10)) {
        shape += ", cyclic";
        makeCyclic(value);
      }
      SinkRecord record = new SinkRecord(topic, r.nextInt(4), null, null, schema, value,
          r.nextLong(0, Long.MAX_VALUE), timestamp, TimestampType.CREATE_TIME);
      if (config >= FIRST_WITH_DEFINITIONS && chance(50)) {
        shape += ", header source";
        record.headers().add("source", scalar(), null); // properties.headers=source
      }
      return new Case(config, record, shape);
    }

    @SuppressWarnings("unchecked")
    private void makeCyclic(Object value) {
      Map<String, Object> map = (Map<String, Object>) value;
      if (chance(50)) {
        map.put(pick(List.of("meta", "props", "user", "plan")), map);
      } else {
        List<Object> list = new ArrayList<>();
        Map<String, Object> inner = new HashMap<>();
        inner.put("back", list);
        list.add(inner);
        list.add(map);
        map.put(pick(List.of("meta", "tags", "props")), list);
      }
    }

    // ---- schemaless values ----

    private Map<String, Object> topMap(int depth) {
      Map<String, Object> map = chance(50) ? new LinkedHashMap<>() : new HashMap<>();
      if (benign || chance(80)) {
        map.put("email", chance(80) ? pick(List.of("ada@example.com", " ada@example.co.uk ",
            "a@b.co")) : scalar());
      }
      if (chance(30)) {
        map.put("objectId", pick(Arrays.asList(6091051L, "6091051", 7, null,
            BigInteger.TWO.pow(70), "")));
      }
      for (String name : List.of("type", "at", "id", "user", "props")) {
        if ((benign && depth == 0) || chance(depth == 0 ? 70 : 30)) {
          map.put(name, chance(80) ? sensible(name, depth) : valueFor(name, depth));
        }
      }
      int fields = r.nextInt(chance(5) ? 80 : 8);
      for (int i = 0; i < fields; i++) {
        String name = name();
        map.put(name, valueFor(name, depth));
      }
      if (chance(5)) {
        Map<Object, Object> odd = new HashMap<>(map);
        odd.put(pick(Arrays.asList(1, null, true, List.of("k"), 2.5)), "x");
        @SuppressWarnings("unchecked")
        Map<String, Object> cast = (Map<String, Object>) (Map<?, ?>) odd;
        return cast;
      }
      return map;
    }

    /** A value that usually maps: a plain email, event name, time or id, a small nested map. */
    private Object sensible(String name, int depth) {
      switch (name) {
        case "type":
          return "pe1234567_signed_up";
        case "at":
          return pick(List.of(1714564800000L, "2024-05-01T12:00:00Z",
              new java.util.Date(1714564800123L)));
        case "id":
          return "order-" + r.nextInt(1000);
        case "user":
          Map<String, Object> user = new LinkedHashMap<>();
          user.put("email", "grace@example.com");
          user.put("id", 77L);
          user.put("props", Map.of("plan", "pro", "n", 3));
          return user;
        default:
          Map<String, Object> props = new LinkedHashMap<>();
          for (int i = r.nextInt(4); i > 0; i--) {
            String key = name();
            props.put(key, valueFor(key, depth + 1));
          }
          return props;
      }
    }

    private Object valueFor(String name, int depth) {
      switch (name) {
        case "type":
          return pick(Arrays.asList("pe1234567_signed_up", "pe7654321_other", "PE1234567_UP",
              " pe1234567_x ", "", null, 42, "pe1234567_" + "y".repeat(200),
              "pe1234567_\u202Eevil\u0000", "pe\uD800_lone", "PE1234567_\u0130", HUGE));
        case "at":
          return pick(Arrays.asList(1714564800000L, 1714564800L, "2024-05-01T12:00:00Z",
              "2024-05-01", "+999999999-12-31T23:59:59Z", "yesterday", new java.util.Date(1714564800123L),
              new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE), new BigDecimal("1714564800000.000"),
              new BigDecimal("1714564800000.5"), BigInteger.ONE.shiftLeft(64), Long.MAX_VALUE,
              Long.MIN_VALUE, new java.util.Date(Long.MAX_VALUE), true, null, HUGE));
        case "id":
          return pick(Arrays.asList("order-17", 17L, "", "x".repeat(300), null, UUID.randomUUID()
              .toString(), List.of("a")));
        case "user":
        case "props":
        case "meta":
          return depth < 3 && chance(80) ? (chance(70) ? topMap(depth + 1) : nested(depth + 1))
              : value(depth + 1);
        default:
          return value(depth + 1);
      }
    }

    private Object value(int depth) {
      int kind = r.nextInt(100);
      if (kind < 60 || depth > 6) {
        return scalar();
      }
      if (kind < 75) {
        List<Object> list = new ArrayList<>();
        int n = r.nextInt(chance(5) ? 300 : 5);
        for (int i = 0; i < n; i++) {
          list.add(chance(80) ? scalar() : value(depth + 1));
        }
        return list;
      }
      if (kind < 90) {
        return nested(depth);
      }
      if (kind < 95) {
        Object deep = Objects.requireNonNullElse(scalar(), "x");
        int levels = r.nextInt(28, 40);
        for (int i = 0; i < levels; i++) {
          deep = chance(50) ? Map.of("a", deep) : List.of(deep);
        }
        return deep;
      }
      Object shared = List.of("x", 1);
      int levels = r.nextInt(5, 25);
      for (int i = 0; i < levels; i++) {
        shared = Map.of("l", List.of(shared, shared));
      }
      return shared;
    }

    private Object nested(int depth) {
      if (chance(50)) {
        Schema s = structSchema(depth + 1);
        return structFor(s, depth + 1);
      }
      Map<Object, Object> map = chance(10) ? new TreeMap<>() : new LinkedHashMap<>();
      int n = r.nextInt(5);
      for (int i = 0; i < n; i++) {
        map.put(name(), value(depth + 1));
      }
      if (chance(5) && !(map instanceof TreeMap)) {
        map.put(pick(Arrays.asList(1, null, List.of("k"))), "v");
      }
      return map;
    }

    private String name() {
      return benign && chance(90) ? pick(VALID_NAMES) : pick(NAMES);
    }

    private Object scalar() {
      if (benign && chance(90)) {
        return pick(List.of("Sweepstakes Sign Up " + MARKER, 42, 7L, true, 2.5, new BigDecimal("19.90"),
            "LANDING_PAGE", new java.util.Date(1714564800123L), "caf\u00e9 \uD83D\uDE00 " + MARKER));
      }
      switch (r.nextInt(16)) {
        case 0:
        case 1:
        case 2:
          return string();
        case 3:
          return pick(List.of((byte) -8, (short) 300, 6091051, Integer.MIN_VALUE));
        case 4:
          return pick(List.of(0L, -1L, 1714564800000L, Long.MAX_VALUE, Long.MIN_VALUE));
        case 5:
          return pick(List.of(0.1f, Float.NaN, Float.MAX_VALUE, Float.MIN_VALUE, -0.0f));
        case 6:
          return pick(List.of(2.5, Double.NaN, Double.POSITIVE_INFINITY, Double.MAX_VALUE,
              -Double.MIN_VALUE, 1e-7, 1e20, r.nextDouble() * 1e6));
        case 7:
          return r.nextBoolean();
        case 8:
          return decimal(pick(List.of(0, 2, -3, 300, -300, Integer.MAX_VALUE, Integer.MIN_VALUE)));
        case 9:
          return pick(List.of(BigInteger.ZERO, BigInteger.TEN.pow(30), BigInteger.TWO.pow(900),
              BigInteger.TWO.pow(5000).negate()));
        case 10:
          return new java.util.Date(pick(List.of(0L, 1714564800123L, Long.MAX_VALUE, Long.MIN_VALUE)));
        case 11:
          return chance(50) ? new byte[] {1, 2, 3} : ByteBuffer.wrap(new byte[r.nextInt(3000)]);
        case 12:
          return pick(List.of('c', UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
        case 13:
          return null;
        default:
          return pick(List.of("LANDING_PAGE", "pe1234567_login", "OFFLINE", "red;blue",
              "a@b.co", "2024-05-01T12:00:00Z"));
      }
    }

    private BigDecimal decimal(int scale) {
      BigInteger unscaled = switch (r.nextInt(4)) {
        case 0 -> BigInteger.valueOf(r.nextLong());
        case 1 -> BigInteger.ONE;
        case 2 -> BigInteger.ZERO;
        default -> BigInteger.TEN.pow(r.nextInt(1, 400)).negate();
      };
      return new BigDecimal(unscaled, scale);
    }

    private String string() {
      switch (r.nextInt(14)) {
        case 0:
          return "";
        case 1:
          return "Sweepstakes Sign Up " + MARKER;
        case 2:
          return MARKER + "\u0000nul\u0000";
        case 3:
          return MARKER + "\u202Eright-to-left\u200F";
        case 4:
          return MARKER + " emoji \uD83D\uDE00\uD83C\uDDEB\uD83C\uDDF7";
        case 5:
          return MARKER + " lone \uD800 high and \uDC00 low";
        case 6:
          return r.nextInt(100) < 30 ? HUGE : MARKER + "y".repeat(r.nextInt(200, 1100));
        case 7:
          return chance(50) ? HUGE_EMAIL : "a@" + ".".repeat(r.nextInt(100, 300)) + "@";
        case 8:
          return MARKER + "\uD83D\uDE00".repeat(r.nextInt(100, 600));
        case 9:
          return MARKER + " quote \" backslash \\ newline \n tab \t";
        default:
          StringBuilder b = new StringBuilder(MARKER);
          int n = r.nextInt(40);
          for (int i = 0; i < n; i++) {
            b.append((char) r.nextInt(0, 0x10000));
          }
          return b.toString();
      }
    }

    // ---- schemas and the values they describe ----

    private Schema topSchema() {
      SchemaBuilder b = SchemaBuilder.struct().name("Fuzz");
      List<String> used = new ArrayList<>();
      if (benign || chance(80)) {
        b.field("email", chance(70) ? Schema.STRING_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA);
        used.add("email");
      }
      if (chance(40)) {
        b.field("objectId", chance(50) ? Schema.INT64_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA);
        used.add("objectId");
      }
      if (benign || chance(60)) {
        b.field("at", chance(70) ? Timestamp.SCHEMA : schemaFor("at", 1));
        used.add("at");
      }
      if (benign || chance(60)) {
        b.field("id", Schema.STRING_SCHEMA);
        used.add("id");
      }
      if (benign || chance(50)) {
        b.field("user", SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA)
            .field("id", Schema.INT64_SCHEMA)
            .field("props", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build())
            .build());
        used.add("user");
      }
      if (benign || chance(50)) {
        b.field("type", Schema.STRING_SCHEMA);
        used.add("type");
      }
      int n = r.nextInt(chance(5) ? 70 : 8);
      for (int i = 0; i < n; i++) {
        String name = name();
        if (!used.contains(name) && !name.isEmpty()) {
          used.add(name);
          b.field(name, schemaFor(name, 1));
        }
      }
      return b.build();
    }

    private Schema schemaFor(String name, int depth) {
      switch (name) {
        case "type":
        case "id":
          return chance(80) ? Schema.OPTIONAL_STRING_SCHEMA : Schema.OPTIONAL_INT64_SCHEMA;
        case "at":
          return pick(List.of(Timestamp.builder().optional().build(), Date.builder().optional().build(),
              Schema.OPTIONAL_INT64_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA,
              Decimal.builder(pick(List.of(0, 3, -5, Integer.MIN_VALUE))).optional().build(),
              Time.builder().optional().build()));
        case "user":
        case "props":
        case "meta":
          return chance(50) ? structSchema(depth + 1) : schema(depth + 1);
        default:
          return schema(depth + 1);
      }
    }

    private Schema structSchema(int depth) {
      SchemaBuilder b = SchemaBuilder.struct();
      if (chance(30)) {
        b.optional();
      }
      List<String> used = new ArrayList<>();
      int n = depth > 4 ? 0 : r.nextInt(5);
      for (int i = 0; i < n; i++) {
        String name = name();
        if (!used.contains(name) && !name.isEmpty()) {
          used.add(name);
          b.field(name, schemaFor(name, depth));
        }
      }
      return b.build();
    }

    private Schema schema(int depth) {
      int kind = r.nextInt(depth > 4 ? 15 : 20);
      SchemaBuilder b;
      switch (kind) {
        case 0 -> b = SchemaBuilder.int8();
        case 1 -> b = SchemaBuilder.int16();
        case 2 -> b = SchemaBuilder.int32();
        case 3 -> b = SchemaBuilder.int64();
        case 4 -> b = SchemaBuilder.float32();
        case 5 -> b = SchemaBuilder.float64();
        case 6 -> b = SchemaBuilder.bool();
        case 7, 8, 9 -> b = SchemaBuilder.string();
        case 10 -> b = SchemaBuilder.bytes();
        case 11 -> b = Decimal.builder(pick(List.of(0, 2, -3, 400, Integer.MAX_VALUE, Integer.MIN_VALUE)));
        case 12 -> b = Date.builder();
        case 13 -> b = Time.builder();
        case 14 -> b = Timestamp.builder();
        case 15, 16 -> b = SchemaBuilder.array(schema(depth + 1));
        case 17, 18 -> b = SchemaBuilder.map(chance(80) ? Schema.STRING_SCHEMA : Schema.INT32_SCHEMA,
            schema(depth + 1));
        default -> {
          return structSchema(depth);
        }
      }
      if (chance(50)) {
        b.optional();
      }
      return b.build();
    }

    private Struct structFor(Schema schema, int depth) {
      Struct struct = new Struct(schema);
      for (Field f : schema.fields()) {
        Object v = valueOf(f.schema(), depth + 1, f.name());
        if (v != null || f.schema().isOptional()) {
          struct.put(f, v);
        }
      }
      return struct;
    }

    /** A value that {@code schema} describes (so {@code Struct.put} accepts it), null only if optional. */
    private Object valueOf(Schema schema, int depth, String name) {
      if (schema.isOptional() && chance(15)) {
        return null;
      }
      String logical = schema.name();
      if (Decimal.LOGICAL_NAME.equals(logical)) {
        return decimal(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)));
      }
      if (Date.LOGICAL_NAME.equals(logical) || Timestamp.LOGICAL_NAME.equals(logical)
          || Time.LOGICAL_NAME.equals(logical)) {
        return new java.util.Date(chance(70) ? 1714564800123L : pick(List.of(0L, 1714521600000L,
            Long.MAX_VALUE, -62135596800000L, 3_600_000L)));
      }
      switch (schema.type()) {
        case INT8:
          return (byte) r.nextInt(-128, 128);
        case INT16:
          return (short) r.nextInt(-32768, 32768);
        case INT32:
          return pick(List.of(0, 42, Integer.MAX_VALUE, Integer.MIN_VALUE));
        case INT64:
          return "objectId".equals(name) ? 6091051L
              : pick(List.of(0L, 1714564800000L, Long.MAX_VALUE, Long.MIN_VALUE, 1714564800L));
        case FLOAT32:
          return pick(List.of(0.1f, Float.NaN, Float.MAX_VALUE, Float.NEGATIVE_INFINITY));
        case FLOAT64:
          return pick(List.of(2.5, Double.NaN, Double.MAX_VALUE, -Double.MIN_VALUE, 1.0E10));
        case BOOLEAN:
          return r.nextBoolean();
        case STRING:
          if ("email".equals(name)) {
            return chance(85) ? "ada@example.com" : string();
          }
          if ("type".equals(name)) {
            return pick(List.of("pe1234567_signed_up", "Pe1234567_X", "pe9_other"));
          }
          if ("id".equals(name)) {
            return chance(90) ? "order-" + r.nextInt(1000) : string();
          }
          return chance(70) ? string() : pick(List.of("LANDING_PAGE", "2024-05-01T12:00:00Z",
              "order-17"));
        case BYTES:
          return chance(50) ? new byte[r.nextInt(4)] : ByteBuffer.wrap(new byte[r.nextInt(4)]);
        case ARRAY: {
          List<Object> list = new ArrayList<>();
          int n = r.nextInt(chance(3) ? 400 : 4);
          for (int i = 0; i < n; i++) {
            Object element = valueOf(schema.valueSchema(), depth + 1, name);
            if (element != null || schema.valueSchema().isOptional()) {
              list.add(element);
            }
          }
          return list;
        }
        case MAP: {
          Map<Object, Object> map = new LinkedHashMap<>();
          int n = r.nextInt(4);
          for (int i = 0; i < n; i++) {
            Object key = schema.keySchema().type() == Schema.Type.STRING ? pick(NAMES) : r.nextInt(5);
            Object v = valueOf(schema.valueSchema(), depth + 1, String.valueOf(key));
            if (v != null || schema.valueSchema().isOptional()) {
              map.put(key, v);
            }
          }
          return map;
        }
        case STRUCT:
          return structFor(schema, depth + 1);
        default:
          throw new IllegalStateException("no value for " + schema.type());
      }
    }
  }

  @Test
  void theGeneratorCoversEveryShape() {
    Map<String, Integer> shapes = new TreeMap<>();
    for (int i = 0; i < 2000; i++) {
      Case c = new Gen(new SplittableRandom(SEED + 0x9E3779B97F4A7C15L * i)).nextCase();
      shapes.merge(c.shape.replace(", cyclic", "").replace(", header source", ""), 1,
          Integer::sum);
      for (String extra : List.of("cyclic", "header source")) {
        if (c.shape.contains(", " + extra)) {
          shapes.merge(extra, 1, Integer::sum);
        }
      }
    }
    assertThat(shapes.keySet()).containsExactlyInAnyOrder("tombstone", "not structured", "struct",
        "schemaless map", "map under a schema that does not describe it",
        "struct under another schema", "cyclic", "header source");
    assertThat(Collections.min(shapes.values())).isGreaterThan(20);
  }
}
