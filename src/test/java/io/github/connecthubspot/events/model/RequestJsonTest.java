package io.github.connecthubspot.events.model;

import static org.assertj.core.api.Assertions.assertThat;

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
}
