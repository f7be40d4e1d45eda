package io.github.connecthubspot.events;

import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.delivery.Delivery;
import io.github.connecthubspot.events.delivery.DeliveryEngine;
import io.github.connecthubspot.events.delivery.DeliverySettings;
import io.github.connecthubspot.events.delivery.PartitionControl;
import io.github.connecthubspot.events.mapping.InvalidRecordException;
import io.github.connecthubspot.events.mapping.RecordMapper;
import io.github.connecthubspot.events.metrics.MinuteSummary;
import io.github.connecthubspot.events.metrics.TaskMetrics;
import io.github.connecthubspot.events.metrics.TaskMetricsRegistration;
import io.github.connecthubspot.events.model.Completion;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin task: maps each record and hands it to the delivery engine, which sends, retries, reports
 * the bad ones and says which offsets are safe to commit.
 */
public class HubSpotBehavioralEventSinkTask extends SinkTask {
  private static final Logger log = LoggerFactory.getLogger(HubSpotBehavioralEventSinkTask.class);

  private final Function<HubSpotSinkConnectorConfig, HubSpotClient> clientFactory;
  private RecordMapper mapper;
  private Delivery delivery;
  private TaskMetrics metrics;
  private TaskMetricsRegistration registration;
  private MinuteSummary summary;

  public HubSpotBehavioralEventSinkTask() {
    this(HubSpotBehavioralEventSinkTask::httpClient);
  }

  /** For tests: the client comes from {@code clientFactory}. */
  HubSpotBehavioralEventSinkTask(Function<HubSpotSinkConnectorConfig, HubSpotClient> clientFactory) {
    this.clientFactory = clientFactory;
  }

  /** The HTTP client: credentials, trust store and proxy, a connection per request in flight. */
  static HubSpotClient httpClient(HubSpotSinkConnectorConfig config) {
    return HubSpotClientFactory.create(config, Time.SYSTEM);
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    HubSpotSinkConnectorConfig config = new HubSpotSinkConnectorConfig(props);
    this.mapper = new RecordMapper(config);
    DeliverySettings settings = DeliverySettings.from(config);
    this.metrics = new TaskMetrics();
    this.summary = new MinuteSummary(metrics);
    this.registration = TaskMetricsRegistration.register(metrics, config.connectorName(),
        config.taskId(), context);
    this.delivery = DeliveryEngine.start(settings, clientFactory.apply(config),
        errantRecordReporter(), PartitionControl.of(context), metrics);
    try {
      delivery.checkCredentials(); // a wrong token fails the task now, not at its first record
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    log.info("Started task {} of connector '{}' sending to {} ({}); metrics in JMX as {}",
        config.taskId(), config.connectorName(), config.baseUrl(), settings, registration.name());
  }

  private ErrantRecordReporter errantRecordReporter() {
    try {
      return context == null ? null : context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null; // a worker older than Kafka 2.6
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    metrics.received(records.size());
    delivery.poll();
    for (SinkRecord record : records) {
      Optional<Completion> completion;
      try {
        completion = mapper.map(record);
      } catch (InvalidRecordException e) {
        delivery.reject(record, e);
        continue;
      }
      if (completion.isPresent()) {
        delivery.submit(record, completion.get());
      } else {
        delivery.skip(record);
      }
    }
    delivery.poll();
    summary.maybeLog(Time.SYSTEM.milliseconds());
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    // Connect may commit once more after stop(): nothing is held any more, so nothing to add.
    return delivery == null ? Map.of() : delivery.preCommit(currentOffsets);
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    if (delivery != null) {
      delivery.close(partitions);
    }
  }

  @Override
  public void stop() {
    if (delivery != null) {
      delivery.close();
      delivery = null;
    }
    if (registration != null) {
      registration.close();
      registration = null;
    }
  }
}
