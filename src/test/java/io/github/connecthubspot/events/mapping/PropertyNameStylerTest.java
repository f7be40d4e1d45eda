package io.github.connecthubspot.events.mapping;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.PropertyNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** properties.name.style: examples, collisions, and a seeded property test over random names. */
class PropertyNameStylerTest {
  private static final long SEED = Long.getLong("fuzz.seed", 0x5EEDCA5EL);
  private static final int CASES = Integer.getInteger("fuzz.cases", 20_000);

  private static final PropertyNameStyler SNAKE =
      new PropertyNameStyler(HubSpotSinkConnectorConfig.PropertyNameStyle.SNAKE_CASE);
  private static final PropertyNameStyler AS_IS =
      new PropertyNameStyler(HubSpotSinkConnectorConfig.PropertyNameStyle.AS_IS);

  private static RecordMapper mapper(String... settings) {
    return new RecordMapper(new HubSpotSinkConnectorConfig(minimal(settings)));
  }

  private static SinkRecord record(Schema schema, Object value) {
    return new SinkRecord("t", 0, null, null, schema, value, 1L, 1714564800000L,
        TimestampType.CREATE_TIME);
  }

  @Test
  void snakeCaseExamples() {
    String[][] examples = {
        {"scrollDepth", "scroll_depth"},
        {"Page-Title", "page_title"},
        {"HTTPStatus", "http_status"},
        {"userID", "user_id"},
        {"page2Title", "page2_title"},
        {"HTML5Parser", "html5_parser"},
        {"v2API", "v2_api"},
        {"utm2", "utm2"},
        {"ABC", "abc"},
        {"X", "x"},
        {"page title", "page_title"},
        {"a--b..c", "a_b_c"},
        {"  spaced  out  ", "spaced_out"},
        {"_id", "id"},
        {"Order.Total.Amount", "order_total_amount"},
        {"already_valid", "already_valid"},
        {"a__b", "a__b"}, // a valid HubSpot name is kept as it is
        {"2fa", "2fa"}, // still no valid name: refused by HubSpot's rule, not changed
        {"Größe", "größe"}, // beyond ASCII kept: refused by HubSpot's rule rather than lost
        {"---", ""},
    };
    for (String[] e : examples) {
      assertThat(SNAKE.apply(e[0])).as(e[0]).isEqualTo(e[1]);
      assertThat(AS_IS.apply(e[0])).as(e[0]).isSameAs(e[0]);
    }
  }

  @Test
  void aValidNameIsReturnedWithoutAllocating() {
    String name = "scroll_depth";
    assertThat(SNAKE.apply(name)).isSameAs(name);
  }

  @Test
  void appliesToFieldsOfStructsAndMapsAndHeadersButNotToRenameTargets() {
    RecordMapper m = mapper("properties.name.style", "snake_case",
        "properties.rename", "pageURL:hs_page_url", "properties.headers", "X-Source");
    Schema schema = SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA)
        .field("scrollDepth", Schema.INT32_SCHEMA).field("pageURL", Schema.STRING_SCHEMA).build();
    SinkRecord r = record(schema, new Struct(schema).put("email", "a@b.co")
        .put("scrollDepth", 40).put("pageURL", "https://x.example"));
    r.headers().addString("X-Source", "web");

    assertThat(m.map(r).orElseThrow().properties()).containsExactly(
        Map.entry("scroll_depth", "40"), Map.entry("hs_page_url", "https://x.example"),
        Map.entry("x_source", "web"));

