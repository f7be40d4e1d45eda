package io.github.connecthubspot.events.hubspot;

import static io.github.connecthubspot.events.hubspot.SimHttp.batchOf;
import static io.github.connecthubspot.events.hubspot.SimHttp.completion;
import static io.github.connecthubspot.events.hubspot.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalHubSpotLedgerTest {
  private final ManualClock clock = ManualClock.atDefaultInstant();
  private LocalHubSpot sim;
  private SimHttp http;
  private SimHttp anonymous;

  @BeforeEach
  void start() {
    sim = LocalHubSpot.builder().clock(clock).token("t").start();
    http = new SimHttp(sim.baseUrl(), "t");
    anonymous = new SimHttp(sim.baseUrl(), null);
    http.batch(
        batchOf(
            completion("pe1_a", "{\"n\":\"1\"}", "\"uuid\":\"u1\""),
            completion("pe1_b", "{\"n\":\"2\"}", "\"uuid\":\"u2\""),
            completion("pe1_a", "{\"n\":\"3\"}")));
    clock.advance(Duration.ofSeconds(5));
    http.send(completion("pe1_a", "{\"n\":\"4\"}", "\"uuid\":\"u1\"")); // duplicate
    http.send(completion("pe1_b", "{\"n\":\"5\"}", "\"occurredAt\":\"2026-01-01T00:00:00Z\""));
    http.send("{}"); // invalid
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void inProcessLedger() {
    Ledger l = sim.ledger();
    assertThat(l.occurrences()).extracting(o -> o.property("n")).containsExactly("1", "2", "3", "5");
    assertThat(l.occurrences()).extracting(Occurrence::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(l.occurrences("pe1_b")).extracting(o -> o.property("n")).containsExactly("2", "5");
    assertThat(l.withUuid("u1")).hasSize(1);
    assertThat(l.countsByEventName()).containsEntry("pe1_a", 2L).containsEntry("pe1_b", 2L);
    assertThat(l.count("pe1_a")).isEqualTo(2);
    assertThat(l.countsByUuid()).containsEntry("u1", 1L).containsEntry("u2", 1L).hasSize(2);
    assertThat(l.duplicatesRefused()).isEqualTo(1);
    Occurrence last = l.occurrences().get(3);
    assertThat(last.receivedAt()).isEqualTo(clock.instant());
    assertThat(last.completion().get("occurredAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    // same request id for the three occurrences of the batch
    assertThat(l.occurrences().subList(0, 3)).extracting(Occurrence::requestId).containsOnly(l.occurrences().get(0).requestId());
  }

  @Test
  void stats() {
    SimStats s = sim.stats();
    assertThat(s.requests()).isEqualTo(4);
    assertThat(s.sendRequests()).isEqualTo(4);
    assertThat(s.requestsByStatus()).containsEntry(204, 3L).containsEntry(400, 1L);
    assertThat(s.occurrencesAccepted()).isEqualTo(4);
    assertThat(s.occurrencesInvalid()).isEqualTo(1);
    assertThat(s.duplicatesRefused()).isEqualTo(1);
    assertThat(s.acceptedByEventName()).containsEntry("pe1_a", 2L);
  }

  @Test
  void ledgerOverHttpNeedsNoAuth() {
    HttpResponse<String> r = anonymous.get("/_sim/ledger");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode arr = json(r);
    assertThat(arr).hasSize(4);
    JsonNode first = arr.get(0);
    assertThat(first.get("seq").asLong()).isEqualTo(1);
    assertThat(first.get("eventName").asText()).isEqualTo("pe1_a");
    assertThat(first.get("uuid").asText()).isEqualTo("u1");
    assertThat(first.get("receivedAt").asText()).isEqualTo("2026-01-15T10:00:00Z");
    assertThat(first.get("path").asText()).isEqualTo("/events/v3/send/batch");
    assertThat(first.get("batchIndex").asInt()).isZero();
    assertThat(first.get("requestId").asText()).hasSize(36);
    assertThat(first.get("completion").toString())
        .isEqualTo("{\"eventName\":\"pe1_a\",\"properties\":{\"n\":\"1\"},\"objectId\":\"6091051\",\"uuid\":\"u1\"}");
    assertThat(arr.get(2).get("uuid").isNull()).isTrue();
  }

  @Test
  void ledgerFilters() {
    assertThat(json(anonymous.get("/_sim/ledger?eventName=pe1_b"))).extracting(n -> n.at("/completion/properties/n").asText())
        .containsExactly("2", "5");
    assertThat(json(anonymous.get("/_sim/ledger?limit=2"))).extracting(n -> n.get("seq").asLong()).containsExactly(1L, 2L);
    assertThat(json(anonymous.get("/_sim/ledger?eventName=pe1_a&limit=1"))).extracting(n -> n.get("seq").asLong())
        .containsExactly(1L);
    assertThat(json(anonymous.get("/_sim/ledger?offset=1&limit=2"))).extracting(n -> n.get("seq").asLong())
        .containsExactly(2L, 3L);
    assertThat(json(anonymous.get("/_sim/ledger?uuid=u2"))).extracting(n -> n.get("seq").asLong()).containsExactly(2L);
    assertThat(json(anonymous.get("/_sim/ledger?eventName=pe1_zzz"))).isEmpty();
  }

  @Test
  void statsOverHttp() {
    JsonNode s = json(anonymous.get("/_sim/stats"));
    assertThat(s.get("requests").asLong()).isEqualTo(4);
    assertThat(s.at("/requestsByStatus/204").asLong()).isEqualTo(3);
    assertThat(s.at("/requestsByStatus/400").asLong()).isEqualTo(1);
    assertThat(s.get("occurrencesAccepted").asLong()).isEqualTo(4);
    assertThat(s.get("duplicatesRefused").asLong()).isEqualTo(1);
    assertThat(s.at("/acceptedByEventName/pe1_b").asLong()).isEqualTo(2);
    assertThat(s.at("/duplicatesRefusedByUuid/u1").asLong()).isEqualTo(1);
  }

  @Test
  void resetOverHttp() {
    HttpResponse<String> r =
        anonymous.request(
            HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/reset"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(json(anonymous.get("/_sim/ledger"))).isEmpty();
    assertThat(json(anonymous.get("/_sim/stats")).get("requests").asLong()).isZero();
    assertThat(sim.ledger().acceptedCount()).isZero();
    // uuids were forgotten too
    assertThat(http.send(completion("pe1_a", "{}", "\"uuid\":\"u1\"")).statusCode()).isEqualTo(204);
    assertThat(sim.ledger().acceptedCount()).isEqualTo(1);
  }

  @Test
  void failNextOverHttp() {
    anonymous.post("/_sim/fail-next?count=2&status=502", "");
    assertThat(http.send(completion("pe1_a", "{}")).statusCode()).isEqualTo(502);
    assertThat(http.send(completion("pe1_a", "{}")).statusCode()).isEqualTo(502);
    assertThat(http.send(completion("pe1_a", "{}")).statusCode()).isEqualTo(204);
  }

  @Test
  void unknownSimEndpointIs404() {
    assertThat(anonymous.get("/_sim/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void countsOnlyModeKeepsNoBodies() {
    try (LocalHubSpot lean = LocalHubSpot.builder().recordBodies(false).start()) {
      SimHttp h = new SimHttp(lean.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
      h.batch(batchOf(completion("pe1_a", "{}", "\"uuid\":\"x\""), completion("pe1_a", "{}", "\"uuid\":\"x\"")));
      assertThat(lean.ledger().occurrences()).isEmpty();
      assertThat(lean.ledger().acceptedCount()).isEqualTo(1);
      assertThat(lean.ledger().duplicatesRefused()).isEqualTo(1);
      assertThat(lean.ledger().count("pe1_a")).isEqualTo(1);
    }
  }
}
