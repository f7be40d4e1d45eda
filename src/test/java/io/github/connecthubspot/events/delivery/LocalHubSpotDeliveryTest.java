package io.github.connecthubspot.events.delivery;

import static io.github.connecthubspot.events.delivery.Records.completion;
import static io.github.connecthubspot.events.delivery.Records.record;
import static io.github.connecthubspot.events.delivery.Records.settings;
import static io.github.connecthubspot.events.delivery.Records.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.connecthubspot.events.client.HttpHubSpotClient;
import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.client.StaticAccessToken;
import io.github.connecthubspot.events.hubspot.Faults;
import io.github.connecthubspot.events.hubspot.LocalHubSpot;
import io.github.connecthubspot.events.hubspot.LocalHubSpot.BatchFailureMode;
import io.github.connecthubspot.events.hubspot.LocalHubSpot.DuplicateUuidMode;
import io.github.connecthubspot.events.hubspot.ManualClock;
import io.github.connecthubspot.events.hubspot.Scripted;
import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.Occurrence;
import java.time.Duration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine and the real HTTP client against the project's local HubSpot endpoint, with its faults
 * and limits on: every occurrence is accepted exactly once (the endpoint's ledger, by uuid), none
 * is lost, and the offsets reach the end.
 */
class LocalHubSpotDeliveryTest {
  private static final String TOKEN = "pat-local-test-token";
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final Duration WAIT = Duration.ofSeconds(40);

  private final RecordingReporter reporter = new RecordingReporter();
  private final RecordingPartitionControl control = new RecordingPartitionControl();

  private static HubSpotClient client(LocalHubSpot sim) {
    return new HttpHubSpotClient(new HttpHubSpotClient.Settings(sim.baseUrl(),
        Duration.ofSeconds(2), Duration.ofSeconds(5), 4, "delivery-test"),
        new StaticAccessToken(new Password(TOKEN)));
  }

  private static Map<TopicPartition, Long> committed(DeliveryEngine engine) {
    return engine.preCommit(Map.of()).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static void submit(DeliveryEngine engine, TopicPartition tp, int count,
      Set<Long> badOffsets) {
    for (long o = 0; o < count; o++) {
      SinkRecord r = record(tp.topic(), tp.partition(), o);
      Completion c = completion(r);
      if (badOffsets.contains(o)) {
        c = Completion.builder().eventName(c.eventName()).email(c.email()).uuid(c.uuid())
            .property("Not_A_Valid_Name", "x").build();
      }
      engine.submit(r, Occurrence.of(c));
    }
  }

  @ParameterizedTest
  @EnumSource(DuplicateUuidMode.class)
  void everyOccurrenceIsAcceptedOnceThroughFaultsAndRateLimits(DuplicateUuidMode duplicates) {
    Faults faults = Faults.seeded(4)
        .status(500, 0.03).status(502, 0.03).status(503, 0.03).status(504, 0.03)
        .status(521, 0.02).status(523, 0.02).status(524, 0.02).status(423, 0.01)
        .status(477, 0.02).retryAfter477Seconds(1)
        .reset(0.03).delay(0.02, Duration.ofMillis(100))
        .acceptThenFail(0.04, 502).acceptThenReset(0.04);
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).secondlyLimit(5)
        .duplicateUuidMode(duplicates).faults(faults).start()) {
      DeliveryEngine engine = DeliveryEngine.start(settings("batch.size", "100", "linger.ms", "20",
          "max.in.flight.requests", "4", "rate.limit.requests.per.second", "25",
          "retry.backoff.ms", "20", "retry.backoff.max.ms", "200", "max.buffered.records", "5000"),
          client(sim), reporter, control);
      // Random faults land on whichever requests timing makes them land on; these two make sure
      // at least two answers are lost after HubSpot recorded their occurrences.
      sim.script(Scripted.acceptThenFail(502), Scripted.acceptThenReset());
      try {
        submit(engine, P0, 1000, Set.of());
        submit(engine, P1, 1000, Set.of());

        await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(50))
            .until(() -> committed(engine).equals(Map.of(P0, 1000L, P1, 1000L)));
      } finally {
        engine.close();
      }
      assertThat(sim.ledger().countsByUuid()).hasSize(2000)
          .allSatisfy((uuid, n) -> assertThat(n).as(uuid).isOne());
      assertThat(sim.stats().rateLimitedByPolicy()).as("the secondly limit was met")
          .containsKey("SECONDLY");
      assertThat(sim.stats().faultsInjected().keySet()).as("faults of many kinds were injected")
          .hasSizeGreaterThanOrEqualTo(6);
      assertThat(sim.stats().duplicatesRefused())
          .as("occurrences accepted before a lost answer were sent again").isPositive();
      assertThat(reporter.reports()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(BatchFailureMode.class)
  void theBadOccurrencesOfABatchAreFoundAndReportedAndTheOthersAcceptedOnce(BatchFailureMode mode) {
    Set<Long> bad = Set.of(3L, 250L, 251L, 499L, 777L);
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).batchFailureMode(mode).start()) {
      DeliveryEngine engine = DeliveryEngine.start(settings("batch.size", "500", "linger.ms", "0",
          "rate.limit.requests.per.second", "1000", "max.buffered.records", "1000"),
          client(sim), reporter, control);
      try {
        submit(engine, P0, 800, bad);
        await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(20))
            .until(() -> committed(engine).equals(Map.of(P0, 800L)));
      } finally {
        engine.close();
      }
      assertThat(reporter.reports()).extracting(r -> r.record.kafkaOffset())
          .containsExactlyInAnyOrderElementsOf(bad);
      assertThat(reporter.reports()).allSatisfy(r -> assertThat(r.error)
          .isInstanceOf(RefusedRecordException.class)
          .hasMessageFindingMatch("HubSpot answered (400|207) VALIDATION_ERROR")
          .hasMessageContaining("Not_A_Valid_Name")
          .hasMessageContaining("correlationId="));
      Map<String, Long> counts = sim.ledger().countsByUuid();
      assertThat(counts).hasSize(795).allSatisfy((uuid, n) -> assertThat(n).isOne());
      bad.forEach(o -> assertThat(counts).doesNotContainKey(uuid("t", 0, o)));
    }
  }

  @Test
  void theDailyLimitPausesThePartitionsUntilTheDayRollsOver() {
    Instant start = Instant.parse("2026-05-04T23:50:00Z");
    ManualClock simClock = new ManualClock(start);
    MockTime time = new MockTime(0, start.toEpochMilli(), 0);
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).clock(simClock).dailyLimit(3)
        .start()) {
      HubSpotClient client = client(sim);
      DeliveryEngine engine = new DeliveryEngine(settings("batch.size", "1", "linger.ms", "0",
          "max.in.flight.requests", "1"), client, reporter, control, time, Runnable::run,
          new FakeThrottle(), () -> 0.5);
      submit(engine, P0, 6, Set.of());

      engine.dispatch(); // three accepted, the fourth meets the daily limit
      engine.poll();
      assertThat(control.paused).isTrue();
      assertThat(sim.ledger().acceptedCount()).isEqualTo(3);
      assertThat(committed(engine)).containsExactly(Map.entry(P0, 3L));
      long midnight = Instant.parse("2026-05-05T00:00:00Z").toEpochMilli();
      assertThat(engine.dispatch()).isEqualTo(midnight);

      time.setCurrentTimeMs(midnight);
      simClock.set(Instant.ofEpochMilli(midnight));
      engine.dispatch();
      engine.poll();
      assertThat(control.paused).isFalse();
      assertThat(committed(engine)).containsExactly(Map.entry(P0, 6L));
      assertThat(sim.ledger().countsByUuid()).hasSize(6)
          .allSatisfy((uuid, n) -> assertThat(n).isOne());
      assertThat(sim.stats().status(429)).isEqualTo(1);
      engine.close();
    }
  }

  @Test
  void offsetsNeverPassAnOccurrenceTheEndpointHasNotAccepted() {
    Faults faults = Faults.seeded(11).status(503, 0.2).reset(0.1).acceptThenReset(0.1);
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).faults(faults).start()) {
      DeliveryEngine engine = DeliveryEngine.start(settings("batch.size", "20", "linger.ms", "5",
          "max.in.flight.requests", "4", "rate.limit.requests.per.second", "1000",
          "retry.backoff.ms", "10", "retry.backoff.max.ms", "50", "max.buffered.records", "1000"),
          client(sim), reporter, control);
      try {
        submit(engine, P0, 500, Set.of());
        Set<String> accepted = new HashSet<>();
        await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(5)).until(() -> {
          Map<TopicPartition, OffsetAndMetadata> safe = engine.preCommit(Map.of());
          accepted.addAll(sim.ledger().countsByUuid().keySet());
          long upTo = safe.containsKey(P0) ? safe.get(P0).offset() : 0;
          for (long o = 0; o < upTo; o++) {
            assertThat(accepted).contains(uuid("t", 0, o));
          }
          return upTo == 500;
        });
      } finally {
        engine.close();
      }
      assertThat(sim.ledger().countsByUuid()).hasSize(500)
          .allSatisfy((uuid, n) -> assertThat(n).isOne());
    }
  }

  @Test
  void aWrongTokenFailsTheEngineNamingTheSetting() {
    try (LocalHubSpot sim = LocalHubSpot.builder().token("another-token").start()) {
      DeliveryEngine engine = DeliveryEngine.start(settings("linger.ms", "0"), client(sim),
          reporter, control);
      try {
        submit(engine, P0, 3, Set.of());
        await().atMost(WAIT).pollInSameThread().untilAsserted(() ->
            org.assertj.core.api.Assertions.assertThatThrownBy(engine::poll)
                .hasMessageContaining("hubspot.access.token")
                .hasMessageContaining("401")
                .hasMessageNotContaining(TOKEN));
      } finally {
        engine.close();
      }
      assertThat(sim.ledger().acceptedCount()).isZero();
      assertThat(sim.stats().status(401)).isEqualTo(1);
    }
  }

  /** An engine that sends on the calling thread when the test calls dispatch(): one batch per call. */
  private DeliveryEngine engineOnThisThread(HubSpotClient client, String... settings) {
    String[] all = new String[settings.length + 4];
    all[0] = "linger.ms";
    all[1] = "0";
    all[2] = "batch.size";
    all[3] = "500";
    System.arraycopy(settings, 0, all, 4, settings.length);
    return new DeliveryEngine(settings(all), client, reporter, control,
        new MockTime(0, Instant.parse("2026-05-04T10:00:00Z").toEpochMilli(), 0), Runnable::run,
        new FakeThrottle(), () -> 0.5);
  }

  @Test
  void a207MultiStatusReportsTheOccurrencesItNamesAndCountsTheOthersDeliveredWithoutResendingThem() {
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN)
        .batchFailureMode(BatchFailureMode.BAD_ITEMS_ONLY_207).start()) {
      DeliveryEngine engine = engineOnThisThread(client(sim));
      submit(engine, P0, 10, Set.of(3L, 7L));
      engine.dispatch();
      engine.poll();

      assertThat(reporter.reports()).extracting(r -> r.record.kafkaOffset())
          .containsExactlyInAnyOrder(3L, 7L);
      assertThat(reporter.reports()).allSatisfy(r -> assertThat(r.error)
          .isInstanceOf(RefusedRecordException.class)
          .hasMessageContaining("HubSpot answered 207 VALIDATION_ERROR")
          .hasMessageContaining("Not_A_Valid_Name")
          .hasMessageContaining("correlationId="));
      assertThat(committed(engine)).containsExactly(Map.entry(P0, 10L));
      assertThat(sim.ledger().countsByUuid()).hasSize(8)
          .allSatisfy((uuid, n) -> assertThat(n).isOne());
      assertThat(sim.stats().sendRequests()).as("the accepted ones are not sent again").isOne();
      engine.close();
    }
  }

  @ParameterizedTest
  @EnumSource(DuplicateUuidMode.class)
  void aUuidAlreadyAcceptedCountsAsDeliveredAndA400ThatOnlySpeaksOfADuplicateIsReported(
      DuplicateUuidMode duplicates) {
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).duplicateUuidMode(duplicates)
        .start()) {
      DeliveryEngine first = engineOnThisThread(client(sim));
      submit(first, P0, 5, Set.of());
      first.dispatch();
      assertThat(committed(first)).containsExactly(Map.entry(P0, 5L));
      first.close();

      // After a restart, offsets 0..4 come again with 5..9: HubSpot has the first five already.
      DeliveryEngine engine = engineOnThisThread(client(sim));
      submit(engine, P0, 10, Set.of());
      for (int i = 0; i < 10 && !committed(engine).equals(Map.of(P0, 10L)); i++) {
        engine.dispatch();
      }
      assertThat(committed(engine)).containsExactly(Map.entry(P0, 10L));
      assertThat(sim.ledger().countsByUuid()).hasSize(10)
          .allSatisfy((uuid, n) -> assertThat(n).isOne());

      // A 400 whose text speaks of a uuid and "duplicate", but whose code says it is invalid.
      String invalid = "uuid 'duplicate-order-17' is not a valid UUID";
      sim.script(Scripted.respond(400, "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\","
          + "\"message\":\"" + invalid + "\",\"correlationId\":\"c-17\","
          + "\"context\":{\"uuid\":[\"" + invalid + "\"]},"
          + "\"errors\":[{\"message\":\"" + invalid + "\",\"in\":\"uuid\",\"code\":\"INVALID_FORMAT\"}]}",
          Map.of()));
      SinkRecord r = record("t", 1, 0);
      Completion c = completion(r);
      engine.submit(r, Occurrence.of(Completion.builder().eventName(c.eventName()).email(c.email())
          .uuid("duplicate-order-17").build()));
      engine.dispatch();
      engine.poll();
      assertThat(reporter.reports()).singleElement()
          .satisfies(rep -> assertThat(rep.record.kafkaPartition()).isEqualTo(1))
          .satisfies(rep -> assertThat(rep.error).hasMessageContaining("is not a valid UUID"));
      assertThat(committed(engine)).containsEntry(P1, 1L);
      engine.close();
    }
  }

  @Test
  void aWholeRequest400FailsTheTaskAfterTheHalvesInsteadOfReportingEveryRecord() {
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).start()) {
      Scripted[] answers = new Scripted[10]; // a gateway's 400 for every request, whatever it holds
      for (int i = 0; i < answers.length; i++) {
        answers[i] = Scripted.respond(400, "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\","
            + "\"message\":\"Event pe999_not_here does not exist\",\"correlationId\":\"c-" + i
            + "\"}", Map.of());
      }
      sim.script(answers);
      DeliveryEngine engine = engineOnThisThread(client(sim));
      submit(engine, P0, 40, Set.of());
      engine.dispatch();

      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(engine::poll);
      assertThat(failure).isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
          .hasMessageContaining("Event pe999_not_here does not exist")
          .hasMessageContaining("hubspot.base.url")
          .hasMessageContaining("event.name")
          .hasMessageContaining("hubspot.proxy.host");
      assertThat(reporter.reports()).isEmpty();
      assertThat(sim.stats().sendRequests()).as("the batch and its two halves").isEqualTo(3);
      assertThat(sim.ledger().acceptedCount()).isZero();
      engine.close();
    }
  }

  @Test
  void aTokenEchoedAnywhereInAnAnswerNeverReachesTheTaskFailure() {
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).start()) {
      sim.script(Scripted.respond(403, "{\"status\":\"error\",\"category\":\"MISSING_SCOPES\","
          + "\"message\":\"Token " + TOKEN + " lacks a scope\",\"correlationId\":\"c-403\","
          + "\"context\":{\"requiredScopes\":[\"analytics.behavioral_events.send for " + TOKEN
          + "\"],\"" + TOKEN + "\":[\"x\"]},"
          + "\"errors\":[{\"message\":\"" + TOKEN + "\",\"in\":\"" + TOKEN + "\",\"code\":\"" + TOKEN
          + "\",\"context\":{\"token\":[\"" + TOKEN + "\"]}}]}", Map.of()));
      DeliveryEngine engine = engineOnThisThread(client(sim));
      submit(engine, P0, 1, Set.of());
      engine.dispatch();

      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(engine::poll);
      assertThat(failure).isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
          .hasMessageContaining("hubspot.access.token")
          .hasMessageContaining("c-403");
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(TOKEN);
      engine.close();
    }
  }
}
