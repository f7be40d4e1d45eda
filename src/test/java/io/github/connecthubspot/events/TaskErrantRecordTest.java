package io.github.connecthubspot.events;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.client.RateLimitInfo;
import io.github.connecthubspot.events.client.SendResult;
import io.github.connecthubspot.events.model.Completion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

/** A record that breaks a rule goes to the errant-record reporter, or fails the task without one. */
class TaskErrantRecordTest {

  static final class RecordingClient implements HubSpotClient {
    final List<List<Completion>> sent = new ArrayList<>();

    @Override
    public synchronized SendResult send(List<Completion> completions) {
      sent.add(List.copyOf(completions));
      return new SendResult(204, RateLimitInfo.NONE);
    }

    @Override
    public void close() {}
  }

  static final class Context implements SinkTaskContext {
    final ErrantRecordReporter reporter;

    Context(ErrantRecordReporter reporter) {
      this.reporter = reporter;
    }

    @Override
    public Map<String, String> configs() {
      return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {}

    @Override
    public void offset(TopicPartition tp, long offset) {}

    @Override
    public void timeout(long timeoutMs) {}

    @Override
    public Set<TopicPartition> assignment() {
      return Set.of(new TopicPartition("page-views", 0));
    }

    @Override
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
      return reporter;
    }

    @Override
    public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
      return null;
    }
  }

  private static SinkRecord record(long offset, Map<String, Object> value) {
    return new SinkRecord("page-views", 0, null, null, null, value, offset);
  }

  @Test
  void invalidRecordGoesToTheReporterAndTheOthersAreSent() {
    Map<SinkRecord, Throwable> reported = new HashMap<>();
    ErrantRecordReporter reporter = (r, e) -> {
      reported.put(r, e);
      Future<Void> done = CompletableFuture.completedFuture(null);
      return done;
    };
    RecordingClient client = new RecordingClient();
    HubSpotBehavioralEventSinkTask task = new HubSpotBehavioralEventSinkTask(c -> client);
    task.initialize(new Context(reporter));
    task.start(minimal("batch.size", "2"));

    SinkRecord bad = record(1, Map.of("email", "ada@example.com", "Page_Title", "Home"));
    task.put(List.of(record(0, Map.of("email", "ada@example.com")), bad,
        record(2, Map.of("email", "bob@example.com"))));
    task.preCommit(Map.of(new TopicPartition("page-views", 0), new OffsetAndMetadata(3)));
    task.stop();

    assertThat(reported).containsOnlyKeys(bad);
    assertThat(reported.get(bad)).hasMessage("property 'Page_Title' is not a valid HubSpot internal"
        + " name (must match [a-z][a-z0-9_]*, at most 50 characters)");
    assertThat(client.sent).flatMap(batch -> batch).extracting(Completion::email)
        .containsExactly("ada@example.com", "bob@example.com");
  }

  @Test
  void withoutReporterTheTaskFailsWithTheRule() {
    HubSpotBehavioralEventSinkTask task = new HubSpotBehavioralEventSinkTask(c -> new RecordingClient());
    task.initialize(new Context(null));
    task.start(minimal());

    assertThatThrownBy(() -> task.put(List.of(record(7, Map.of("objectId", "1", "hs_page_title", "x".repeat(300))))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("page-views-0@7")
        .hasMessageContaining("property 'hs_page_title' value has 300 characters: HubSpot accepts at most 256");
    task.stop();
  }
}
