package io.github.connecthubspot.events.hubspot;

import static io.github.connecthubspot.events.hubspot.SimHttp.batchOf;
import static io.github.connecthubspot.events.hubspot.SimHttp.completion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compact admin answers for long runs: {@code GET /_sim/uuids} and {@code GET /_sim/stats?byUuid=false}. */
class LocalHubSpotUuidsRouteTest {
  private LocalHubSpot sim;
  private SimHttp http;
  private SimHttp anonymous;

  @BeforeEach
  void start() {
    sim = LocalHubSpot.builder().token("t").recordBodies(false).start();
    http = new SimHttp(sim.baseUrl(), "t");
    anonymous = new SimHttp(sim.baseUrl(), null);
    http.batch(
        batchOf(
            completion("pe1_a", "{}", "\"uuid\":\"u2\""),
            completion("pe1_b", "{}", "\"uuid\":\"u1\""),
            completion("pe1_a", "{}"), // no uuid: not listed
            completion("pe1_a", "{}", "\"uuid\":\"u1\"")));
    http.send(completion("pe1_a", "{}", "\"uuid\":\"u2\"")); // duplicate: dropped
    http.send("{}"); // invalid
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void inProcess() {
    assertThat(sim.ledger().acceptedUuids("pe1_a")).containsExactly("u1", "u2");
    assertThat(sim.ledger().acceptedUuids("pe1_b")).containsExactly("u1");
    assertThat(sim.ledger().acceptedUuids(null)).containsExactly("u1", "u1", "u2");
    assertThat(sim.ledger().acceptedUuids("pe1_zzz")).isEmpty();
  }

  @Test
  void overHttpOnePerLineSortedWithoutAuthentication() {
    HttpResponse<String> all = anonymous.get("/_sim/uuids");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
    assertThat(all.body()).isEqualTo("u1\nu1\nu2\n");
    assertThat(anonymous.get("/_sim/uuids?eventName=pe1_a").body()).isEqualTo("u1\nu2\n");
    assertThat(anonymous.get("/_sim/uuids?eventName=pe1_b").body()).isEqualTo("u1\n");
    assertThat(anonymous.get("/_sim/uuids?eventName=pe1_zzz").body()).isEmpty();
    assertThat(sim.stats().requests()).as("/_sim routes are not counted").isEqualTo(3);
  }

  @Test
  void statsWithoutTheCountsPerUuid() {
    assertThat(SimHttp.json(anonymous.get("/_sim/stats")).at("/duplicatesRefusedByUuid/u2").asLong()).isEqualTo(1);
    JsonNode compact = SimHttp.json(anonymous.get("/_sim/stats?byUuid=false"));
    assertThat(compact.has("duplicatesRefusedByUuid")).isFalse();
    assertThat(compact.get("duplicatesRefused").asLong()).isEqualTo(1);
    assertThat(compact.get("occurrencesAccepted").asLong()).isEqualTo(4);
  }
}
