package io.github.connecthubspot.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.connecthubspot.events.hubspot.EventDefinition;
import io.github.connecthubspot.events.hubspot.LocalHubSpot;
import io.github.connecthubspot.events.hubspot.Occurrence;
import io.github.connecthubspot.events.model.EventDefinitions;
import io.github.connecthubspot.events.model.EventDefinitions.Lookup;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The task with the real HTTP client against the local endpoint: the API version's paths, the
 * configured events' definitions at start, and a dry run.
 */
class HubSpotTaskDefinitionsTest {
  private static final TopicPartition TP = new TopicPartition("events", 0);
  private static final String TOKEN = "pat-task-defs";
  private static final String EVENT = "pe42_viewed";
  private static final EventDefinition VIEWED = EventDefinition.builder(EVENT).string("plan").build();

  private final List<AutoCloseable> closing = new ArrayList<>();
  private HubSpotBehavioralEventSinkTask task;

  private static final class Context implements SinkTaskContext {
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
      return Set.of(TP);
    }

    @Override
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
      return null;
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (task != null) {
      task.stop();
    }
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private LocalHubSpot hubspot(LocalHubSpot.Builder b) {
    LocalHubSpot sim = b.token(TOKEN).start();
    closing.add(sim);
    return sim;
  }

  private void start(LocalHubSpot sim, String... keyValues) {
    Map<String, String> props = new HashMap<>(TestConfigs.minimal("hubspot.base.url", sim.baseUrl(),
        "hubspot.access.token", TOKEN, "event.name", EVENT, "linger.ms", "0",
        "rate.limit.requests.per.second", "1000", "name", "defs-" + System.nanoTime()));
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        props.remove(keyValues[i]);
      } else {
        props.put(keyValues[i], keyValues[i + 1]);
      }
    }
    task = new HubSpotBehavioralEventSinkTask(
        config -> HubSpotClientFactory.connect(config, Time.SYSTEM, true), new MockTime());
    task.initialize(new Context());
    task.start(props);
  }

  private static SinkRecord record(long offset) {
    return new SinkRecord(TP.topic(), TP.partition(), null, null, null,
        Map.of("email", "user" + offset + "@example.com", "plan", "pro"), offset);
  }

  /** One round of WorkerSinkTask's loop: put() (empty, nothing new polled), then a commit. */
  private long committed() {
    task.put(List.of());
    OffsetAndMetadata o = task.preCommit(Map.of(TP, new OffsetAndMetadata(999))).get(TP);
    return o == null ? -1 : o.offset();
  }

  @Test
  void theConfiguredEventsDefinitionIsReadAtStartAndHandedToTheMapping() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(VIEWED));
    start(sim);

    EventDefinitions definitions = task.eventDefinitions();
    assertThat(definitions.lookup(EVENT).definition().property("plan")).isNotNull();
    assertThat(sim.definitionRequests()).as("the probe, then the event").isEqualTo(2);
    assertThat(definitions.lookup("pe42_other").isMissing()).as("read on first sight").isTrue();
    assertThat(definitions.lookup("pe42_other").isMissing()).isTrue();
    assertThat(sim.definitionRequests()).as("by both names, once").isEqualTo(4);
  }

  @Test
  void anEventThePortalLacksFailsTheStartNamingTheSetting() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(VIEWED));
    assertThatThrownBy(() -> start(sim, "event.name", "pe42_typo"))
        .isInstanceOf(ConnectException.class)
        .hasMessage("HubSpot has no event 'pe42_typo' in this portal (its event definitions answered"
            + " 404): set event.name to the fully qualified internal name (pe<portalId>_<name>) of an"
            + " event the portal defines, or create the event in HubSpot");
    assertThat(sim.stats().sendRequests()).as("only the credentials check").isEqualTo(1);
    assertThat(sim.ledger().occurrences()).isEmpty();
    task = null;
  }

  @Test
  void aTopicMappedEventThePortalLacksNamesTheMapping() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(VIEWED));
    assertThatThrownBy(() -> start(sim, "event.name", null,
        "event.name.topic.mapping", "events:" + EVENT + ",clicks:pe42_clicked"))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("HubSpot has no event 'pe42_clicked'")
        .hasMessageContaining("set event.name.topic.mapping to");
    task = null;
  }

  @Test
  void withoutTheScopeTheTaskStartsOnTheGenericRules() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(VIEWED).definitionsScope(false));
    start(sim, "event.name", "pe42_typo");
    Lookup lookup = task.eventDefinitions().lookup("pe42_typo");
    assertThat(lookup.isKnown() || lookup.isMissing()).isFalse();
    assertThat(sim.definitionRequests()).as("the probe only").isEqualTo(1);
  }

  @Test
  void definitionsCanBeTurnedOff() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(VIEWED));
    start(sim, "event.name", "pe42_typo", "event.definitions.enabled", "false");
    assertThat(task.eventDefinitions()).isSameAs(EventDefinitions.NONE);
    assertThat(sim.definitionRequests()).isZero();
  }

  @Test
  void aDryRunSendsNothingCountsItsBatchesAndCommits() throws Exception {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(VIEWED));
    start(sim, "hubspot.dry.run", "true", "batch.size", "2");
    List<SinkRecord> records = new ArrayList<>();
    for (long o = 0; o < 4; o++) {
      records.add(record(o));
    }
    task.put(records);

    await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> committed() == 4);
    assertThat(sim.ledger().occurrences()).isEmpty();
    assertThat(sim.stats().sendRequests()).as("the credentials check only").isEqualTo(1);
    assertThat(sim.definitionRequests()).as("definitions are still read").isEqualTo(2);
    ObjectName name = new ObjectName("kafka.connect.hubspot:type=task-metrics,connector=*,task=0");
    long batches = ManagementFactory.getPlatformMBeanServer().queryNames(name, null).stream()
        .filter(n -> n.getKeyProperty("connector").startsWith("defs-"))
        .mapToLong(n -> {
          try {
            return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(n, "DryRunBatches");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }).sum();
    assertThat(batches).isGreaterThanOrEqualTo(2);
  }

  @Test
  void withoutDryRunTheSameRecordsReachTheLedger() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(VIEWED));
    start(sim, "batch.size", "2");
    task.put(List.of(record(0), record(1)));
    await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> committed() == 2);
    assertThat(sim.ledger().occurrences()).hasSize(2);
  }

  @Test
  void version2026SendsToTheDatedPathHubSpotHas() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(VIEWED).disablePath("/events/2026-03/"));
    start(sim, "hubspot.api.version", "2026-03", "batch.size", "2");
    assertThat(task.eventDefinitions().lookup(EVENT).isKnown()).isTrue();
    task.put(List.of(record(0), record(1)));
    await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> committed() == 2);
    // one batch or two single sends, as linger.ms=0 happens to cut them
    assertThat(sim.ledger().occurrences()).extracting(Occurrence::path).hasSize(2)
        .isSubsetOf("/events/custom/2026-03/send/batch", "/events/custom/2026-03/send");
  }

  @Test
  void aVersionHubSpotDoesNotServeFailsTheStartNamingTheSetting() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(VIEWED)
        .disablePath("/events/2026-03/").disablePath("/events/custom/2026-03/"));
    assertThatThrownBy(() -> start(sim, "hubspot.api.version", "2026-03"))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("it does not serve hubspot.api.version=2026-03")
        .hasMessageContaining("set hubspot.api.version to another of [v3, 2026-03]");
    task = null;
  }
}
