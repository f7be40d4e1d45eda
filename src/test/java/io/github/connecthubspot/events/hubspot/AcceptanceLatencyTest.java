package io.github.connecthubspot.events.hubspot;

import static io.github.connecthubspot.events.hubspot.SimHttp.batchOf;
import static io.github.connecthubspot.events.hubspot.SimHttp.completion;
import static io.github.connecthubspot.events.hubspot.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The acceptance times and latency histogram behind {@code acceptance} in {@code GET /_sim/stats}. */
class AcceptanceLatencyTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void everyValueFallsInABucketWhoseTopIsAtMostOneSixtyFourthAbove() {
    long[] values = {0, 1, 127, 128, 129, 130, 255, 256, 1000, 4095, 4096, 123_456, 86_400_000L,
        AcceptanceLatency.MAX_MILLIS};
    for (long v : values) {
      int b = AcceptanceLatency.bucket(v);
      long top = AcceptanceLatency.highest(b);
      assertThat(top).as("top of the bucket of %d", v).isGreaterThanOrEqualTo(v).isLessThanOrEqualTo(v + v / 64);
      if (b > 0) {
        assertThat(AcceptanceLatency.highest(b - 1)).as("top of the bucket below %d", v).isLessThan(v);
      }
    }
    assertThat(AcceptanceLatency.bucket(AcceptanceLatency.MAX_MILLIS) + 1).isEqualTo(128 + 33 * 64);
  }

  @Test
  void percentilesOfAThousandLatencies() {
    AcceptanceLatency h = new AcceptanceLatency();
    for (int ms = 1; ms <= 1000; ms++) {
      h.record(ms);
    }
    AcceptanceLatency.Snapshot s = h.snapshot();
    assertThat(s.count()).isEqualTo(1000);
    assertThat(s.p50()).isBetween(500L, 500L + 500 / 64);
    assertThat(s.p90()).isBetween(900L, 900L + 900 / 64);
    assertThat(s.p99()).isBetween(990L, 990L + 990 / 64);
    assertThat(s.max()).isEqualTo(1000);
  }

  @Test
  void negativeAndHugeLatenciesAreClamped() {
    AcceptanceLatency h = new AcceptanceLatency();
    h.record(-5);
    h.record(Long.MAX_VALUE);
    AcceptanceLatency.Snapshot s = h.snapshot();
    assertThat(s.count()).isEqualTo(2);
    assertThat(s.p50()).isZero();
    assertThat(s.max()).isEqualTo(AcceptanceLatency.MAX_MILLIS);
  }

  @Test
  void emptyAndReset() {
    AcceptanceLatency h = new AcceptanceLatency();
    assertThat(h.snapshot()).isEqualTo(new AcceptanceLatency.Snapshot(0, 0, -1, -1, -1, -1, -1, -1));
    h.accepted(2_000, NODES.numberNode(1_000L));
    h.accepted(3_000, null);
    assertThat(h.snapshot()).isEqualTo(new AcceptanceLatency.Snapshot(1, 1, 2_000, 3_000, 1_000, 1_000, 1_000, 1_000));
    h.reset();
    assertThat(h.snapshot()).isEqualTo(new AcceptanceLatency.Snapshot(0, 0, -1, -1, -1, -1, -1, -1));
  }

  @Test
  void readsEpochMillisAndIsoOccurredAtAndNothingElse() {
    assertThat(AcceptanceLatency.epochMillis(NODES.numberNode(1_772_352_000_000L))).isEqualTo(1_772_352_000_000L);
    assertThat(AcceptanceLatency.epochMillis(NODES.textNode("1772352000000"))).isEqualTo(1_772_352_000_000L);
    assertThat(AcceptanceLatency.epochMillis(NODES.textNode("2026-03-01T08:00:00.250Z")))
        .isEqualTo(Instant.parse("2026-03-01T08:00:00.250Z").toEpochMilli());
    assertThat(AcceptanceLatency.epochMillis(NODES.textNode("2026-03-01T09:00:00+01:00")))
        .isEqualTo(Instant.parse("2026-03-01T08:00:00Z").toEpochMilli());
    for (JsonNode unreadable : new JsonNode[] {null, NODES.nullNode(), NODES.textNode(""), NODES.textNode("soon"),
        NODES.textNode("9".repeat(30)), NODES.textNode("2026-03-01T08:00:00Z" + " ".repeat(60)),
        NODES.booleanNode(true), NODES.objectNode(), NODES.numberNode(1.5)}) {
      assertThat(AcceptanceLatency.epochMillis(unreadable)).as("%s", unreadable).isEqualTo(Long.MIN_VALUE);
    }
  }

  @Test
  void servedByTheStatsRouteAndClearedByReset() {
    ManualClock clock = ManualClock.atDefaultInstant();
    try (LocalHubSpot sim = LocalHubSpot.builder().token("t").recordBodies(false).clock(clock).start()) {
      SimHttp http = new SimHttp(sim.baseUrl(), "t");
      long now = clock.millis();
      String at100 = "\"occurredAt\":\"" + Instant.ofEpochMilli(now - 100) + "\"";
      String at2000 = "\"occurredAt\":" + (now - 2_000);
      assertThat(http.batch(batchOf(completion("pe1_a", "{}", at100, "\"uuid\":\"u1\""),
          completion("pe1_a", "{}", at2000, "\"uuid\":\"u2\""),
          completion("pe1_a", "{}", "\"uuid\":\"u3\""))).statusCode()).isEqualTo(204);
      clock.advance(Duration.ofSeconds(1));
      assertThat(http.send(completion("pe1_a", "{}", at100, "\"uuid\":\"u1\"")).statusCode())
          .as("a duplicate is not accepted again").isEqualTo(204);

      JsonNode acceptance = json(http.get("/_sim/stats?byUuid=false")).path("acceptance");
      assertThat(acceptance.path("firstAtMillis").asLong()).isEqualTo(now);
      assertThat(acceptance.path("lastAtMillis").asLong()).isEqualTo(now);
      assertThat(acceptance.path("withoutOccurredAt").asLong()).isEqualTo(1);
      JsonNode latency = acceptance.path("latencyMillis");
      assertThat(latency.path("count").asLong()).isEqualTo(2);
      assertThat(latency.path("p50").asLong()).isEqualTo(100);
      assertThat(latency.path("p99").asLong()).isEqualTo(2_000);
      assertThat(latency.path("max").asLong()).isEqualTo(2_000);

      sim.reset();
      JsonNode cleared = json(http.get("/_sim/stats")).path("acceptance");
      assertThat(cleared.path("firstAtMillis").asLong()).isEqualTo(-1);
      assertThat(cleared.path("latencyMillis").path("count").asLong()).isZero();
      assertThat(cleared.path("latencyMillis").path("p99").asLong()).isEqualTo(-1);
    }
  }
}