    Map<String, Object> value = new LinkedHashMap<>();
    value.put("email", "a@b.co");
    value.put("Page-Title", "Home");
    assertThat(m.map(record(null, value)).orElseThrow().properties())
        .containsExactly(Map.entry("page_title", "Home"));
  }

  @Test
  void twoFieldsThatBecomeOneNameAreRefused() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("email", "a@b.co");
    value.put("scroll_depth", 1);
    value.put("scrollDepth", 2);
    assertThatThrownBy(() -> mapper("properties.name.style", "snake_case").map(record(null, value)))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("property 'scroll_depth' comes from two fields or headers (the second is"
            + " 'scrollDepth') after properties.rename and properties.name.style, and HubSpot would"
            + " keep only one of them: rename or exclude one (properties.rename,"
            + " properties.exclude)");
    // as-is, 'scrollDepth' is no HubSpot name: refused for that
    assertThatThrownBy(() -> mapper().map(record(null, value)))
        .hasMessageStartingWith("property 'scrollDepth' is not a valid HubSpot internal name");
  }

  @Test
  void aRenameOntoAnotherFieldIsRefusedToo() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("email", "a@b.co");
    value.put("hs_page_title", "one");
    value.put("title", "two");
    assertThatThrownBy(() -> mapper("properties.rename", "title:hs_page_title")
        .map(record(null, value)))
        .hasMessageStartingWith("property 'hs_page_title' comes from two fields or headers (the"
            + " second is 'title')");
  }

  /**
   * Over random names (seeded): the style is idempotent, writes only lower-case ASCII letters,
   * digits, single inner '_' and the characters beyond ASCII it keeps; and a record with such a
   * field either maps to a property of HubSpot's name rule or is refused.
   */
  @Test
  void propertyOverRandomNames() {
    SplittableRandom random = new SplittableRandom(SEED);
    RecordMapper m = mapper("properties.name.style", "snake_case");
    int valid = 0;
    int refused = 0;
    for (int i = 0; i < CASES; i++) {
      String name = randomName(random);
      String styled = SNAKE.apply(name);
      String context = "case " + i + " (seed " + SEED + "): " + escape(name);
      assertThat(SNAKE.apply(styled)).as(context).isEqualTo(styled);
      assertThat(PropertyNameStyler.snakeCase(PropertyNameStyler.snakeCase(name))).as(context)
          .isEqualTo(PropertyNameStyler.snakeCase(name));
      if (name.length() <= PropertyNameStyler.MAX_CONVERTED_LENGTH
          && !PropertyNameStyler.isHubSpotName(name)) {
        assertThat(styled).as(context).doesNotStartWith("_").doesNotEndWith("_")
            .doesNotContain("__");
        for (int k = 0; k < styled.length(); k++) {
          char c = styled.charAt(k);
          assertThat((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80)
              .as(context + " at " + k).isTrue();
        }
      }
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("email", "a@b.co");
      value.put(name, "v");
      Optional<Completion> c;
      try {
        c = m.map(record(null, value));
      } catch (InvalidRecordException e) {
        assertThat(PropertyNames.isValid(styled)).as(context + ": refused " + e.getMessage())
            .isFalse();
        refused++;
        continue;
      }
      if (name.equals("email")) {
        continue;
      }
      assertThat(c.orElseThrow().properties()).as(context).containsOnlyKeys(styled);
      assertThat(PropertyNames.isValid(styled)).as(context).isTrue();
      valid++;
    }
    assertThat(valid).isGreaterThan(CASES / 10);
    assertThat(refused).isGreaterThan(CASES / 10);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aNameOfAMegabyteIsLinear() {
    String huge = "aB-".repeat(350_000);
    assertThat(PropertyNameStyler.snakeCase(huge)).hasSize(1_400_000 - 1);
    assertThat(SNAKE.apply(huge)).isSameAs(huge); // too long to be converted: refused as it is
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("email", "a@b.co");
    value.put(huge, "v");
    assertThatThrownBy(() -> mapper("properties.name.style", "snake_case").map(record(null, value)))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageStartingWith("property 'aB-aB-")
        .hasMessageEndingWith("(1050000 characters) is not a valid HubSpot internal name (must"
            + " match [a-z][a-z0-9_]*, at most 50 characters)");
  }

  private static final String ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-. /:$@\t";
  private static final String[] ODD = {"é", "ß", "İ", "\u0000", "\u200F", "\uD83D\uDE00", "\uD83D",
      "𝐀", "Σ", "ǅ", "１"};

  private static String randomName(SplittableRandom random) {
    int length = random.nextInt(10) == 0 ? random.nextInt(300) : random.nextInt(40);
    StringBuilder b = new StringBuilder(length);
    boolean camel = random.nextBoolean();
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(100);
      if (pick < 3) {
        b.append(ODD[random.nextInt(ODD.length)]);
      } else if (camel && pick < 60) {
        b.append((char) ('a' + random.nextInt(26)));
      } else {
        b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return b.toString();
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return b.toString();
  }
}
