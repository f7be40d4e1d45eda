package io.github.connecthubspot.events.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Random;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact bytes of the request bodies: field order, left-out fields, escapes, UTF-8. */
class RequestJsonTest {
  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static Completion full() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("hs_page_title", "Pricing");
    properties.put("seats", "25");
    return new Completion("pe1_viewed", "a@b.co", "42", "0123abcd", "2024-05-01T12:00:00Z",
        "3e898f60-43a4-3995-9211-2f5c1f40a463", properties);
  }

  @Test
  void aSingleOccurrenceHasItsFieldsInHubSpotsOrder() {
    assertThat(text(RequestJson.single(full()))).isEqualTo("{\"eventName\":\"pe1_viewed\","
        + "\"email\":\"a@b.co\",\"objectId\":\"42\",\"utk\":\"0123abcd\","
        + "\"occurredAt\":\"2024-05-01T12:00:00Z\",\"uuid\":\"3e898f60-43a4-3995-9211-2f5c1f40a463\","
        + "\"properties\":{\"hs_page_title\":\"Pricing\",\"seats\":\"25\"}}");
  }

  @Test
  void absentFieldsAreLeftOutButPropertiesAreAlwaysThere() {
    Completion bare = new Completion("pe1_viewed", null, null, "u", null, null, null);
    assertThat(text(RequestJson.single(bare)))
        .isEqualTo("{\"eventName\":\"pe1_viewed\",\"utk\":\"u\",\"properties\":{}}");
    Completion none = new Completion(null, null, null, null, null, null, Map.of());
    assertThat(text(RequestJson.single(none))).isEqualTo("{\"properties\":{}}");
  }

  @Test
  void aNullPropertyValueIsWrittenAsNull() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("a", null);
    properties.put("b", "x");
    Completion c = new Completion("e", "a@b.co", null, null, null, null, properties);
    assertThat(text(RequestJson.single(c)))
        .isEqualTo("{\"eventName\":\"e\",\"email\":\"a@b.co\",\"properties\":{\"a\":null,\"b\":\"x\"}}");
  }

  @Test
  void aBatchIsItsInputsInOrder() {
    Completion bare = new Completion("pe1_viewed", null, null, "u", null, null, null);
    assertThat(text(RequestJson.batch(List.of(full(), bare, full())))).isEqualTo("{\"inputs\":["
        + text(RequestJson.single(full())) + "," + text(RequestJson.single(bare)) + ","
        + text(RequestJson.single(full())) + "]}");
    assertThat(text(RequestJson.batch(List.of()))).isEqualTo("{\"inputs\":[]}");
  }

  @Test
  void stringsAreEscapedAsJacksonEscapesThem() {
    String nasty = "q\"b\\s/ \b\f\n\r\t \u0000\u0001\u001f\u007f \u00e9\u20ac\u2028\u2029 \ud83d\ude00 </script>";
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(nasty, nasty);
    Completion c = new Completion(nasty, nasty, nasty, nasty, nasty, nasty, properties);
    // Jackson escapes the halves of a surrogate pair (an emoji) each as \\uXXXX.
    String escaped = "q\\\"b\\\\s/ \\b\\f\\n\\r\\t \\u0000\\u0001\\u001F\u007f \u00e9\u20ac\u2028\u2029"
        + " \\uD83D\\uDE00 </script>";
    String s = "\"" + escaped + "\"";
    assertThat(text(RequestJson.single(c))).isEqualTo("{\"eventName\":" + s + ",\"email\":" + s
        + ",\"objectId\":" + s + ",\"utk\":" + s + ",\"occurredAt\":" + s + ",\"uuid\":" + s
        + ",\"properties\":{" + s + ":" + s + "}}");
  }

  @Test
  void longStringsAreWrittenWhole() {
    String longValue = "\u00e9".repeat(9_000) + "\ud83d\ude00".repeat(5_000) + "x\"".repeat(9_000);
    Completion c = new Completion("e", null, null, null, null, null, Map.of("p", longValue));
    String escaped = "\u00e9".repeat(9_000) + "\\uD83D\\uDE00".repeat(5_000) + "x\\\"".repeat(9_000);
    String body = text(RequestJson.single(c));
    assertThat(body.length()).isEqualTo(("{\"eventName\":\"e\",\"properties\":{\"p\":\""
        + escaped + "\"}}").length());
    assertThat(body.equals("{\"eventName\":\"e\",\"properties\":{\"p\":\"" + escaped + "\"}}"))
        .isTrue();
  }

  @Test
  void loneSurrogatesAreEscaped() {
    Completion c = new Completion("e", null, null, null, null, null,
        Map.of("p", "a\ud83db \ude00c \ude00\ud83d d\ud83d"));
    assertThat(text(RequestJson.single(c))).isEqualTo("{\"eventName\":\"e\",\"properties\":{\"p\":"
        + "\"a\\uD83Db \\uDE00c \\uDE00\\uD83D d\\uD83D\"}}");
  }

  @Test
  void eachBodyIsItsOwnArray() {
    Completion big = new Completion("e", null, null, null, null, null, Map.of("p", "x".repeat(20_000)));
    byte[] first = RequestJson.single(full());
    String firstText = text(first);
    byte[] second = RequestJson.batch(List.of(full(), full()));
    byte[] third = RequestJson.single(big);
    byte[] fourth = RequestJson.single(new Completion("z", null, null, null, null, null, null));
    assertThat(text(first)).isEqualTo(firstText);
    assertThat(text(second)).isEqualTo("{\"inputs\":[" + firstText + "," + firstText + "]}");
    assertThat(third).hasSize(20_000 + "{\"eventName\":\"e\",\"properties\":{\"p\":\"\"}}".length());
    assertThat(text(fourth)).isEqualTo("{\"eventName\":\"z\",\"properties\":{}}");
  }

  @Test
  void aNullPropertyNameCannotBeWritten() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(null, "x");
    Completion c = new Completion("e", "a@b.co", null, null, null, null, properties);
    assertThatThrownBy(() -> RequestJson.single(c)).isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> RequestJson.batch(List.of(c, c)))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void aBatchHoldsAtMost500Inputs() {
    Completion c = new Completion("e", "a@b.co", null, null, null, null, Map.of());
    assertThat(RequestJson.batch(java.util.Collections.nCopies(500, c))).isNotEmpty();
    assertThatThrownBy(() -> RequestJson.batch(java.util.Collections.nCopies(501, c)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a batch holds at most 500 inputs, got 501");
  }

  /** Random occurrences of every kind of character: the bytes Jackson's data binding writes. */
  @Test
  void theBytesAreThoseOfJacksonsDataBinding() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectWriter completionWriter = mapper.writerFor(Completion.class);
    ObjectWriter batchWriter = mapper.writerFor(BatchRequest.class);
    Random random = new Random(14);
    // Names that come back, as a stream's do (the writer keeps the bytes of names it wrote lately):
    // escaped ones, a long one, and new instances of equal names
    String[] names = new String[24];
    for (int i = 0; i < names.length; i++) {
      names[i] = i == 0 ? "n".repeat(300) : randomText(random);
    }
    for (int round = 0; round < 300; round++) {
      boolean reused = round % 2 == 0;
      List<Completion> batch = new ArrayList<>();
      int size = 1 + random.nextInt(round % 10 == 0 ? 500 : 5);
      for (int i = 0; i < size; i++) {
        Map<String, String> properties = new LinkedHashMap<>();
        int n = random.nextInt(12);
        for (int p = 0; p < n; p++) {
          String name = reused ? new String(names[random.nextInt(names.length)]) : randomText(random);
          properties.put(name, random.nextInt(20) == 0 ? null : randomText(random));
        }
        String eventName = reused && random.nextInt(4) > 0 ? new String(names[random.nextInt(3)])
            : maybe(random);
        Completion c = new Completion(eventName, maybe(random), maybe(random), maybe(random),
            maybe(random), maybe(random), random.nextInt(10) == 0 ? null : properties);
        batch.add(c);
        assertThat(RequestJson.single(c)).isEqualTo(completionWriter.writeValueAsBytes(c));
      }
      assertThat(RequestJson.batch(batch))
          .isEqualTo(batchWriter.writeValueAsBytes(new BatchRequest(batch)));
    }
  }

  private static String maybe(Random random) {
    return random.nextInt(4) == 0 ? null : randomText(random);
  }

  /** Text of ASCII, controls, Latin-1, BMP, surrogate pairs and lone surrogates; sometimes long. */
  private static String randomText(Random random) {
    int length = random.nextInt(30) == 0 ? 2_000 + random.nextInt(10_000) : random.nextInt(40);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(9)) {
        case 0:
          b.append((char) random.nextInt(0x20));
          break;
        case 1:
          b.append("\"\\/\u007f".charAt(random.nextInt(4)));
          break;
        case 2:
          b.append((char) (0x80 + random.nextInt(0x780)));
          break;
        case 3:
          b.append((char) (0x800 + random.nextInt(0xD000)));
          break;
        case 4:
          b.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
          break;
        case 5:
          b.append((char) (0xD800 + random.nextInt(0x800)));
          break;
        case 6:
          b.append((char) (0xE000 + random.nextInt(0x2000)));
          break;
        default:
          b.append((char) (0x20 + random.nextInt(0x5F)));
      }
    }
    return b.toString();
  }
}
