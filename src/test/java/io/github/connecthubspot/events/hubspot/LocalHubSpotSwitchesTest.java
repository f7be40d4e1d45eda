package io.github.connecthubspot.events.hubspot;

import static io.github.connecthubspot.events.hubspot.SimHttp.batchOf;
import static io.github.connecthubspot.events.hubspot.SimHttp.completion;
import static io.github.connecthubspot.events.hubspot.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.connecthubspot.events.hubspot.LocalHubSpot.BatchFailureMode;
import io.github.connecthubspot.events.hubspot.LocalHubSpot.DuplicateUuidMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalHubSpotSwitchesTest {
  private static final String E = "pe1_e";
  private static final String GOOD_A = completion(E, "{\"k\":\"a\"}", "\"uuid\":\"u-a\"");
  private static final String GOOD_B = completion(E, "{\"k\":\"b\"}", "\"uuid\":\"u-b\"");
  private static final String BAD = completion(E, "{\"K\":\"bad\"}", "\"uuid\":\"u-bad\"");

  private final ManualClock clock = ManualClock.atDefaultInstant();
  private LocalHubSpot sim;
  private SimHttp http;

  @BeforeEach
  void start() {
    sim = LocalHubSpot.builder().clock(clock).start();
    http = new SimHttp(sim.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void wholeBatchModeRecordsNothing() {
    HttpResponse<String> r = http.batch(batchOf(GOOD_A, BAD, GOOD_B));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("message").asText()).startsWith("Invalid input (1 of 3 inputs failed; nothing was recorded): inputs[1].properties.K: ");
    assertThat(sim.ledger().occurrences()).isEmpty();
    // the uuids of the good items were not consumed: the fixed batch goes through
    assertThat(http.batch(batchOf(GOOD_A, GOOD_B)).statusCode()).isEqualTo(204);
    assertThat(sim.ledger().acceptedCount()).isEqualTo(2);
  }

  @Test
  void badItemsOnlyModeRecordsTheGoodOnesAndAnswers400() {
    sim.batchFailureMode(BatchFailureMode.BAD_ITEMS_ONLY);
    HttpResponse<String> r = http.batch(batchOf(GOOD_A, BAD, GOOD_B));
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("message").asText())
        .startsWith("Invalid input (1 of 3 inputs failed and were not recorded; the other 2 were recorded): inputs[1].properties.K: ");
    assertThat(body.at("/context/failedInputs").toString()).isEqualTo("[\"1\"]");
    assertThat(body.at("/errors/0/in").asText()).isEqualTo("inputs[1].properties.K");
    assertThat(sim.ledger().occurrences()).extracting(Occurrence::uuid).containsExactly("u-a", "u-b");
    assertThat(sim.ledger().occurrences()).extracting(Occurrence::batchIndex).containsExactly(0, 2);
  }

  @Test
  void badItemsOnly207ModeAnswersMultiStatus() {
    sim.batchFailureMode(BatchFailureMode.BAD_ITEMS_ONLY_207);
    HttpResponse<String> r = http.batch(batchOf(GOOD_A, BAD, GOOD_B));
    assertThat(r.statusCode()).isEqualTo(207);
    JsonNode body = json(r);
    assertThat(body.get("status").asText()).isEqualTo("COMPLETE");
    assertThat(body.get("numErrors").asInt()).isEqualTo(1);
    assertThat(body.at("/errors/0/category").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(body.at("/errors/0/context/inputIndex/0").asText()).isEqualTo("1");
    assertThat(body.at("/errors/0/errors/0/in").asText()).isEqualTo("inputs[1].properties.K");
    assertThat(body.at("/errors/0/message").asText()).startsWith("inputs[1].properties.K: Property name 'K' is invalid");
    assertThat(body.get("startedAt").asText()).isEqualTo("2026-01-15T10:00:00Z");
    assertThat(sim.ledger().acceptedCount()).isEqualTo(2);
    // all good: still 204
    assertThat(http.batch(batchOf(completion(E, "{}"))).statusCode()).isEqualTo(204);
  }

  @Test
  void duplicateUuidDroppedSilentlyByDefault() {
    assertThat(http.send(GOOD_A).statusCode()).isEqualTo(204);
    assertThat(http.send(GOOD_A).statusCode()).isEqualTo(204);
    assertThat(http.batch(batchOf(GOOD_A, GOOD_B, GOOD_B)).statusCode()).isEqualTo(204);
    assertThat(sim.ledger().occurrences()).extracting(Occurrence::uuid).containsExactly("u-a", "u-b");
    assertThat(sim.ledger().duplicatesRefused()).isEqualTo(3);
    assertThat(sim.ledger().duplicatesRefusedByUuid()).containsEntry("u-a", 2L).containsEntry("u-b", 1L);
    assertThat(sim.stats().duplicatesRefused()).isEqualTo(3);
  }

  @Test
  void sameUuidForAnotherEventIsNotADuplicate() {
    assertThat(http.send(GOOD_A).statusCode()).isEqualTo(204);
    assertThat(http.send(completion("pe1_other", "{}", "\"uuid\":\"u-a\"")).statusCode()).isEqualTo(204);
    assertThat(sim.ledger().countByUuid("u-a")).isEqualTo(2);
    assertThat(sim.ledger().duplicatesRefused()).isZero();
  }

  @Test
  void uuidIsRememberedForAYear() {
    assertThat(http.send(GOOD_A).statusCode()).isEqualTo(204);
    clock.advance(Duration.ofDays(365));
    http.send(GOOD_A);
    assertThat(sim.ledger().acceptedCount()).isEqualTo(1);
    clock.advance(Duration.ofDays(1));
    http.send(GOOD_A);
    assertThat(sim.ledger().acceptedCount()).isEqualTo(2);
  }

  @Test
  void duplicateUuidRejectedWith400WhenSwitchedOn() {
    sim.duplicateUuidMode(DuplicateUuidMode.REJECT);
    assertThat(http.send(GOOD_A).statusCode()).isEqualTo(204);
    HttpResponse<String> r = http.send(GOOD_A);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("category").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(body.get("message").asText())
        .isEqualTo("Invalid input: uuid: Duplicate uuid 'u-a' for event 'pe1_e': an occurrence with this uuid was already accepted");
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("DUPLICATE_UUID");
    // in a batch (whole-batch mode) nothing is recorded, and the good uuid stays free
    HttpResponse<String> b = http.batch(batchOf(GOOD_B, GOOD_A));
    assertThat(b.statusCode()).isEqualTo(400);
    assertThat(json(b).get("message").asText())
        .isEqualTo("Invalid input (1 of 2 inputs failed; nothing was recorded): inputs[1].uuid: Duplicate uuid 'u-a'"
            + " for event 'pe1_e': an occurrence with this uuid was already accepted");
    assertThat(sim.ledger().acceptedCount()).isEqualTo(1);
    assertThat(http.send(GOOD_B).statusCode()).isEqualTo(204);
    assertThat(sim.ledger().duplicatesRefused()).isEqualTo(2);
  }

  @Test
  void duplicateRejectWithBadItemsOnlyRecordsTheRest() {
    sim.duplicateUuidMode(DuplicateUuidMode.REJECT).batchFailureMode(BatchFailureMode.BAD_ITEMS_ONLY);
    http.send(GOOD_A);
    HttpResponse<String> r = http.batch(batchOf(GOOD_A, GOOD_B, BAD));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).at("/context/failedInputs").toString()).isEqualTo("[\"0\",\"2\"]");
    assertThat(sim.ledger().occurrences()).extracting(Occurrence::uuid).containsExactly("u-a", "u-b");
  }

  @Test
  void retryAfterOn429IsASwitch() {
    try (LocalHubSpot limited = LocalHubSpot.builder().clock(clock).tenSecondlyLimit(1).start()) {
      SimHttp h = new SimHttp(limited.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
      assertThat(h.send(GOOD_A).statusCode()).isEqualTo(204);
      HttpResponse<String> without = h.send(GOOD_B);
      assertThat(without.statusCode()).isEqualTo(429);
      assertThat(without.headers().firstValue("Retry-After")).isEmpty();
      limited.retryAfterOn429(true);
      clock.advance(Duration.ofMillis(2500));
      HttpResponse<String> with = h.send(GOOD_B);
      assertThat(with.statusCode()).isEqualTo(429);
      assertThat(with.headers().firstValue("Retry-After")).contains("8");
    }
  }
}
