package io.github.connecthubspot.events.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.connecthubspot.events.model.HubSpotError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of one of HubSpot's answers into a {@link HubSpotError}, distrusting all of it:
 * every field is optional and may have any JSON type (a field of the wrong type is left null, a
 * list element that is not what was expected is left out, a nested error that is not an object
 * becomes a detail holding only its text), and nothing here throws: a body that is not JSON
 * becomes a message-only error.
 *
 * <p>This is the one place where text from an answer enters the connector, so it is also where
 * that text is made safe: every string (values, map keys, the raw text of an unreadable body) has
 * the access token of the request and the secrets behind it (an OAuth client secret and refresh
 * token) replaced by {@code [hidden]} and is cut to {@link
 * #MAX_STRING_CHARS}; maps and lists keep at most {@link #MAX_ENTRIES} entries. Nothing
 * downstream (exception messages, the errant-record reporter, logs, the task's failure) can leak
 * the token or carry megabytes from an answer.
 */
final class AnswerParser {
  /** The longest string kept from an answer; HubSpot's messages are a few hundred characters. */
  static final int MAX_STRING_CHARS = 1_000;
  /** The most entries kept of one map or list of an answer (500 inputs fit). */
  static final int MAX_ENTRIES = 1_000;
  /** How much of an unreadable body becomes the message. */
  private static final int UNPARSED_MESSAGE_CHARS = 200;
  static final String HIDDEN = "[hidden]";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Longest first, so that a secret holding another is hidden whole. */
  private final List<String> secrets;

  /** {@code secret}: the access token the request carried (empty or null: nothing to hide). */
  AnswerParser(String secret) {
    this(secret, List.of());
  }

  /**
   * {@code secret}: the access token the request carried; {@code others}: the secrets behind it
   * (an OAuth client secret and refresh token). Null or empty ones hide nothing.
   */
  AnswerParser(String secret, Collection<String> others) {
    List<String> all = new ArrayList<>(others.size() + 1);
    all.add(secret);
    all.addAll(others);
    all.removeIf(s -> s == null || s.isEmpty());
    all.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(all);
  }

  /** The token replaced and the length capped: what any text from an answer becomes. */
  String text(String raw) {
    return text(raw, MAX_STRING_CHARS);
  }

  private String text(String raw, int max) {
    if (raw == null) {
      return null;
    }
    String s = raw;
    for (String secret : secrets) {
      s = s.replace(secret, HIDDEN);
    }
    return s.length() > max ? s.substring(0, max) + "..." : s;
  }

  /** The body as an error; null when it is empty. Never throws. */
  HubSpotError parse(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    JsonNode root = tree(body);
    if (root != null && root.isObject()) {
      return error(root);
    }
    HubSpotError unparsed = new HubSpotError();
    String raw = new String(body, StandardCharsets.UTF_8).trim();
    unparsed.message = raw.isEmpty() ? null : text(raw, UNPARSED_MESSAGE_CHARS);
    return unparsed;
  }

  /** The body as an error when it is a JSON object; null otherwise (empty, not JSON, not an object). */
  HubSpotError parseObject(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    JsonNode root = tree(body);
    return root != null && root.isObject() ? error(root) : null;
  }

  private static JsonNode tree(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException | RuntimeException e) { // not JSON, cut short, too deep: not an error body
      return null;
    }
  }

  private HubSpotError error(JsonNode node) {
    HubSpotError e = new HubSpotError();
    e.status = string(node.get("status"));
    e.category = string(node.get("category"));
    e.subCategory = string(node.get("subCategory"));
    e.message = string(node.get("message"));
    e.correlationId = string(node.get("correlationId"));
    e.errorType = string(node.get("errorType"));
    e.policyName = string(node.get("policyName"));
    JsonNode n = node.get("numErrors");
    e.numErrors = n != null && n.canConvertToLong() ? n.longValue() : null;
    e.context = context(node.get("context"));
    e.links = links(node.get("links"));
    e.errors = details(node.get("errors"), true);
    return e;
  }

  private List<HubSpotError.Detail> details(JsonNode node, boolean nested) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    List<HubSpotError.Detail> list = new ArrayList<>();
    if (node.isArray()) {
      for (int i = 0; i < node.size() && list.size() < MAX_ENTRIES; i++) {
        list.add(detail(node.get(i), nested));
      }
    } else if (!(node.isObject() && node.isEmpty())) {
      list.add(detail(node, nested)); // one error where a list was expected: still an error
    }
    return list;
  }

  /** Any element of {@code errors}: an object is read; anything else (null too) keeps only its text. */
  private HubSpotError.Detail detail(JsonNode node, boolean nested) {
    HubSpotError.Detail d = new HubSpotError.Detail();
    if (node == null || !node.isObject()) {
      d.message = node == null || node.isNull() ? null : text(node.isTextual() ? node.asText()
          : node.toString());
      return d;
    }
    d.message = string(node.get("message"));
    d.code = string(node.get("code"));
    d.in = string(node.get("in"));
    d.category = string(node.get("category"));
    d.subCategory = string(node.get("subCategory"));
    d.context = context(node.get("context"));
    d.errors = nested ? details(node.get("errors"), false) : null;
    return d;
  }

  /** {@code {key: [strings]}}; a lone string value counts as a list of one; other values are left out. */
  private Map<String, List<String>> context(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    Map<String, List<String>> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
    while (fields.hasNext() && map.size() < MAX_ENTRIES) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode v = f.getValue();
      List<String> values = new ArrayList<>();
      if (v.isArray()) {
        for (int i = 0; i < v.size() && values.size() < MAX_ENTRIES; i++) {
          String s = string(v.get(i));
          if (s != null) {
            values.add(s);
          }
        }
      } else if (string(v) != null) {
        values.add(string(v));
      } else {
        continue;
      }
      map.put(text(f.getKey()), values);
    }
    return map;
  }

  private Map<String, String> links(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    Map<String, String> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
    while (fields.hasNext() && map.size() < MAX_ENTRIES) {
      Map.Entry<String, JsonNode> f = fields.next();
      String v = string(f.getValue());
      if (v != null) {
        map.put(text(f.getKey()), v);
      }
    }
    return map;
  }

  /** A string, number or boolean as text; null for anything else. */
  private String string(JsonNode node) {
    return node != null && node.isValueNode() && !node.isNull() ? text(node.asText()) : null;
  }
}
