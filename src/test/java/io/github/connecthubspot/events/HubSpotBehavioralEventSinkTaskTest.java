package io.github.connecthubspot.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.delivery.RecordingReporter;
import io.github.connecthubspot.events.delivery.ScriptedClient;
import io.github.connecthubspot.events.model.HubSpotError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubSpotBehavioralEventSinkTaskTest {
  private static final TopicPartition TP = new TopicPartition("events", 0);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ScriptedClient client = new ScriptedClient();
  private final RecordingReporter reporter = new RecordingReporter();
  private final Context context = new Context();
  private HubSpotBehavioralEventSinkTask task;

  /** A sink task context that owns one partition and records pause and resume. */
  private final class Context implements SinkTaskContext {
    final Set<TopicPartition> paused = new HashSet<>();
    ErrantRecordReporter errantRecordReporter = reporter;
    long timeout = -1;

    @Override
    public Map<String, String> configs() {
      return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {}

    @Override
    public void offset(TopicPartition tp, long offset) {}

    @Override
    public void timeout(long timeoutMs) {
      timeout = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
      return Set.of(TP);
    }

    @Override
    public void pause(TopicPartition... partitions) {
      paused.addAll(Arrays.asList(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
      paused.removeAll(Arrays.asList(partitions));
    }

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
      return errantRecordReporter;
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }

  private void start(HubSpotClient hubspot, String... keyValues) {
    Map<String, String> props = new HashMap<>();
    props.put("name", "hubspot-test");
    props.put(HubSpotSinkConnectorConfig.ACCESS_TOKEN_CONFIG, "pat-test");
    props.put(HubSpotSinkConnectorConfig.EVENT_NAME_CONFIG, "pe123_test_event");
    props.put(HubSpotSinkConnectorConfig.LINGER_MS_CONFIG, "0");
    props.put(HubSpotSinkConnectorConfig.RATE_LIMIT_CONFIG, "1000");
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    task = new HubSpotBehavioralEventSinkTask(config -> hubspot);
    task.initialize(context);
    task.start(props);
  }

  @AfterEach
  void stop() {
    if (task != null) {
      task.stop();
    }
  }

  private static SinkRecord record(long offset, Object value) {
    return new SinkRecord(TP.topic(), TP.partition(), null, null, null, value, offset);
  }

  private static SinkRecord valid(long offset) {
    return record(offset, Map.of("email", "user" + offset + "@example.com", "plan", "pro"));
  }

  /** One round of WorkerSinkTask's loop: put() (empty, nothing new polled), then a commit. */
  private long committed() {
    task.put(List.of());
    OffsetAndMetadata o = task.preCommit(Map.of(TP, new OffsetAndMetadata(999))).get(TP);
    return o == null ? -1 : o.offset();
  }

  @Test
  void putOnlyEnqueuesAndTheEngineDeliversThenCommitsTheNextOffset() {
    start(client);
    List<SinkRecord> records = new ArrayList<>();
    for (long o = 0; o < 20; o++) {
      records.add(valid(o));
    }
    task.put(records);

    await().atMost(WAIT).pollInSameThread().until(() -> committed() == 20);
    assertThat(client.accepted()).hasSize(20);
    assertThat(client.requests().get(0).get(0).eventName()).isEqualTo("pe123_test_event");
  }

  @Test
  void anInvalidRecordIsReportedAndATombstoneSkippedAndBothAreCommitted() {
    start(client);
    task.put(List.of(valid(0), record(1, "not a struct"), record(2, null), valid(3)));

    await().atMost(WAIT).pollInSameThread().until(() -> committed() == 4);
    assertThat(reporter.reports()).singleElement()
        .satisfies(r -> assertThat(r.record.kafkaOffset()).isEqualTo(1))
        .satisfies(r -> assertThat(r.error).hasMessageContaining("not a Struct or a Map"));
    assertThat(client.accepted()).hasSize(2);
  }

  @Test
  void withoutAReporterAnInvalidRecordFailsThePutNamingTheRule() {
    context.errantRecordReporter = null;
    start(client);
    assertThatThrownBy(() -> task.put(List.of(record(7, "not a struct"))))
        .isInstanceOf(ConnectException.class)
        .hasMessageStartingWith("Record events-0@7 is invalid: record value is a String, not a"
            + " Struct or a Map")
        .hasMessageContaining("errors.tolerance=all");
  }

  @Test
  void aRecordBreakingAHubSpotRuleIsReportedWithTheRuleAndTheOthersAreSent() {
    start(client);
    task.put(List.of(valid(0), record(1, Map.of("email", "ada@example.com", "Page_Title", "Home")),
        valid(2)));

    await().atMost(WAIT).pollInSameThread().until(() -> committed() == 3);
    assertThat(reporter.reports()).singleElement()
        .satisfies(r -> assertThat(r.record.kafkaOffset()).isEqualTo(1))
        .satisfies(r -> assertThat(r.error).hasMessage("property 'Page_Title' is not a valid"
            + " HubSpot internal name (must match [a-z][a-z0-9_]*, at most 50 characters)"));
    assertThat(client.requests()).flatMap(batch -> batch).extracting(c -> io.github.connecthubspot.events.model.TestOccurrences.decode(c).email())
        .containsExactlyInAnyOrder("user0@example.com", "user2@example.com");
  }

  @Test
  void withoutAReporterARuleBreakFailsThePutNamingTheRule() {
    context.errantRecordReporter = null;
    start(client);
    assertThatThrownBy(() -> task.put(List.of(record(7, Map.of("objectId", "1", "hs_page_title", "x".repeat(300))))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("events-0@7")
        .hasMessageContaining("property 'hs_page_title' value has 300 characters: HubSpot accepts at most 256");
  }

  @Test
  void aFatalAnswerSurfacesFromTheNextPut() {
    // HubSpot answers only once the first put() has returned: had the sender failed before that
    // put()'s closing poll, the put itself would throw (the flake this test once had).
    HubSpotError unauthorized = ScriptedClient.error("INVALID_AUTHENTICATION", "bad token", "c");
    CountDownLatch firstPutReturned = new CountDownLatch(1);
    client.then(r -> {
      try {
        firstPutReturned.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw ScriptedClient.failure(401, unauthorized, java.util.OptionalLong.empty(),
          io.github.connecthubspot.events.client.RateLimitInfo.NONE);
    });
    start(client);
    task.put(List.of(valid(0)));
    firstPutReturned.countDown();

    await().atMost(WAIT).pollInSameThread().untilAsserted(() ->
        assertThatThrownBy(() -> task.put(List.of()))
            .isInstanceOf(ConnectException.class)
            .hasMessageContaining("hubspot.access.token"));
    assertThatThrownBy(() -> task.put(List.of()))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("hubspot.access.token")
        .hasCauseInstanceOf(io.github.connecthubspot.events.client.HubSpotException.class);

    // Then Connect commits, closes the partitions, stops the task and may commit once more:
    // nothing of that throws (the worker would log each as an unexpected error).
    assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(1)))).isEmpty();
    task.close(List.of(TP));
    task.stop();
    assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(1)))).isEmpty();
    task = null;
  }

  @Test
  void aFullBufferPausesThePartitionsUntilItDrains() throws Exception {
    CountDownLatch hubspotAnswers = new CountDownLatch(1);
    client.then(r -> {
      try {
        hubspotAnswers.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new io.github.connecthubspot.events.client.SendResult(204,
          io.github.connecthubspot.events.client.RateLimitInfo.NONE);
    });
    start(client, "batch.size", "10", "max.buffered.records", "10", "max.in.flight.requests", "1");
    List<SinkRecord> records = new ArrayList<>();
    for (long o = 0; o < 10; o++) {
      records.add(valid(o));
    }
    task.put(records);
    assertThat(context.paused).containsExactly(TP);
    assertThat(context.timeout).isPositive();

    hubspotAnswers.countDown();
    await().atMost(WAIT).pollInSameThread().until(() -> {
      task.put(List.of());
      return context.paused.isEmpty();
    });
    assertThat(committed()).isEqualTo(10);
  }

  @Test
  void aGracefulStopInConnectsOrderCommitsWhatWasSentAndARestartSendsNothingTwice() {
    // WorkerSinkTask stopping (or losing the partition in a rebalance): preCommit, close, stop.
    // 10 records were sent and answered, 5 more linger (60 s) when the stop comes: the commit
    // covers the first 10 and sends nothing more, and the next owner sends the others once.
    start(client, "linger.ms", "60000", "batch.size", "10");
    List<SinkRecord> records = new ArrayList<>();
    for (long o = 0; o < 20; o++) {
      records.add(valid(o));
    }
    task.put(records.subList(0, 10)); // a full batch: it goes at once
    await().atMost(WAIT).until(() -> client.accepted().size() == 10);
    task.put(records.subList(10, 15));

    Map<TopicPartition, OffsetAndMetadata> committed =
        task.preCommit(Map.of(TP, new OffsetAndMetadata(20)));
    task.close(List.of(TP));
    task.stop();
    task = null;

    assertThat(committed).containsExactly(Map.entry(TP, new OffsetAndMetadata(10)));
    assertThat(client.accepted()).hasSize(10);
    assertThat(client.closed()).isTrue();

    start(client, "linger.ms", "0"); // the next owner, from the committed offset
    task.put(records.subList(10, 20));
    await().atMost(WAIT).pollInSameThread().until(() -> committed() == 20);
    assertThat(client.accepted()).hasSize(20).allSatisfy((uuid, n) -> assertThat(n).isOne());
  }

  @Test
  void anAssignmentResumesAPartitionConnectKeptPausedWhenTheTaskHoldsLittle() {
    start(client);
    context.pause(TP); // a pause the task asked for before a rebalance, which Connect re-applies
    task.open(List.of(TP));
    assertThat(context.paused).isEmpty();
  }

  @Test
  void closingAPartitionForgetsItsOffsetsAndStopClosesTheClient() {
    start(client, "linger.ms", "60000");
    task.put(List.of(valid(0), valid(1)));
    task.close(List.of(TP));
    assertThat(task.preCommit(Map.of())).isEmpty();

    task.stop();
    task = null;
    assertThat(client.closed()).isTrue();
    assertThat(client.requestCount()).isZero();
  }

  @Test
  void aTokenHubSpotRefusesFailsTheTaskAtStartNotAtItsFirstRecord() {
    HubSpotError unauthorized = ScriptedClient.error("INVALID_AUTHENTICATION", "bad token", "c");
    java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    HubSpotClient refusing = new HubSpotClient() {
      @Override
      public io.github.connecthubspot.events.client.SendResult send(
          List<io.github.connecthubspot.events.model.Occurrence> completions) {
        throw new AssertionError("nothing is sent");
      }

      @Override
      public void checkCredentials() throws io.github.connecthubspot.events.client.HubSpotException {
        throw ScriptedClient.failure(401, unauthorized, java.util.OptionalLong.empty(),
            io.github.connecthubspot.events.client.RateLimitInfo.NONE);
      }

      @Override
      public void close() {
        closed.set(true);
      }
    };
    assertThatThrownBy(() -> start(refusing))
        .isInstanceOf(ConnectException.class)
        .hasMessageStartingWith("HubSpot refused the access token (HubSpot answered 401")
        .hasMessageEndingWith("set hubspot.access.token to a valid private-app access token with"
            + " the scope analytics.behavioral_events.send");
    assertThat(closed).as("what start() had opened is closed again").isTrue();
    task = null;
  }
}
