package io.github.connecthubspot.events.delivery;

import static io.github.connecthubspot.events.delivery.Records.completion;
import static io.github.connecthubspot.events.delivery.Records.record;
import static io.github.connecthubspot.events.delivery.Records.settings;
import static io.github.connecthubspot.events.delivery.Records.uuid;
import static io.github.connecthubspot.events.delivery.ScriptedClient.error;
import static io.github.connecthubspot.events.delivery.ScriptedClient.failure;
import static io.github.connecthubspot.events.delivery.ScriptedClient.rateLimit;
import static io.github.connecthubspot.events.delivery.ScriptedClient.remaining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.connecthubspot.events.client.HubSpotException;
import io.github.connecthubspot.events.client.RateLimitInfo;
import io.github.connecthubspot.events.model.BatchRequest;
import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.HubSpotError;
import io.github.connecthubspot.events.model.Occurrence;
import io.github.connecthubspot.events.model.RequestJson;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryEngineTest {
  /** 10:07 UTC: the next daily-limit probe is at 10:15. */
  private static final long T0 = Instant.parse("2026-05-04T10:07:00Z").toEpochMilli();
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final MockTime time = new MockTime(0, T0, 0);
  private final ScriptedClient client = new ScriptedClient();
  private final ManualExecutor executor = new ManualExecutor();
  private final FakeThrottle throttle = new FakeThrottle();
  private final RecordingReporter reporter = new RecordingReporter();
  private final RecordingPartitionControl control = new RecordingPartitionControl();

  private DeliveryEngine engine(String... settings) {
    return engine(executor, reporter, settings);
  }

  private DeliveryEngine engine(Executor senders, RecordingReporter reporter, String... settings) {
    return new DeliveryEngine(settings(settings), client, reporter, control, time, senders,
        throttle, () -> 0.5);
  }

  private static List<SinkRecord> submit(DeliveryEngine engine, TopicPartition tp, long from,
      int count) {
    List<SinkRecord> records = new ArrayList<>();
    for (long o = from; o < from + count; o++) {
      SinkRecord r = record(tp.topic(), tp.partition(), o);
      engine.submit(r, Occurrence.of(completion(r)));
      records.add(r);
    }
    return records;
  }

  /** Dispatches and runs every send, again and again, until nothing more is due now. */
  /** The failed request goes again exactly {@code waitMs} after the first: not a millisecond sooner. */
  private void assertSentAgainExactlyAfter(DeliveryEngine engine, long waitMs) {
    assertThat(engine.dispatch()).isEqualTo(T0 + waitMs);
    time.sleep(waitMs - 1);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(1);
    time.sleep(1);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(2);
  }

  private void drainNow(DeliveryEngine engine) {
    do {
      engine.dispatch();
    } while (executor.runNext());
  }

  private static Map<TopicPartition, Long> committed(DeliveryEngine engine) {
    return engine.preCommit(Map.of()).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private List<Integer> requestSizes() {
    return client.requests().stream().map(List::size).collect(Collectors.toList());
  }

  // ---------------------------------------------------------------- batching

  @Test
  void lingerSendsAPartialBatchOnceItsOldestOccurrenceHasWaited() {
    DeliveryEngine engine = engine("linger.ms", "1000");
    submit(engine, P0, 0, 3);

    assertThat(engine.dispatch()).isEqualTo(T0 + 1000);
    assertThat(executor.queued()).isZero();
    time.sleep(999);
    engine.dispatch();
    assertThat(executor.queued()).isZero();

    time.sleep(1);
    drainNow(engine);
    assertThat(requestSizes()).containsExactly(3);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 3L));
  }

  @Test
  void aFullBatchGoesAtOnceAndTheRestWaitsForLinger() {
    DeliveryEngine engine = engine("batch.size", "10", "linger.ms", "1000",
        "max.buffered.records", "100");
    submit(engine, P0, 0, 25);

    drainNow(engine);
    assertThat(requestSizes()).containsExactly(10, 10);
    time.sleep(1000);
    drainNow(engine);
    assertThat(requestSizes()).containsExactly(10, 10, 5);
    assertThat(client.requests().get(0).get(0).uuid()).isEqualTo(uuid("t", 0, 0));
  }

  @Test
  void neverMoreRequestsInFlightThanTheBound() {
    DeliveryEngine engine = engine("batch.size", "10", "max.in.flight.requests", "3",
        "max.buffered.records", "1000");
    submit(engine, P0, 0, 200);

    int most = 0;
    do {
      engine.dispatch();
      most = Math.max(most, executor.queued());
      assertThat(executor.queued()).isLessThanOrEqualTo(3);
    } while (executor.runNext());

    assertThat(most).isEqualTo(3);
    assertThat(client.requestCount()).isEqualTo(20);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 200L));
  }

  @Test
  void keepsInFlightWhatTheRateNeedsAtTheObservedAnswerTimeWithinTheBound() {
    // Little's law: at FakeThrottle's 10 requests/s and answers taking 200 ms, 10 x 0.2 = 2
    // requests in flight carry the budget; 2 more of headroom. Before any answer: the bound.
    DeliveryEngine engine = engine("batch.size", "1", "linger.ms", "0",
        "max.in.flight.requests", "32", "max.buffered.records", "1000");
    for (int i = 0; i < 100; i++) {
      client.then(r -> {
        time.sleep(200);
        return client.accept(r);
      });
    }
    submit(engine, P0, 0, 100);
    engine.dispatch();
    assertThat(executor.queued()).isEqualTo(32);
    executor.runQueued();

    int most = 0;
    do {
      engine.dispatch();
      most = Math.max(most, executor.queued());
    } while (executor.runNext());
    assertThat(most).isEqualTo(4);
    assertThat(engine.inFlightTargetForTest()).isEqualTo(4);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 100L));
  }

  @Test
  void sendsOnlyWithAPermitAndComesBackWhenOneMayBeFree() {
    DeliveryEngine engine = engine("batch.size", "10", "max.buffered.records", "100");
    throttle.grant(1);
    submit(engine, P0, 0, 30);

    assertThat(engine.dispatch()).isEqualTo(T0 + throttle.retryDelayMs());
    executor.runQueued();
    assertThat(client.requestCount()).isEqualTo(1);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(1);

    throttle.grant(2);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(3);
  }

  // ---------------------------------------------------------------- transient failures

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504, 521, 523, 524})
  void transientAnswersAreRetriedAfterBackoff(int status) {
    DeliveryEngine engine = engine("linger.ms", "0", "retry.backoff.ms", "500");
    client.thenFail(status, error("INTERNAL", "try later", "c1"))
        .thenFail(status, error("INTERNAL", "try later", "c2"));
    submit(engine, P0, 0, 2);

    drainNow(engine);
    // jitter 0.5: first wait within [500, 1000) -> 750; second within [1000, 2000) -> 1500
    assertThat(engine.dispatch()).isEqualTo(T0 + 750);
    time.sleep(750);
    drainNow(engine);
    assertThat(engine.dispatch()).isEqualTo(T0 + 750 + 1500);
    time.sleep(1499);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(2);
    assertThat(committed(engine)).isEmpty();

    time.sleep(1);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(3);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 2L));
    assertThat(client.accepted()).containsOnlyKeys(uuid("t", 0, 0), uuid("t", 0, 1));
  }

  @Test
  void ioErrorsAndTimeoutsAreRetried() {
    DeliveryEngine engine = engine("linger.ms", "0");
    client.thenFail(HubSpotException.transport("POST", new SocketTimeoutException("Read timed out")))
        .thenFail(HubSpotException.transport("POST", new IOException("Connection reset")));
    submit(engine, P0, 0, 1);

    drainNow(engine);
    time.sleep(749); // jitter 0.5: waits 750, then 1500
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(1);
    time.sleep(1);
    drainNow(engine);
    time.sleep(1499);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(2);
    time.sleep(1);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(3);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 1L));
  }

  @Test
  void aLockedAnswerWaitsAtLeastTwoSeconds() {
    DeliveryEngine engine = engine("linger.ms", "0", "retry.backoff.ms", "100");
    client.thenFail(423, error("LOCKED", "locked", "c"));
    submit(engine, P0, 0, 1);

    drainNow(engine);
    assertSentAgainExactlyAfter(engine, 2000);
  }

  @Test
  void migrationInProgressWaitsForRetryAfter() {
    DeliveryEngine engine = engine("linger.ms", "0");
    client.thenFail(failure(477, error("MIGRATION_IN_PROGRESS", "moving", "c"),
        OptionalLong.of(7_000), RateLimitInfo.NONE));
    submit(engine, P0, 0, 1);

    drainNow(engine);
    assertSentAgainExactlyAfter(engine, 7_000);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 1L));
  }

  @Test
  void givesUpAfterRetryTimeoutNamingTheSettingsAndCommitsNothingPastTheBatch() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "5",
        "max.in.flight.requests", "1", "retry.backoff.ms", "1000", "retry.backoff.max.ms", "1000",
        "retry.timeout.ms", "5000");
    client.thenSucceed(RateLimitInfo.NONE);
    HubSpotError down = error("INTERNAL", "Service Unavailable", "corr-503");
    for (int i = 0; i < 10; i++) {
      client.thenFail(503, down);
    }
    submit(engine, P0, 0, 10);

    drainNow(engine);
    for (int i = 0; i < 5; i++) {
      assertThat(committed(engine)).containsExactly(Map.entry(P0, 5L));
      time.sleep(1000);
      drainNow(engine);
    }
    assertThat(client.requestCount()).isEqualTo(7); // 1 success, 6 failures over 5 s

    assertThatThrownBy(engine::poll)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("Gave up on 5 occurrence(s) starting at t-0@5 after 6 failed")
        .hasMessageContaining("retry.timeout.ms=5000")
        .hasMessageContaining("retry.backoff.ms=1000")
        .hasMessageContaining("retry.backoff.max.ms=1000")
        .hasMessageContaining("correlationId=corr-503")
        .cause().isInstanceOf(HubSpotException.class);
    assertThat(committed(engine)).as("a commit stays quiet (put() throws), and commits what is done")
        .containsExactly(Map.entry(P0, 5L));
    engine.dispatch();
    assertThat(client.requestCount()).isEqualTo(7);
  }

  // ---------------------------------------------------------------- rate limits

  @Test
  void aTenSecondlyLimitHoldsEveryRequestForTheWindowAndSlowsDown() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "5",
        "max.in.flight.requests", "1");
    client.thenFail(429, rateLimit("TEN_SECONDLY_ROLLING"));
    submit(engine, P0, 0, 10);

    drainNow(engine);
    assertThat(throttle.slowDowns).isEqualTo(1);
    assertThat(engine.dispatch()).isEqualTo(T0 + 10_000);
    time.sleep(9_999);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(1);

    time.sleep(1);
    drainNow(engine);
    assertThat(requestSizes()).containsExactly(5, 5, 5);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 10L));
    assertThat(throttle.recoveries).isEqualTo(2);
  }

  @Test
  void noRemainingRequestsLeftByThisTasksOwnFullWindowNeitherHoldsLongerNorSlowsDown() {
    // The task's share is the whole window (2 per 10 s): HubSpot's "Remaining: 0" after the
    // second request is the task's own doing. The next request goes when the first answer's
    // 10 s are over (T0 + 10 s), not 10 s after the second answer, and the rate stays.
    WindowedThrottle windowed = new WindowedThrottle(throttle, new RollingWindow(2, 10_000, time));
    DeliveryEngine engine = new DeliveryEngine(settings("batch.size", "1", "linger.ms", "0"),
        client, reporter, control, time, executor, windowed, () -> 0.5);
    client.thenSucceed(remaining(1, 10_000));
    client.then(r -> {
      time.sleep(5_000);
      client.accept(r);
      return new io.github.connecthubspot.events.client.SendResult(200, remaining(0, 10_000));
    });
    submit(engine, P0, 0, 3);
    engine.dispatch();
    assertThat(executor.queued()).isEqualTo(2);
    executor.runQueued();

    assertThat(engine.dispatch()).isEqualTo(T0 + 10_000);
    assertThat(throttle.slowDowns).isZero();
    time.sleep(5_000 - 1);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(2);
    time.sleep(1);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(3);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 3L));
  }

  @Test
  void noRemainingRequestsLeftByOthersFillOnlyWhatTheyTookUntilAWindowFromNow() {
    // 4 per 10 s for this task. The credentials check takes one; HubSpot's first batch answer
    // says none is left: two more are someone else's (the connector's check when Connect
    // validated it, another app). The next batch goes when the check leaves the window (T0 +
    // 10 s), the third when the first batch and the others' two do (T0 + 11 s): nothing held
    // longer, and the rate is not cut.
    WindowedThrottle windowed = new WindowedThrottle(throttle, new RollingWindow(4, 10_000, time));
    DeliveryEngine engine = new DeliveryEngine(settings("batch.size", "1", "linger.ms", "0",
        "max.in.flight.requests", "1", "task.id", "1"), client, reporter, control, time, executor,
        windowed, () -> 0.5);
    engine.checkCredentials();
    time.sleep(1_000);
    client.thenSucceed(remaining(0, 10_000)).thenSucceed(remaining(2, 10_000));
    submit(engine, P0, 0, 3);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(1);
    assertThat(engine.dispatch()).isEqualTo(T0 + 10_000);
    assertThat(throttle.slowDowns).isZero();

    time.sleep(9_000 - 1);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(1);
    time.sleep(1); // T0 + 10 s: the check left the window, the others' two have not
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(2);
    time.sleep(1_000);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(3);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 3L));
  }

  @Test
  void taskZeroCountsTheConnectorsOwnCheckWithItsOwn() {
    // Connect validated the config (one check sent by the connector) just before task 0 started
    // and sent its own: of 3 per 10 s, one is left for a batch until those two leave the window.
    WindowedThrottle windowed = new WindowedThrottle(throttle, new RollingWindow(3, 10_000, time));
    DeliveryEngine engine = new DeliveryEngine(settings("batch.size", "1", "linger.ms", "0",
        "task.id", "0"), client, reporter, control, time, executor, windowed, () -> 0.5);
    engine.checkCredentials();
    submit(engine, P0, 0, 2);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(1);
    assertThat(engine.dispatch()).isEqualTo(T0 + 10_000);
    time.sleep(10_000);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(2);
  }

  @Test
  void aRetryAfterOnA429IsHonoured() {
    DeliveryEngine engine = engine("linger.ms", "0");
    client.thenFail(failure(429, rateLimit("SECONDLY"), OptionalLong.of(3_000), RateLimitInfo.NONE));
    submit(engine, P0, 0, 1);

    drainNow(engine);
    assertSentAgainExactlyAfter(engine, 3_000);
  }

  @Test
  void aSecondlyLimitWithoutRetryAfterWaitsOneSecond() {
    DeliveryEngine engine = engine("linger.ms", "0");
    client.thenFail(429, rateLimit("SECONDLY"));
    submit(engine, P0, 0, 1);

    drainNow(engine);
    assertThat(engine.dispatch()).isEqualTo(T0 + 1_000);
  }

  @Test
  void noRemainingRequestsInTheWindowHoldsAndSlowsDownThenRecovers() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "1",
        "max.in.flight.requests", "1", "max.buffered.records", "10");
    client.headers(r -> remaining(r.get(0).uuid().endsWith("-0") ? 0 : 7, 10_000));
    submit(engine, P0, 0, 3);

    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(1);
    assertThat(throttle.slowDowns).isEqualTo(1);
    assertThat(engine.dispatch()).isEqualTo(T0 + 10_000);

    time.sleep(10_000);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(3);
    assertThat(throttle.recoveries).isEqualTo(2);
  }

  @Test
  void theDailyLimitPausesThePartitionsProbesAtEachQuarterHourAndResumes() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "5",
        "max.in.flight.requests", "4", "max.buffered.records", "100");
    client.thenFail(429, rateLimit("DAILY")).thenFail(429, rateLimit("DAILY"))
        .thenFail(429, rateLimit("DAILY"));
    submit(engine, P0, 0, 15);

    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(3);
    engine.poll();
    assertThat(control.paused).isTrue();
    assertThat(control.wakeUpMs).isEqualTo(DeliveryEngine.PAUSED_WAKE_UP_MS);
    long probe = Instant.parse("2026-05-04T10:15:00Z").toEpochMilli();
    assertThat(engine.dispatch()).isEqualTo(probe);

    // the probe: one request, however many wait
    time.setCurrentTimeMs(probe);
    engine.dispatch();
    assertThat(executor.queued()).isEqualTo(1);
    client.thenFail(429, rateLimit("DAILY"));
    executor.runNext();
    engine.poll();
    assertThat(control.paused).isTrue();
    long nextProbe = Instant.parse("2026-05-04T10:30:00Z").toEpochMilli();
    assertThat(engine.dispatch()).isEqualTo(nextProbe);

    time.setCurrentTimeMs(nextProbe);
    engine.dispatch();
    assertThat(executor.queued()).isEqualTo(1);
    executor.runNext(); // accepted: the limit has reset
    engine.poll();
    assertThat(control.paused).isFalse();
    assertThat(control.resumes).isEqualTo(1);

    drainNow(engine);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 15L));
    assertThat(client.accepted()).hasSize(15);
    assertThat(client.requestCount()).isEqualTo(3 + 2 + 2);
  }

  @Test
  void theDailyLimitDoesNotKeepThePartitionsPausedOnceTheRecordsWaitingForItAreRevoked() {
    // Regression: with nothing left to probe with, the task stayed paused for good.
    DeliveryEngine engine = engine("linger.ms", "0");
    client.thenFail(429, rateLimit("DAILY"));
    submit(engine, P0, 0, 2);
    drainNow(engine);
    engine.poll();
    assertThat(control.paused).isTrue();

    engine.close(List.of(P0)); // revoked: no request of ours will probe the limit
    engine.poll();
    assertThat(control.paused).isFalse();

    submit(engine, P1, 0, 1); // the probe, at the next quarter hour
    engine.poll();
    assertThat(control.paused).isTrue();
    long probe = Instant.parse("2026-05-04T10:15:00Z").toEpochMilli();
    assertThat(engine.dispatch()).isEqualTo(probe);
    time.setCurrentTimeMs(probe);
    drainNow(engine);
    engine.poll();
    assertThat(control.paused).isFalse();
    assertThat(committed(engine)).containsExactly(Map.entry(P1, 1L));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theWaitForTheDailyLimitDoesNotCountAgainstTheRetryTimeout(boolean dailyAnswerFirst) {
    // Regression: a batch that had failed once failed the task at its next transient failure
    // after the limit reset, its retry clock having run through the wait for the reset.
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "1",
        "max.in.flight.requests", "2", "retry.backoff.ms", "500", "retry.timeout.ms", "60000");
    HubSpotError down = error("INTERNAL", "unavailable", "c");
    if (dailyAnswerFirst) { // the other request fails while the limit holds
      client.thenFail(429, rateLimit("DAILY")).thenFail(503, down);
    } else { // the other request is waiting for its retry when the limit is hit
      client.thenFail(503, down).thenFail(429, rateLimit("DAILY"));
    }
    client.thenFail(503, down); // the probe, at 10:15: 8 minutes after the first failure
    submit(engine, P0, 0, 2);
    engine.dispatch();
    executor.runNext();
    executor.runNext();
    long probe = Instant.parse("2026-05-04T10:15:00Z").toEpochMilli();
    assertThat(engine.dispatch()).isEqualTo(probe);

    time.setCurrentTimeMs(probe);
    drainNow(engine);
    engine.poll(); // the probe failed transiently: retried, not given up on
    assertThat(client.requestCount()).isEqualTo(4); // then the other batch went, and was accepted
    time.sleep(1_000);
    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(5);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 2L));
  }

  @Test
  void theDailyLimitHonoursRetryAfterWhenHubSpotSendsOne() {
    DeliveryEngine engine = engine("linger.ms", "0");
    client.thenFail(failure(429, rateLimit("DAILY"), OptionalLong.of(60_000), RateLimitInfo.NONE));
    submit(engine, P0, 0, 1);

    drainNow(engine);
    assertThat(engine.dispatch()).isEqualTo(T0 + 60_000);
  }

  @Test
  void theDailyLimitFailsTheTaskWhenSoConfigured() {
    DeliveryEngine engine = engine("linger.ms", "0", "behavior.on.daily.limit", "fail");
    client.thenFail(429, rateLimit("DAILY"));
    submit(engine, P0, 0, 1);

    drainNow(engine);
    assertThatThrownBy(engine::poll)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("daily API limit")
        .hasMessageContaining("behavior.on.daily.limit=fail")
        .hasMessageContaining("behavior.on.daily.limit=pause")
        .cause().isInstanceOf(HubSpotException.class);
    assertThat(client.requestCount()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- fatal answers

  @Test
  void aRefusedTokenFailsTheTaskAtOnceNamingTheSetting() {
    DeliveryEngine engine = engine("linger.ms", "0");
    client.thenFail(401, error("INVALID_AUTHENTICATION", "Authentication credentials not found",
        "corr-401"));
    submit(engine, P0, 0, 3);

    drainNow(engine);
    assertThatThrownBy(engine::poll)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("hubspot.access.token")
        .hasMessageContaining("corr-401")
        .hasMessageNotContaining("pat-test")
        .cause().isInstanceOf(HubSpotException.class);
    assertThat(client.requestCount()).isEqualTo(1);
  }

  @Test
  void aMissingScopeFailsTheTaskNamingTheTokenAndTheScope() {
    DeliveryEngine engine = engine("linger.ms", "0");
    HubSpotError forbidden = error("MISSING_SCOPES", "This app hasn't been granted all required"
        + " scopes to make this call.", "corr-403");
    forbidden.context = Map.of("requiredGranularScopes", List.of("analytics.behavioral_events.send"));
    client.thenFail(403, forbidden);
    submit(engine, P0, 0, 1);

    drainNow(engine);
    assertThat(engine.preCommit(Map.of())).as("a commit stays quiet: put() throws").isEmpty();
    assertThatThrownBy(engine::poll)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("hubspot.access.token")
        .hasMessageContaining("needs the scope analytics.behavioral_events.send")
        .hasMessageContaining("HubSpot names as missing: analytics.behavioral_events.send");
  }

  @Test
  void anUnexpectedClientErrorFailsTheTaskWithItsCause() {
    DeliveryEngine engine = engine("linger.ms", "0");
    client.then(r -> {
      throw new IllegalStateException("bug");
    });
    submit(engine, P0, 0, 1);

    drainNow(engine);
    assertThatThrownBy(engine::poll)
        .isInstanceOf(ConnectException.class)
        .hasMessage("Sending 1 occurrence(s) starting at t-0@0 failed unexpectedly")
        .cause().hasMessage("bug");
  }

  // ---------------------------------------------------------------- 400: bisection

  @Test
  void bisectionFindsExactlyTheThreeBadRecordsOfA500RecordBatch() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "500",
        "max.buffered.records", "500");
    Set<String> bad = Set.of(uuid("t", 0, 17), uuid("t", 0, 250), uuid("t", 0, 251));
    client.badUuids(bad);
    submit(engine, P0, 0, 500);

    drainNow(engine);
    engine.poll();

    assertThat(reporter.reports()).extracting(r -> r.record.kafkaOffset())
        .containsExactlyInAnyOrder(17L, 250L, 251L);
    RecordingReporter.Report first = reporter.reports().stream()
        .filter(r -> r.record.kafkaOffset() == 17).findFirst().orElseThrow();
    assertThat(first.error)
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("Property values were not valid: t-0-17")
        .hasMessageContaining("correlationId=corr-t-0-17");
    assertThat(first.error.getStackTrace()).isEmpty();
    assertThat(client.accepted()).hasSize(497).doesNotContainKeys(bad.toArray(new String[0]))
        .allSatisfy((uuid, times) -> assertThat(times).isEqualTo(1));
    // k bad records in n: at most 1 + 2k*ceil(log2 n) requests
    assertThat(client.requestCount()).isLessThanOrEqualTo(1 + 2 * 3 * 9);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 500L));
  }

  /** Answers the next {@code n} requests with {@code answer}. */
  private void answerEach(int n, ScriptedClient.Answer answer) {
    for (int i = 0; i < n; i++) {
      client.then(answer);
    }
  }

  private static int correlation;

  /** A 400 about the request, naming no input; a fresh correlationId each time, as HubSpot's. */
  private static HubSpotException requestLevel400(List<Occurrence> request, boolean json) {
    HubSpotError e = json
        ? error("VALIDATION_ERROR", "Event name pe123_unknown is not a known event", "corr-" + ++correlation)
        : error(null, "<html><body>400 Bad Request: request rejected by gateway</body></html>", null);
    return failure(400, e, OptionalLong.empty(), RateLimitInfo.NONE, ScriptedClient.uuids(request));
  }

  @ParameterizedTest
  @ValueSource(strings = {"json-2", "json-8", "text-8"})
  void aWholeRequest400FailsTheTaskOnceBothHalvesGetItInsteadOfBisectingTheStreamIntoTheDlq(
      String body) {
    int n = Integer.parseInt(body.substring(body.indexOf('-') + 1));
    boolean json = body.startsWith("json");
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", String.valueOf(n));
    answerEach(64, r -> {
      throw requestLevel400(r, json);
    });
    submit(engine, P0, 0, n);

    drainNow(engine);

    // The batch, its halves, and at most the quarters already on the wire when the second half's
    // answer came: never a request per record.
    assertThat(requestSizes()).startsWith(n, n / 2, n / 2).hasSizeLessThanOrEqualTo(7);
    if (n > 2) {
      assertThat(requestSizes()).doesNotContain(1);
    }
    assertThatThrownBy(engine::poll)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(json ? "Event name pe123_unknown is not a known event"
            : "400 Bad Request: request rejected by gateway")
        .hasMessageContaining("hubspot.base.url")
        .hasMessageContaining("event.name")
        .hasMessageContaining("hubspot.proxy.host")
        .hasMessageContaining("dead-letter queue");
    assertThat(reporter.reports()).isEmpty();
    assertThat(engine.held()).as("no record done: none reported, none committed").isEqualTo(n);
  }

  @Test
  void aRequestLevelLooking400CausedByOneRecordStillBisectsDownToThatRecord() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "16");
    String bad = uuid("t", 0, 11);
    answerEach(64, r -> {
      if (ScriptedClient.uuids(r).contains(bad)) { // the same unattributed words every time
        throw failure(400, error("VALIDATION_ERROR", "Invalid input", "corr-" + ++correlation),
            OptionalLong.empty(), RateLimitInfo.NONE, ScriptedClient.uuids(r));
      }
      return client.accept(r);
    });
    submit(engine, P0, 0, 16);

    drainNow(engine);
    engine.poll();

    assertThat(reporter.reports()).extracting(r -> r.record.kafkaOffset()).containsExactly(11L);
    assertThat(client.accepted()).hasSize(15);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 16L));
  }

  @Test
  void recordsThatAreAllBadEachNamedByItsInputStillBisectToSinglesAndAreReported() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "8");
    answerEach(64, r -> {
      HubSpotError e = error("VALIDATION_ERROR", "Invalid input", "corr-" + ++correlation);
      e.errors = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) { // the same words for each, but each names its input
        HubSpotError.Detail d = new HubSpotError.Detail();
        d.message = "Property values were not valid";
        d.in = "inputs[" + i + "].properties.amount";
        e.errors.add(d);
      }
      throw failure(400, e, OptionalLong.empty(), RateLimitInfo.NONE, ScriptedClient.uuids(r));
    });
    submit(engine, P0, 0, 8);

    drainNow(engine);
    engine.poll();

    assertThat(reporter.reports()).extracting(r -> r.record.kafkaOffset())
        .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 8L));
  }

  @Test
  void aTooLargeAnswerOnBothHalvesKeepsSplitting() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "8");
    answerEach(64, r -> {
      if (r.size() > 1) { // the same 413 for each request of more than one
        throw failure(413, error(null, "Request entity too large", null), OptionalLong.empty(),
            RateLimitInfo.NONE, ScriptedClient.uuids(r));
      }
      return client.accept(r);
    });
    submit(engine, P0, 0, 8);

    drainNow(engine);
    engine.poll();

    assertThat(reporter.reports()).isEmpty();
    assertThat(client.accepted()).hasSize(8);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 8L));
  }

  @Test
  void aLoneOccurrenceRefusedWithARequestLevel400IsReportedAsToday() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "1");
    answerEach(3, r -> {
      throw requestLevel400(r, true);
    });
    submit(engine, P0, 0, 3);

    drainNow(engine);
    engine.poll();

    assertThat(requestSizes()).containsExactly(1, 1, 1);
    assertThat(reporter.reports()).extracting(r -> r.record.kafkaOffset())
        .containsExactly(0L, 1L, 2L);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 3L));
  }

  @Test
  void aDuplicateUuidCountsAsDelivered() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "10");
    client.knownUuids(List.of(uuid("t", 0, 3), uuid("t", 0, 8)));
    submit(engine, P0, 0, 10);

    drainNow(engine);
    engine.poll();
    assertThat(reporter.reports()).isEmpty();
    assertThat(client.accepted()).hasSize(8);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 10L));
  }

  @Test
  void aRefusedRecordFailsTheTaskWhenThereIsNoReporter() {
    DeliveryEngine engine = engine(executor, null, "linger.ms", "0");
    client.badUuids(List.of(uuid("t", 0, 1)));
    submit(engine, P0, 0, 2);

    drainNow(engine);
    assertThatThrownBy(engine::poll)
        .isInstanceOf(ConnectException.class)
        .hasMessageStartingWith("HubSpot refused record t-0@1: HubSpot refused the occurrence:"
            + " HubSpot answered 400: Property values were not valid: t-0-1")
        .hasMessageContaining("correlationId=corr-t-0-1")
        .hasMessageContaining("errors.tolerance=all")
        .cause().isInstanceOf(RefusedRecordException.class);
    assertThat(engine.preCommit(Map.of())).as("a commit stays quiet: put() throws").isEmpty();
    assertThatThrownBy(engine::poll).isInstanceOf(ConnectException.class);
  }

  // ---------------------------------------------------------------- records that are not sent

  @Test
  void anInvalidRecordIsReportedAndCommittedOnlyOnceItsReportIsDone() {
    DeliveryEngine engine = engine("linger.ms", "0");
    reporter.holdFutures = true;
    engine.reject(record("t", 0, 0), new IllegalArgumentException("no identifier"));
    SinkRecord tombstone = record("t", 0, 1);
    engine.skip(tombstone);

    assertThat(committed(engine)).isEmpty();
    reporter.reports().get(0).future.complete(null);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 2L));
    assertThat(client.requestCount()).isZero();
  }

  @Test
  void aFailedReportFailsTheTask() {
    DeliveryEngine engine = engine();
    reporter.holdFutures = true;
    engine.reject(record("t", 0, 0), new IllegalArgumentException("no identifier"));
    reporter.reports().get(0).future.completeExceptionally(new IllegalStateException("dlq down"));

    assertThat(engine.preCommit(Map.of())).as("a commit stays quiet: put() throws").isEmpty();
    assertThatThrownBy(engine::poll)
        .isInstanceOf(ConnectException.class)
        .hasMessage("The errant-record reporter failed to take record t-0@0")
        .cause().hasMessage("dlq down");
  }

  @Test
  void anInvalidRecordFailsTheTaskWithItsRuleWhenThereIsNoReporter() {
    DeliveryEngine engine = engine(executor, null);
    assertThatThrownBy(() -> engine.reject(record("t", 0, 4),
        new IllegalArgumentException("property 'x' is longer than 256 characters")))
        .isInstanceOf(ConnectException.class)
        .hasMessageStartingWith("Record t-0@4 is invalid: property 'x' is longer than 256"
            + " characters (set errors.tolerance=all");
  }

  // ---------------------------------------------------------------- offsets

  @Test
  void offsetsAreKeyedByTheOriginalCoordinates() {
    DeliveryEngine engine = engine("linger.ms", "0");
    SinkRecord original = record("orders", 2, 41);
    SinkRecord renamed = original.newRecord("renamed", 7, null, null, null, original.value(),
        original.timestamp());
    engine.submit(renamed, Occurrence.of(completion(original)));

    drainNow(engine);
    assertThat(committed(engine)).containsExactly(Map.entry(new TopicPartition("orders", 2), 42L));
  }

  /**
   * Property: whatever order answers come in, and whatever they are, preCommit() never returns an
   * offset at or before a record that was neither delivered nor reported.
   */
  @Test
  void preCommitNeverPassesARecordNotYetDone() {
    for (long seed = 0; seed < 100; seed++) {
      checkCommitsAreSafe(new java.util.Random(seed));
    }
  }

  private void checkCommitsAreSafe(java.util.Random random) {
    MockTime clock = new MockTime(0, T0, 0);
    ScriptedClient hubspot = new ScriptedClient();
    ManualExecutor senders = new ManualExecutor();
    RecordingReporter dlq = new RecordingReporter();
    dlq.holdFutures = true;
    DeliveryEngine engine = new DeliveryEngine(
        settings("linger.ms", "" + random.nextInt(50), "batch.size", "" + (1 + random.nextInt(8)),
            "max.in.flight.requests", "" + (1 + random.nextInt(5)), "retry.backoff.ms", "10",
            "retry.backoff.max.ms", "40", "max.buffered.records", "1000",
            "stop.drain.timeout.ms", "0"), // one thread, a mock clock: the commit holds, never waits
        hubspot, dlq, new RecordingPartitionControl(), clock, senders, new FakeThrottle(),
        random::nextDouble);
    Map<TopicPartition, OffsetAndMetadata> owned = Map.of(P0, new OffsetAndMetadata(0),
        P1, new OffsetAndMetadata(0)); // not trusted for offsets: only which partitions
    Map<TopicPartition, Integer> sizes = Map.of(P0, 10 + random.nextInt(30),
        P1, 10 + random.nextInt(30));
    Set<String> bad = new HashSet<>();
    sizes.forEach((tp, n) -> {
      for (int o = 0; o < n; o++) {
        if (random.nextInt(10) == 0) {
          bad.add(uuid(tp.topic(), tp.partition(), o));
        }
      }
    });
    hubspot.badUuids(bad);
    for (int i = 0; i < 30; i++) {
      ScriptedClient.Answer answer = randomAnswer(random);
      if (answer != null) {
        hubspot.then(answer);
      }
    }
    Map<TopicPartition, Integer> submitted = new java.util.HashMap<>(Map.of(P0, 0, P1, 0));

    for (int step = 0; step < 800; step++) {
      try {
        engine.poll(); // WorkerSinkTask's put(), after each commit: sending goes on
      } catch (ConnectException e) {
        // the task failed: it would stop here; commits stay safe
      }
      int action = random.nextInt(10);
      if (action < 3) {
        TopicPartition tp = random.nextBoolean() ? P0 : P1;
        int next = submitted.get(tp);
        int count = Math.min(1 + random.nextInt(5), sizes.get(tp) - next);
        submit(engine, tp, next, count);
        submitted.put(tp, next + count);
      } else if (action < 6) {
        senders.runRandom(random);
      } else if (action < 7) {
        clock.sleep(1 + random.nextInt(60));
      } else if (action < 8) {
        dlq.reports().stream().filter(r -> !r.future.isDone()).findAny()
            .ifPresent(r -> r.future.complete(null));
      }
      engine.dispatch();
      Map<TopicPartition, OffsetAndMetadata> safe = engine.preCommit(owned);
      Set<String> done = new HashSet<>(hubspot.accepted().keySet());
      dlq.reports().stream().filter(r -> r.future.isDone())
          .forEach(r -> done.add(uuid(r.record.topic(), r.record.kafkaPartition(),
              r.record.kafkaOffset())));
      safe.forEach((tp, offset) -> {
        for (long o = 0; o < offset.offset(); o++) {
          assertThat(done).as("offset %s of %s committed at %s", o, tp, offset.offset())
              .contains(uuid(tp.topic(), tp.partition(), o));
        }
      });
    }
    // Then everything finishes, and everything is committed.
    sizes.forEach((tp, n) -> submit(engine, tp, submitted.get(tp), n - submitted.get(tp)));
    for (int i = 0; i < 10_000 && committedAll(engine, sizes) == false; i++) {
      clock.sleep(50);
      try {
        engine.poll(); // put(): the last commit's hold ends
      } catch (ConnectException e) {
        // the task failed: what is done stays committable
      }
      engine.dispatch();
      while (senders.runRandom(random)) {
        engine.dispatch();
      }
      dlq.reports().forEach(r -> r.future.complete(null));
    }
    assertThat(committedAll(engine, sizes)).isTrue();
    assertThat(hubspot.accepted().keySet()).noneMatch(bad::contains);
    assertThat(hubspot.accepted().size() + dlq.reports().size())
        .isEqualTo(sizes.values().stream().mapToInt(Integer::intValue).sum());
  }

  private static boolean committedAll(DeliveryEngine engine, Map<TopicPartition, Integer> sizes) {
    Map<TopicPartition, OffsetAndMetadata> safe = engine.preCommit(Map.of());
    return sizes.entrySet().stream().allMatch(e -> safe.containsKey(e.getKey())
        && safe.get(e.getKey()).offset() == e.getValue());
  }

  private static ScriptedClient.Answer randomAnswer(java.util.Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return r -> {
          throw failure(503, error("INTERNAL", "unavailable", "c"), OptionalLong.empty(),
              RateLimitInfo.NONE);
        };
      case 1:
        return r -> {
          throw failure(429, rateLimit("TEN_SECONDLY_ROLLING"), OptionalLong.of(100),
              RateLimitInfo.NONE);
        };
      case 2:
        return r -> {
          throw HubSpotException.transport("POST", new SocketTimeoutException());
        };
      default:
        return null; // the default answer
    }
  }

  /** What the task makes of each record of the churn property test. */
  private enum Kind { SEND, BAD, INVALID, SKIP }

  /**
   * Property, under the paths that put offsets at risk: rewinds (records handed again from a
   * lower offset), partitions closed while their batches are on the wire or waiting to be retried
   * and later assigned again from their last committed offset, invalid records reported (their
   * reports done at random times), tombstones skipped, 400s split and reported, and HubSpot's
   * daily limit (behavior.on.daily.limit=pause) with time jumping to the next probe. Records are
   * only handed over while the partitions are not paused, as the worker does. Whatever happens,
   * preCommit() never returns an offset past the lowest offset that is neither delivered, nor
   * reported with its report done, nor skipped, nor past the lowest record handed over in the
   * partition's current assignment (a rewound copy included) that is not done itself; and once
   * HubSpot answers, everything is committed, every valid record accepted once, every other
   * reported.
   */
  @Test
  void preCommitNeverPassesARecordNotYetDoneAcrossRewindsReassignmentsAndTheDailyLimit() {
    for (long seed = 0; seed < 100; seed++) {
      checkCommitsAreSafeUnderChurn(seed);
    }
  }

  private void checkCommitsAreSafeUnderChurn(long seed) {
    java.util.Random random = new java.util.Random(seed);
    MockTime clock = new MockTime(0, T0, 0);
    ScriptedClient hubspot = new ScriptedClient();
    ManualExecutor senders = new ManualExecutor();
    RecordingReporter dlq = new RecordingReporter();
    dlq.holdFutures = true;
    RecordingPartitionControl consumer = new RecordingPartitionControl();
    // The occurrences HubSpot took or already had, each handed copy on its own (by identity)
    Map<Occurrence, Boolean> sentCopies = java.util.Collections.synchronizedMap(
        new java.util.IdentityHashMap<>());
    // A copy that goes in one request with another of its uuid is not sent itself (the engine sends
    // each uuid once per request) and shares that one's outcome: it is done once HubSpot took or
    // had its uuid in an answer that came after it was handed over.
    java.util.concurrent.atomic.AtomicLong answers = new java.util.concurrent.atomic.AtomicLong();
    Map<String, Long> uuidTakenAt = new java.util.concurrent.ConcurrentHashMap<>();
    DeliveryEngine engine = new DeliveryEngine(
        settings("linger.ms", "" + random.nextInt(50), "batch.size", "" + (1 + random.nextInt(8)),
            "max.in.flight.requests", "" + (1 + random.nextInt(5)), "retry.backoff.ms", "10",
            "retry.backoff.max.ms", "40", "max.buffered.records", "" + (10 + random.nextInt(60)),
            "behavior.on.daily.limit", "pause"),
        new io.github.connecthubspot.events.client.HubSpotClient() {
          @Override
          public io.github.connecthubspot.events.client.SendResult send(
              List<Occurrence> request) throws HubSpotException {
            try {
              io.github.connecthubspot.events.client.SendResult result = hubspot.send(request);
              long answer = answers.incrementAndGet();
              request.forEach(c -> {
                sentCopies.put(c, true);
                uuidTakenAt.put(c.uuid(), answer);
              });
              return result;
            } catch (HubSpotException e) {
              if (e.kind() == io.github.connecthubspot.events.client.FailureKind.DUPLICATE) {
                Set<String> had = hubspot.accepted().keySet();
                long answer = answers.incrementAndGet();
                request.stream().filter(c -> had.contains(c.uuid())).forEach(c -> {
                  sentCopies.put(c, true); // HubSpot has them already
                  uuidTakenAt.put(c.uuid(), answer);
                });
              }
              throw e;
            }
          }

          @Override
          public void close() {
            hubspot.close();
          }
        }, dlq, consumer, clock, senders, new FakeThrottle(), random::nextDouble);
    List<TopicPartition> all = List.of(P0, P1);
    Map<TopicPartition, Kind[]> kinds = new java.util.LinkedHashMap<>();
    Set<String> bad = new HashSet<>();
    for (TopicPartition tp : all) {
      Kind[] k = new Kind[10 + random.nextInt(30)];
      for (int o = 0; o < k.length; o++) {
        int r = random.nextInt(20);
        k[o] = r < 2 ? Kind.BAD : r < 4 ? Kind.INVALID : r < 5 ? Kind.SKIP : Kind.SEND;
        if (k[o] == Kind.BAD) {
          bad.add(uuid(tp.topic(), tp.partition(), o));
        }
      }
      kinds.put(tp, k);
    }
    hubspot.badUuids(bad);
    for (int i = 0; i < 40; i++) {
      ScriptedClient.Answer answer = randomChurnAnswer(random);
      if (answer != null) {
        hubspot.then(answer);
      }
    }
    Set<String> skipped = new HashSet<>();
    Map<TopicPartition, Integer> next = new java.util.LinkedHashMap<>(Map.of(P0, 0, P1, 0));
    Map<TopicPartition, Integer> committed = new java.util.LinkedHashMap<>(Map.of(P0, 0, P1, 0));
    List<TopicPartition> assigned = new ArrayList<>(all);
    // Each record handed over in the current assignment of its partition: a rewind hands copies.
    Map<TopicPartition, List<Object[]>> live = new java.util.LinkedHashMap<>(
        Map.of(P0, new ArrayList<>(), P1, new ArrayList<>()));
    java.util.function.BiConsumer<TopicPartition, Integer> handOver = (tp, count) -> {
      int from = next.get(tp);
      int to = Math.min(from + count, kinds.get(tp).length);
      for (int o = from; o < to; o++) {
        SinkRecord r = record(tp.topic(), tp.partition(), o);
        Occurrence c = Occurrence.of(completion(r));
        live.get(tp).add(new Object[] {r, c, kinds.get(tp)[o], answers.get()});
        switch (kinds.get(tp)[o]) {
          case INVALID:
            engine.reject(r, new IllegalArgumentException("no identifier"));
            break;
          case SKIP:
            engine.skip(r);
            skipped.add(uuid(tp.topic(), tp.partition(), o));
            break;
          default:
            engine.submit(r, c);
        }
      }
      next.put(tp, to);
    };
    Runnable check = () -> {
      Map<TopicPartition, OffsetAndMetadata> safe = engine.preCommit(Map.of());
      Set<String> done = new HashSet<>(hubspot.accepted().keySet());
      done.addAll(skipped);
      dlq.reports().stream().filter(r -> r.future.isDone())
          .forEach(r -> done.add(uuid(r.record.topic(), r.record.kafkaPartition(),
              r.record.kafkaOffset())));
      safe.forEach((tp, offset) -> {
        assertThat(assigned).as("seed %s: committed %s, not assigned", seed, tp).contains(tp);
        for (long o = 0; o < offset.offset(); o++) {
          assertThat(done).as("seed %s: offset %s of %s committed at %s", seed, o, tp,
              offset.offset()).contains(uuid(tp.topic(), tp.partition(), o));
        }
        // and never past the lowest record of this assignment not done, copies included
        for (Object[] handed : live.get(tp)) {
          SinkRecord r = (SinkRecord) handed[0];
          boolean copyDone = handed[2] == Kind.SKIP || sentCopies.containsKey(handed[1])
              || uuidTakenAt.getOrDefault(((Occurrence) handed[1]).uuid(), -1L) > (Long) handed[3]
              || dlq.reports().stream().anyMatch(rep -> rep.record == r && rep.future.isDone());
          if (!copyDone) {
            assertThat(offset.offset()).as("seed %s: %s committed at %s, past %s@%s not done",
                seed, tp, offset.offset(), handed[2], r.kafkaOffset())
                .isLessThanOrEqualTo(r.kafkaOffset());
          }
        }
        committed.put(tp, (int) offset.offset());
      });
      assertThat(engine.held()).as("seed %s: held", seed).isNotNegative();
    };

    for (int step = 0; step < 800; step++) {
      int action = random.nextInt(20);
      if (action < 6) { // put(): the worker hands records only from partitions not paused
        if (!consumer.paused && !assigned.isEmpty()) {
          handOver.accept(assigned.get(random.nextInt(assigned.size())), 1 + random.nextInt(5));
        }
      } else if (action < 11) {
        senders.runRandom(random);
      } else if (action < 12) {
        clock.sleep(1 + random.nextInt(60));
      } else if (action < 13) { // time reaches what the engine waits for: a retry, the probe
        long wake = engine.dispatch(); // (no request stays on the wire that long: client timeouts)
        if (senders.queued() == 0 && wake != Long.MAX_VALUE && wake > clock.milliseconds()) {
          clock.setCurrentTimeMs(wake);
        }
      } else if (action < 15) {
        List<RecordingReporter.Report> open = dlq.reports().stream()
            .filter(r -> !r.future.isDone()).collect(Collectors.toList());
        if (!open.isEmpty()) {
          open.get(random.nextInt(open.size())).future.complete(null);
        }
      } else if (action < 16) { // context.offset(): records handed again from a lower offset
        if (!assigned.isEmpty()) {
          TopicPartition tp = assigned.get(random.nextInt(assigned.size()));
          next.put(tp, random.nextInt(next.get(tp) + 1));
        }
      } else if (action < 17) { // revoked, whatever is on the wire or waiting for a retry
        if (!assigned.isEmpty()) {
          TopicPartition tp = assigned.remove(random.nextInt(assigned.size()));
          engine.close(List.of(tp));
          live.get(tp).clear();
        }
      } else if (action < 18) { // assigned again: from its last committed offset
        for (TopicPartition tp : all) {
          if (!assigned.contains(tp)) {
            assigned.add(tp);
            next.put(tp, committed.get(tp));
            break;
          }
        }
      } else if (action < 19) {
        engine.poll(); // put() with no records
      }
      engine.dispatch();
      check.run();
    }
    // Then HubSpot answers, the partitions come back, and everything is committed.
    for (TopicPartition tp : all) {
      if (!assigned.contains(tp)) {
        assigned.add(tp);
        next.put(tp, committed.get(tp));
      }
    }
    java.util.function.BooleanSupplier finished = () -> kinds.entrySet().stream()
        .allMatch(e -> committed.get(e.getKey()) == e.getValue().length);
    for (int i = 0; i < 10_000 && !finished.getAsBoolean(); i++) {
      if (!consumer.paused) {
        all.forEach(tp -> handOver.accept(tp, 5));
      }
      engine.dispatch();
      while (senders.runRandom(random)) {
        engine.dispatch();
      }
      dlq.reports().forEach(r -> r.future.complete(null));
      check.run();
      long wake = engine.dispatch();
      long now = clock.milliseconds();
      clock.setCurrentTimeMs(wake > now && wake - now <= 20 * 60_000 ? wake : now + 50);
    }
    assertThat(committed).as("seed %s: everything committed in the end (paused %s, held %s)",
        seed, consumer.paused, engine.held())
        .isEqualTo(Map.of(P0, kinds.get(P0).length, P1, kinds.get(P1).length));
    Map<String, Integer> accepted = hubspot.accepted();
    kinds.forEach((tp, k) -> {
      for (int o = 0; o < k.length; o++) {
        String uuid = uuid(tp.topic(), tp.partition(), o);
        int o2 = o;
        boolean reported = dlq.reports().stream().anyMatch(r -> r.record.kafkaPartition()
            == tp.partition() && r.record.kafkaOffset() == o2);
        assertThat(accepted.getOrDefault(uuid, 0)).as("seed %s: %s accepted", seed, uuid)
            .isEqualTo(k[o] == Kind.SEND ? 1 : 0);
        assertThat(reported).as("seed %s: %s reported", seed, uuid)
            .isEqualTo(k[o] == Kind.BAD || k[o] == Kind.INVALID);
      }
    });
  }

  private static ScriptedClient.Answer randomChurnAnswer(java.util.Random random) {
    switch (random.nextInt(6)) {
      case 0:
        return r -> {
          throw failure(429, rateLimit("DAILY"), OptionalLong.empty(), RateLimitInfo.NONE);
        };
      case 1:
        long retryAfter = 1_000 + random.nextInt(60_000);
        return r -> {
          throw failure(429, rateLimit("DAILY"), OptionalLong.of(retryAfter), RateLimitInfo.NONE);
        };
      case 2:
      case 3:
      case 4:
        return randomAnswer(random);
      default:
        return null; // the default answer
    }
  }

  // ---------------------------------------------------------------- back-pressure

  @Test
  void pausesAtMaxBufferedRecordsAndResumesWhenHalfIsDone() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "10",
        "max.in.flight.requests", "1", "max.buffered.records", "20");
    submit(engine, P0, 0, 19);
    engine.poll();
    assertThat(control.paused).isFalse();

    submit(engine, P0, 19, 11);
    engine.poll();
    assertThat(control.paused).isTrue();
    assertThat(control.wakeUpMs).isEqualTo(DeliveryEngine.PAUSED_WAKE_UP_MS);
    assertThat(engine.held()).isEqualTo(30);

    engine.dispatch();
    executor.runNext(); // 10 delivered: 20 held, still above half
    engine.poll();
    assertThat(control.paused).isTrue();

    engine.dispatch();
    executor.runNext(); // 20 delivered: 10 held
    engine.poll();
    assertThat(control.paused).isFalse();
    assertThat(control.pauses).isEqualTo(1);
    assertThat(control.resumes).isEqualTo(1);
    assertThat(engine.held()).isEqualTo(10);
  }

  @Test
  void holdsAboutTwoSecondsOfBudgetAndAtLeastFourBatches() {
    // FakeThrottle's 10 requests/s of 10 occurrences: 200 records are 2 s of budget. Holding
    // max.buffered.records (10,000: 100 s of budget) would only move the backlog from Kafka into
    // the task's heap (a commit does not wait for it: see aCommitWaitsForWhatIsOnTheWireOnly...).
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "10",
        "max.buffered.records", "10000");
    throttle.grant(0);
    assertThat(engine.bufferLimit()).isEqualTo(200);
    submit(engine, P0, 0, 199);
    engine.poll();
    assertThat(control.paused).isFalse();
    submit(engine, P0, 199, 1);
    engine.poll();
    assertThat(control.paused).isTrue();

    assertThat(engine("batch.size", "10", "max.buffered.records", "150").bufferLimit())
        .as("never more than max.buffered.records").isEqualTo(150);
    throttle.rate = 0.5; // slowed down after 429s: 2 s of budget is one request
    DeliveryEngine slow = engine("linger.ms", "0", "batch.size", "10", "max.buffered.records", "10000");
    assertThat(slow.bufferLimit()).as("at least four batches").isEqualTo(40);
    control.resumeAll();
    submit(slow, P1, 0, 39);
    slow.poll();
    assertThat(control.paused).isFalse();
    submit(slow, P1, 39, 1);
    slow.poll();
    assertThat(control.paused).isTrue();
  }

  @Test
  void aCommitWaitsForWhatIsOnTheWireOnlyAndSendsNothingEarly() {
    // 12 records: a full batch of 5 on the wire, another waiting for the budget, 2 lingering.
    DeliveryEngine engine = engine("linger.ms", "60000", "batch.size", "5",
        "max.buffered.records", "1000", "stop.drain.timeout.ms", "4000");
    throttle.grant(1);
    submit(engine, P0, 0, 12);
    engine.dispatch();
    assertThat(executor.queued()).isEqualTo(1);

    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committing =
        CompletableFuture.supplyAsync(() -> engine.preCommit(Map.of(P0, new OffsetAndMetadata(12))));
    await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10))
        .until(() -> !committing.isDone()); // it waits for the answer on the wire
    executor.runQueued();
    await().atMost(Duration.ofSeconds(10)).until(committing::isDone);

    assertThat(committing.join()).containsExactly(Map.entry(P0, new OffsetAndMetadata(5)));
    assertThat(requestSizes()).as("nothing sent early: no partial batch").containsExactly(5);
    assertThat(time.milliseconds()).as("neither linger nor the budget waited").isEqualTo(T0);
    assertThat(control.wakeUpMs).as("Connect's next put() asked for at once")
        .isEqualTo(DeliveryEngine.COMMIT_WAKE_UP_MS);

    throttle.grant(Integer.MAX_VALUE);
    engine.dispatch();
    assertThat(executor.queued()).as("nothing goes between a commit and the next put()").isZero();
    engine.poll(); // put(): Connect goes on
    engine.dispatch();
    assertThat(executor.queued()).isEqualTo(1);
    executor.runQueued();
    assertThat(requestSizes()).containsExactly(5, 5);
  }

  @Test
  void anAssignmentResumesWhatConnectKeptPausedAcrossTheRebalance() {
    // Paused over the buffer, then a rebalance: the records are dropped with the revoked partition,
    // and the resume the task asks for between revocation and assignment reaches no partition,
    // while Connect pauses the partition again when it assigns it back (it kept the task's pause).
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "10",
        "max.buffered.records", "40");
    throttle.grant(0);
    submit(engine, P0, 0, 40);
    engine.poll();
    assertThat(control.paused).isTrue();
    engine.close(List.of(P0));
    engine.poll(); // held 0: resumes, but nothing is assigned now
    control.paused = true; // Connect's onPartitionsAssigned pauses P0 again

    engine.open(List.of(P0));
    assertThat(control.paused).as("consumption follows the buffer again").isFalse();

    submit(engine, P0, 0, 40);
    engine.open(List.of(P1)); // over the buffer: an assignment keeps it paused
    assertThat(control.paused).isTrue();
  }

  @Test
  void recordsBehindAnUndeliveredOneCountAsHeld() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "5",
        "max.in.flight.requests", "2", "max.buffered.records", "10");
    submit(engine, P0, 0, 10);
    engine.dispatch();
    assertThat(executor.queued()).isEqualTo(2);
    client.thenFail(503, error("INTERNAL", "unavailable", "c")); // the first batch fails
    executor.runNext();
    executor.runNext(); // the second is delivered, but is behind the first
    engine.poll();
    assertThat(engine.held()).isEqualTo(10);
    assertThat(control.paused).isTrue();
    assertThat(committed(engine)).isEmpty();
  }

  // ---------------------------------------------------------------- lifecycle

  @Test
  void closingPartitionsDropsTheirUnsentRecordsWithoutCommittingThem() {
    DeliveryEngine engine = engine("linger.ms", "1000", "batch.size", "10",
        "max.buffered.records", "100");
    submit(engine, P0, 0, 4);
    submit(engine, P1, 0, 4);
    engine.dispatch();
    assertThat(executor.queued()).isZero();

    engine.close(List.of(P0));
    assertThat(engine.held()).isEqualTo(4);
    time.sleep(1000);
    drainNow(engine);
    assertThat(client.requests()).hasSize(1);
    assertThat(client.requests().get(0)).extracting(Occurrence::uuid)
        .containsExactly(uuid("t", 1, 0), uuid("t", 1, 1), uuid("t", 1, 2), uuid("t", 1, 3));
    assertThat(committed(engine)).containsExactly(Map.entry(P1, 4L));
  }

  @Test
  void closingAPartitionWhileItsBatchIsRetriedDropsItsPart() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "10");
    client.thenFail(503, error("INTERNAL", "unavailable", "c"));
    submit(engine, P0, 0, 2);
    submit(engine, P1, 0, 2);
    drainNow(engine);

    engine.close(List.of(P1));
    time.sleep(750); // jitter 0.5: the first wait is 750
    drainNow(engine);
    assertThat(client.requests().get(1)).extracting(Occurrence::uuid)
        .containsExactly(uuid("t", 0, 0), uuid("t", 0, 1));
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 2L));
  }

  @Test
  void stopSendsWhatIsLeftWithoutWaitingForLingerThenClosesTheClient() {
    DeliveryEngine engine = engine(Runnable::run, reporter, "linger.ms", "60000");
    submit(engine, P0, 0, 3);

    engine.close();
    assertThat(client.accepted()).hasSize(3);
    assertThat(client.closed()).isTrue();
  }

  @Test
  void stopGivesUpAfterTheDrainTimeoutWhenHubSpotDoesNotAnswer() {
    DeliveryEngine engine = engine(executor, reporter, "linger.ms", "0",
        "stop.drain.timeout.ms", "4000");
    submit(engine, P0, 0, 3);
    engine.dispatch(); // the send is held by the executor: it never answers

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(engine::close);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
      time.sleep(200);
      return stopping.isDone();
    });
    assertThat(client.closed()).isTrue();
    assertThat(time.milliseconds() - T0).isGreaterThanOrEqualTo(4000);
    assertThat(client.accepted()).isEmpty();
  }

  @Test
  void stopAfterConnectClosedThePartitionsDoesNotWaitForTheirRequests() {
    // Connect closes every partition before it stops a task: what is on the wire is no longer ours.
    DeliveryEngine engine = engine(executor, reporter, "linger.ms", "0",
        "stop.drain.timeout.ms", "4000");
    submit(engine, P0, 0, 3);
    engine.dispatch(); // the send is held by the executor: it never answers

    engine.close(List.of(P0));
    engine.close();

    assertThat(time.milliseconds()).isEqualTo(T0);
    assertThat(client.closed()).isTrue();
    assertThat(committed(engine)).isEmpty();
  }

  @Test
  void aCommitWaitsForTheDeadLetterReportsOfWhatHubSpotRefused() {
    DeliveryEngine engine = engine(executor, reporter, "linger.ms", "0",
        "stop.drain.timeout.ms", "4000");
    reporter.holdFutures = true;
    engine.reject(record("t", 0, 0), new IllegalArgumentException("no identifier"));
    submit(engine, P0, 1, 2);
    engine.dispatch();
    executor.runQueued();

    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committing =
        CompletableFuture.supplyAsync(() -> engine.preCommit(Map.of(P0, new OffsetAndMetadata(3))));
    await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10))
        .until(() -> !committing.isDone()); // the dead-letter queue has not confirmed yet
    reporter.reports().get(0).future.complete(null);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      time.sleep(50); // the commit looks again every 50 ms: no signal tells it of a report
      return committing.isDone();
    });
    assertThat(committing.join()).containsExactly(Map.entry(P0, new OffsetAndMetadata(3)));
  }

  @Test
  void aCommitSendsAgainWhatFailedWhileItWaitsButNothingFresh() {
    // A full batch on the wire fails (503) while the commit waits: it goes again after its backoff
    // and is committed. A second full batch, held by the budget when the commit came, does not go
    // while the commit waits, though the budget frees up then; nor do the 2 lingering records.
    DeliveryEngine engine = engine(executor, reporter, "linger.ms", "60000", "batch.size", "5",
        "retry.backoff.ms", "100", "stop.drain.timeout.ms", "4000", "max.buffered.records", "1000");
    throttle.grant(1);
    submit(engine, P0, 0, 12);
    engine.dispatch();
    assertThat(executor.queued()).isEqualTo(1);
    client.thenFail(503, error("INTERNAL", "unavailable", "c"));

    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committing =
        CompletableFuture.supplyAsync(() -> engine.preCommit(Map.of(P0, new OffsetAndMetadata(12))));
    throttle.grant(Integer.MAX_VALUE);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
      executor.runQueued();
      engine.dispatch();
      time.sleep(20);
      return committing.isDone();
    });

    assertThat(committing.join()).containsExactly(Map.entry(P0, new OffsetAndMetadata(5)));
    assertThat(requestSizes()).containsExactly(5, 5);
    assertThat(client.requests().get(1).get(0).uuid()).as("the retry").isEqualTo(uuid("t", 0, 0));
    assertThat(time.milliseconds() - T0).as("well within stop.drain.timeout.ms").isLessThan(4000);

    engine.poll(); // put(): the fresh batch goes now
    drainNow(engine);
    assertThat(requestSizes()).containsExactly(5, 5, 5);
  }

  @Test
  void aCommitOfSomePartitionsWaitsForNoneOfTheOthers() {
    // Cooperative rebalancing commits the revoked partitions only: P0's request on the wire (never
    // answered here) is not theirs to wait for.
    DeliveryEngine engine = engine(executor, reporter, "linger.ms", "0", "batch.size", "5",
        "stop.drain.timeout.ms", "4000");
    submit(engine, P0, 0, 5);
    engine.dispatch();
    assertThat(executor.queued()).isEqualTo(1);
    submit(engine, P1, 0, 3);

    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committing =
        CompletableFuture.supplyAsync(() -> engine.preCommit(Map.of(P1, new OffsetAndMetadata(3))));
    await().atMost(Duration.ofSeconds(10)).until(committing::isDone);
    assertThat(committing.join()).isEmpty();
    assertThat(time.milliseconds()).isEqualTo(T0);
  }

  @Test
  void closingSomePartitionsAfterACommitLetsTheOthersGoOn() {
    // Cooperative rebalancing: Connect commits and closes the revoked partitions only.
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "5",
        "max.buffered.records", "1000");
    throttle.grant(0);
    submit(engine, P0, 0, 5);
    submit(engine, P1, 0, 5);
    engine.dispatch();
    assertThat(engine.preCommit(Map.of(P1, new OffsetAndMetadata(5)))).isEmpty();
    throttle.grant(Integer.MAX_VALUE);
    engine.dispatch();
    assertThat(executor.queued()).as("held between the commit and the close").isZero();

    engine.close(List.of(P1));
    engine.dispatch();
    assertThat(executor.queued()).as("P0's batch goes").isEqualTo(1);
    executor.runQueued();
    assertThat(client.accepted()).hasSize(5).containsKey(uuid("t", 0, 0));
  }

  /**
   * A graceful stop or restart, in WorkerSinkTask's order (closeAllPartitions(), then close()):
   * preCommit(every partition), close(every partition), stop(). What was on the wire is answered
   * and committed by that preCommit; nothing more is sent after it, even with the budget free; and
   * what was still lingering is left uncommitted, for the next owner to read again and send once.
   */
  @Test
  void aGracefulStopCommitsWhatWasSentAndSendsNothingMoreSoNothingIsSentTwice() throws Exception {
    DeliveryEngine engine = engine(executor, reporter, "batch.size", "10", "linger.ms", "60000",
        "stop.drain.timeout.ms", "4000", "max.buffered.records", "1000");
    submit(engine, P0, 0, 25);
    submit(engine, P1, 0, 3);
    engine.dispatch(); // two full batches on the wire; 5 + 3 occurrences lingering
    assertThat(executor.queued()).isEqualTo(2);
    Map<TopicPartition, OffsetAndMetadata> current =
        Map.of(P0, new OffsetAndMetadata(25), P1, new OffsetAndMetadata(3));

    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> stopping =
        CompletableFuture.supplyAsync(() -> {
          Map<TopicPartition, OffsetAndMetadata> offsets = engine.preCommit(current);
          time.sleep(60_000); // linger passes before the close: the dispatcher still sends nothing
          engine.dispatch();
          engine.close(List.of(P0, P1));
          engine.close();
          return offsets;
        });
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
      executor.runQueued(); // HubSpot answers what is on the wire
      return stopping.isDone();
    });

    assertThat(stopping.get()).containsOnly(Map.entry(P0, new OffsetAndMetadata(20)));
    assertThat(client.accepted()).hasSize(20).allSatisfy((uuid, n) -> assertThat(n).isOne());
    assertThat(client.closed()).isTrue();

    // The next owner reads from the committed offsets: it sends the 8 others, each once.
    DeliveryEngine next = engine(executor, reporter, "batch.size", "10", "linger.ms", "0");
    submit(next, P0, 20, 5);
    submit(next, P1, 0, 3);
    drainNow(next);
    assertThat(client.accepted()).hasSize(28).allSatisfy((uuid, n) -> assertThat(n).isOne());
  }

  @Test
  void aCommitDoesNotWaitForWhatCannotBeDoneBeforeItsDeadline() {
    // HubSpot's rolling window is used up for 10 s: the batch waits it out, off the wire, and the
    // commit returns at once with what is done, instead of holding the task thread for nothing.
    DeliveryEngine engine = engine(Runnable::run, reporter, "batch.size", "10", "linger.ms", "0",
        "stop.drain.timeout.ms", "4000");
    client.thenFail(429, rateLimit("TEN_SECONDLY_ROLLING"));
    submit(engine, P0, 0, 3);
    engine.dispatch();

    assertThat(engine.preCommit(Map.of(P0, new OffsetAndMetadata(3)))).isEmpty();
    assertThat(time.milliseconds()).isEqualTo(T0);
  }

  @Test
  void theProductionEngineSendsOnItsOwnThreads() {
    DeliveryEngine engine = DeliveryEngine.start(settings("linger.ms", "0",
        "rate.limit.requests.per.second", "1000"), client, reporter, control);
    try {
      submit(engine, P0, 0, 5);
      await().atMost(Duration.ofSeconds(10)).pollInSameThread()
          .until(() -> committed(engine).getOrDefault(P0, 0L) == 5L);
    } finally {
      engine.close();
    }
    assertThat(client.closed()).isTrue();
  }

  // ---------------------------------------------------------------- issue 13: answers that lost records

  private static Completion withUuid(SinkRecord r, String uuid) {
    Completion c = completion(r);
    return Completion.builder().eventName(c.eventName()).email(c.email()).uuid(uuid).build();
  }

  private static HubSpotError.Detail detail(String in, String code, String message) {
    HubSpotError.Detail d = new HubSpotError.Detail();
    d.in = in;
    d.code = code;
    d.message = message;
    return d;
  }

  @Test
  void theSameUuidTwiceInABatchIsSentOnceAndBothRecordsShareItsOutcome() {
    // HubSpot takes the first occurrence of a uuid and rejects the others: a request holding one
    // uuid twice is refused naming it, and nothing of it is recorded.
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "10");
    client.then(r -> {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < r.size(); i++) {
        if (!seen.add(r.get(i).uuid())) {
          HubSpotError dup = error("VALIDATION_ERROR", "Invalid input (1 of " + r.size()
              + " inputs failed; nothing was recorded)", "c-dup");
          dup.errors = List.of(detail("inputs[" + i + "].uuid", "DUPLICATE_UUID",
              "Duplicate uuid '" + r.get(i).uuid() + "' in this request"));
          throw failure(400, dup, OptionalLong.empty(), RateLimitInfo.NONE);
        }
      }
      return client.accept(r);
    });
    SinkRecord r0 = record("t", 0, 0);
    SinkRecord r1 = record("t", 0, 1);
    engine.submit(r0, Occurrence.of(withUuid(r0, "order-7")));
    engine.submit(r1, Occurrence.of(withUuid(r1, "order-7")));

    drainNow(engine);
    engine.poll();
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 2L));
    assertThat(client.accepted()).isEqualTo(Map.of("order-7", 1));
    assertThat(client.requests().get(0)).extracting(Occurrence::uuid).containsExactly("order-7");
    assertThat(reporter.reports()).isEmpty();
  }

  @Test
  void aDuplicateAnswerCountsAsDeliveredOnlyTheInputsItNamesInItsStructuredFields() {
    // uuid "1" appears in the free text "(1 of 2 inputs failed": that does not name it.
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "10");
    client.knownUuids(List.of("2"));
    HubSpotError dup = error("VALIDATION_ERROR", "Invalid input (1 of 2 inputs failed; nothing was"
        + " recorded): inputs[1].uuid: Duplicate uuid '2'", "c-dup");
    dup.errors = List.of(detail("inputs[1].uuid", "DUPLICATE_UUID", "Duplicate uuid '2' for event"
        + " 'pe123_test_event': an occurrence with this uuid was already accepted"));
    client.thenFail(400, dup);
    SinkRecord r0 = record("t", 0, 0);
    SinkRecord r1 = record("t", 0, 1);
    engine.submit(r0, Occurrence.of(withUuid(r0, "1")));
    engine.submit(r1, Occurrence.of(withUuid(r1, "2")));

    drainNow(engine);
    engine.poll();
    assertThat(client.accepted()).isEqualTo(Map.of("1", 1));
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 2L));
    assertThat(reporter.reports()).isEmpty();
  }

  @Test
  void aSingle400WhoseTextSpeaksOfADuplicateUuidIsReportedUnlessItsCodesSaySo() {
    DeliveryEngine engine = engine("linger.ms", "0");
    HubSpotError invalid = error("VALIDATION_ERROR",
        "uuid 'duplicate-order-17' is not a valid UUID", "c-17");
    invalid.errors = List.of(detail("uuid", "INVALID_FORMAT",
        "uuid 'duplicate-order-17' is not a valid UUID"));
    client.thenFail(400, invalid);
    SinkRecord r0 = record("t", 0, 0);
    engine.submit(r0, Occurrence.of(withUuid(r0, "duplicate-order-17")));

    drainNow(engine);
    engine.poll();
    assertThat(reporter.reports()).singleElement()
        .satisfies(r -> assertThat(r.error).hasMessageContaining("is not a valid UUID"));
    assertThat(client.accepted()).isEmpty();
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 1L));
  }

  @Test
  void aConflictNamingTheUuidCountsAsDelivered() {
    DeliveryEngine engine = engine("linger.ms", "0");
    HubSpotError conflict = error("CONFLICT", "An occurrence with this id exists", "c-409");
    conflict.context = Map.of("uuid", List.of(uuid("t", 0, 0)));
    client.thenFail(409, conflict);
    submit(engine, P0, 0, 1);

    drainNow(engine);
    engine.poll();
    assertThat(reporter.reports()).isEmpty();
    assertThat(client.requestCount()).isEqualTo(1);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 1L));
  }

  @ParameterizedTest
  @ValueSource(ints = {409, 422})
  void aConflictOrUnprocessableAnswerAboutTheContentIsReportedNotFatal(int status) {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "10");
    client.thenFail(status, error("VALIDATION_ERROR", "cannot process this occurrence", "c-4xx"))
        .thenSucceed(RateLimitInfo.NONE) // the first half
        .thenFail(status, error("VALIDATION_ERROR", "cannot process this occurrence", "c-4xx"));
    submit(engine, P0, 0, 2);

    drainNow(engine);
    engine.poll();
    assertThat(reporter.reports()).extracting(r -> r.record.kafkaOffset()).containsExactly(1L);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 2L));
  }

  @Test
  void anErrorInASenderThreadFailsTheTaskInsteadOfLeavingTheBatchStuck() {
    DeliveryEngine engine = engine("linger.ms", "0");
    client.then(r -> {
      throw new OutOfMemoryError("Java heap space (test)");
    });
    submit(engine, P0, 0, 1);

    drainNow(engine);
    assertThatThrownBy(engine::poll)
        .isInstanceOf(ConnectException.class)
        .hasMessage("Sending 1 occurrence(s) starting at t-0@0 failed unexpectedly")
        .cause().isInstanceOf(OutOfMemoryError.class);
    engine.close(); // nothing in flight: it does not wait for the drain timeout
    assertThat(time.milliseconds()).isEqualTo(T0);
  }

  @Test
  void aBatchIsCutWhereItsJsonWouldPassFourMebibytes() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "500",
        "max.buffered.records", "500");
    String megabyte = "x".repeat(1_000_000);
    for (long o = 0; o < 10; o++) {
      SinkRecord r = record("t", 0, o);
      engine.submit(r, Occurrence.of(Completion.builder().eventName("pe123_test_event").email("a@example.com")
          .uuid(uuid("t", 0, o)).property("big", megabyte).build()));
    }

    drainNow(engine);
    assertThat(requestSizes()).containsExactly(4, 4, 2);
    assertThat(committed(engine)).containsExactly(Map.entry(P0, 10L));
  }

  /** The 4 MiB count the whole body: the occurrences, their commas and {"inputs":[...]}. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void twoOccurrencesGoTogetherOnlyWhenTheirWholeBodyStaysWithinFourMebibytes(int over) {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "500", "max.buffered.records", "500");
    java.util.function.BiFunction<Integer, Integer, Occurrence> sized = (offset, n) ->
        Occurrence.of(Completion.builder().eventName("pe123_test_event").email("a@example.com")
            .uuid(uuid("t", 0, offset)).property("big", "x".repeat(n)).build());
    int base = sized.apply(0, 0).jsonBytes(); // every uuid has 36 chars
    long room = BatchRequest.MAX_REQUEST_BYTES + over; // the body's bytes wanted
    int first = (int) ((room - RequestJson.BATCH_OVERHEAD_BYTES - 2) / 2) - base;
    int second = (int) (room - RequestJson.BATCH_OVERHEAD_BYTES - 2 - 2L * base - first);
    List<Occurrence> occurrences = List.of(sized.apply(0, first), sized.apply(1, second));
    assertThat(RequestJson.join(occurrences)).hasSize((int) room); // the body they would make
    for (int o = 0; o < 2; o++) {
      SinkRecord r = record("t", 0, o);
      engine.submit(r, occurrences.get(o));
    }

    drainNow(engine);
    assertThat(requestSizes()).isEqualTo(over == 0 ? List.of(2) : List.of(1, 1));
  }

  @Test
  void aHugeRetryAfterIsClampedToADayAndNeverOverflowsToAnImmediateResend() {
    DeliveryEngine engine = engine("linger.ms", "0");
    client.thenFail(failure(429, rateLimit("DAILY"), OptionalLong.of(Long.MAX_VALUE),
        RateLimitInfo.NONE));
    submit(engine, P0, 0, 1);

    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(1);
    assertThat(engine.dispatch()).isEqualTo(T0 + 86_400_000L);
  }

  @Test
  void aHugeRateLimitWindowIsClampedToADay() {
    DeliveryEngine engine = engine("linger.ms", "0", "batch.size", "1",
        "max.in.flight.requests", "1");
    client.headers(r -> remaining(0, Long.MAX_VALUE));
    submit(engine, P0, 0, 2);

    drainNow(engine);
    assertThat(client.requestCount()).isEqualTo(1);
    assertThat(engine.dispatch()).isEqualTo(T0 + 86_400_000L);
  }
}
