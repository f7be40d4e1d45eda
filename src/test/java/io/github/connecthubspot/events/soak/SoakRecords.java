package io.github.connecthubspot.events.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The records of the soak, each known by its index {@code i}: partition {@code i % 3}, so offset
 * {@code i / 3} of a fresh topic. One in 50 (2%) is invalid, each of those of one of the kinds the
 * connector refuses, in turn. Schemaless JSON shaped for {@link #connectorMapping()}.
 */
final class SoakRecords {
  static final int PARTITIONS = 3;
  /** One record in {@code INVALID_EVERY} is invalid: 2%. */
  static final int INVALID_EVERY = 50;
  private static final int INVALID_AT = 17;
  static final String EVENT_NAME = "pe1234567_soak_page_viewed";
  static final String PORTAL_ID = "1234567";
  private static final Instant FIRST_VIEW = Instant.parse("2026-01-01T00:00:00.123Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a record is, and for an invalid one what the dead-letter message must name. */
  enum Kind {
    VALID(null),
    NO_IDENTIFIER("no identifier"),
    BAD_EMAIL("email is not a valid email address"),
    BAD_PROPERTY_NAME("'Page-Section' is not a valid HubSpot internal name"),
    VALUE_TOO_LONG("'hs_page_title' value has 300 characters"),
    BAD_CONTENT_TYPE("'hs_page_content_type' value is not one of HubSpot's options"),
    BAD_OCCURRED_AT("is not an ISO-8601 date-time");

    final String reason;

    Kind(String reason) {
      this.reason = reason;
    }
  }

  static final List<Kind> INVALID_KINDS = List.of(Kind.NO_IDENTIFIER, Kind.BAD_EMAIL,
      Kind.BAD_PROPERTY_NAME, Kind.VALUE_TOO_LONG, Kind.BAD_CONTENT_TYPE, Kind.BAD_OCCURRED_AT);

  private SoakRecords() {}

  static Kind kind(int i) {
    return i % INVALID_EVERY == INVALID_AT ? INVALID_KINDS.get((i / INVALID_EVERY) % INVALID_KINDS.size())
        : Kind.VALID;
  }

  static int partition(int i) {
    return i % PARTITIONS;
  }

  static long offset(int i) {
    return i / PARTITIONS;
  }

  /** The index of the record at {@code partition}@{@code offset}, or -1 if none was produced there. */
  static int index(int partition, long offset, int records) {
    long i = offset * PARTITIONS + partition;
    return partition < 0 || partition >= PARTITIONS || offset < 0 || i >= records ? -1 : (int) i;
  }

  static String key(int i) {
    return "visitor-" + i;
  }

  static String value(int i) {
    Kind kind = kind(i);
    ObjectNode v = JSON.createObjectNode();
    if (kind != Kind.NO_IDENTIFIER) {
      v.put("email", kind == Kind.BAD_EMAIL ? "visitor-" + i + ".soak.example.com" : "visitor-" + i + "@soak.example.com");
      v.put("contactId", 1_000_000L + i);
    }
    if (kind == Kind.BAD_OCCURRED_AT) {
      v.put("viewedAt", "next tuesday");
    } else {
      v.put("viewedAt", FIRST_VIEW.plus(Duration.ofSeconds(i)).toEpochMilli());
    }
    v.put("pageTitle", kind == Kind.VALUE_TOO_LONG ? "x".repeat(300) : "Pricing " + i);
    v.put("pageUrl", "https://www.example.com/pricing/" + i);
    v.put("contentType", kind == Kind.BAD_CONTENT_TYPE ? "BROCHURE" : "LANDING_PAGE");
    v.put("plan", i % 7 == 0 ? "pro" : "free");
    v.put("sessionId", "session-" + (i % 97));
    if (kind == Kind.BAD_PROPERTY_NAME) {
      v.put("Page-Section", "pricing");
    }
    return v.toString();
  }

  /** The connector settings that map these records (the example config's mapping). */
  static Map<String, String> connectorMapping() {
    return Map.of(
        "hubspot.portal.id", PORTAL_ID,
        "event.name", EVENT_NAME,
        "identifier.email.field", "email",
        "identifier.object.id.field", "contactId",
        "occurred.at.source", "field",
        "occurred.at.field", "viewedAt",
        "properties.exclude", "sessionId",
        "properties.rename", "pageTitle:hs_page_title,pageUrl:hs_page_url,contentType:hs_page_content_type",
        "properties.static", "hs_touchpoint_source:INTEGRATION");
  }
}
