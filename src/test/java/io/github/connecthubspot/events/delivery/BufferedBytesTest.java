package io.github.connecthubspot.events.delivery;

import static io.github.connecthubspot.events.delivery.Records.record;
import static io.github.connecthubspot.events.delivery.Records.settings;
import static io.github.connecthubspot.events.delivery.Records.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.connecthubspot.events.metrics.TaskMetrics;
import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.Occurrence;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** max.buffered.bytes: large records pause consumption long before max.buffered.records does. */
class BufferedBytesTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final int MIB = 1024 * 1024;

  private final MockTime time = new MockTime();
  private final ScriptedClient client = new ScriptedClient();
  private final ManualExecutor executor = new ManualExecutor();
  private final RecordingPartitionControl control = new RecordingPartitionControl();
  private final TaskMetrics metrics = new TaskMetrics();

  private DeliveryEngine engine(String... settings) {
    return new DeliveryEngine(settings(settings), client, new RecordingReporter(), control, time,
        executor, new FakeThrottle(), () -> 0.5, metrics);
  }

  /** An occurrence whose properties hold about {@code chars} characters. */
  private static Completion large(SinkRecord record, int chars) {
    Completion.Builder b = Completion.builder().eventName("pe123_test_event")
        .email("user" + record.kafkaOffset() + "@example.com")
        .uuid(uuid(record.topic(), record.kafkaPartition(), record.kafkaOffset()));
    for (int i = 0; i < chars / 250; i++) {
      b.property("p" + i, "x".repeat(250));
    }
    return b.build();
  }

  @Test
  void largeRecordsPauseAtTheByteBoundAndResumeAtHalfOfIt() {
    DeliveryEngine engine = engine("max.buffered.bytes", String.valueOf(MIB),
        "max.buffered.records", "10000", "linger.ms", "60000", "batch.size", "500");
    for (long o = 0; o < 24; o++) { // 24 records of about 2 x 10 KB (20 KB each) and some overhead: about 500 KB
      SinkRecord r = record("t", 0, o);
      engine.submit(r, Occurrence.of(large(r, 10_000)));
    }
    engine.poll();
    assertThat(control.paused).isFalse();
    assertThat(metrics.getBufferedBytes()).isBetween(480_000L, 520_000L);

    for (long o = 24; o < 60; o++) { // 60 x 20 KB = 1.2 MB > 1 MiB
      SinkRecord r = record("t", 0, o);
      engine.submit(r, Occurrence.of(large(r, 10_000)));
    }
    engine.poll();
    assertThat(control.paused).as("over max.buffered.bytes").isTrue();
    assertThat(engine.held()).isEqualTo(60).isLessThan(10_000);

    // HubSpot accepts them all: held bytes fall to nothing and consumption resumes.
    time.sleep(60_000);
    do {
      engine.dispatch();
    } while (executor.runNext());
    engine.poll();
    assertThat(client.requests()).extracting(List::size).containsExactly(60);
    assertThat(control.paused).isFalse();
    assertThat(metrics.getBufferedBytes()).isZero();
  }

  @Test
  void closingAPartitionReleasesItsBytes() {
    DeliveryEngine engine = engine("max.buffered.bytes", String.valueOf(MIB), "linger.ms", "60000");
    for (long o = 0; o < 10; o++) {
      SinkRecord r = record("t", 0, o);
      engine.submit(r, Occurrence.of(large(r, 10_000)));
    }
    engine.poll();
    assertThat(metrics.getBufferedBytes()).isPositive();
    engine.close(List.of(P0));
    assertThat(metrics.getBufferedBytes()).isZero();
  }
}
