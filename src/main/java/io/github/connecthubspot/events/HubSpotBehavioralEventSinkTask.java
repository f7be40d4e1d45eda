package io.github.connecthubspot.events;

import io.github.connecthubspot.events.client.DryRunHubSpotClient;
import io.github.connecthubspot.events.client.EventDefinitionsCache;
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
import io.github.connecthubspot.events.model.Occurrence;
import io.github.connecthubspot.events.model.EventDefinitions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Thin task: maps each record and hands it to the delivery engine, which sends, retries, reports
 * the bad ones and says which offsets are safe to commit.
 */
public class HubSpotBehavioralEventSinkTask extends SinkTask {
  private static final Logger log = LoggerFactory.getLogger(HubSpotBehavioralEventSinkTask.class);

  private final Function<HubSpotSinkConnectorConfig, HubSpotClientFactory.Connection> connections;
  private final Time time;
  private EventDefinitionsCache definitions;
  private RecordMapper mapper;
  private Delivery delivery;
  private TaskMetrics metrics;
  private TaskMetricsRegistration registration;
  private MinuteSummary summary;

  public HubSpotBehavioralEventSinkTask() {
    this(config -> HubSpotClientFactory.connect(config, Time.SYSTEM, true), Time.SYSTEM);
  }

  /** For tests: the client comes from {@code clientFactory}; no event definitions are read. */
  HubSpotBehavioralEventSinkTask(Function<HubSpotSinkConnectorConfig, HubSpotClient> clientFactory) {
    this(config -> new HubSpotClientFactory.Connection(clientFactory.apply(config), null),
        Time.SYSTEM);
  }

  /** For tests: the send client and definitions reader come from {@code connections}. */
  HubSpotBehavioralEventSinkTask(
      Function<HubSpotSinkConnectorConfig, HubSpotClientFactory.Connection> connections, Time time) {
    this.connections = connections;
    this.time = time;
  }

  /** The portal's event definitions as this task knows them (NONE when they are not read). */
  EventDefinitions eventDefinitions() {
    EventDefinitionsCache cache = definitions;
    return cache == null ? EventDefinitions.NONE : cache;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    HubSpotSinkConnectorConfig config = new HubSpotSinkConnectorConfig(props);
    HubSpotClientFactory.Connection connection = connections.apply(config);
    if (connection.definitions() != null) {
      this.definitions = new EventDefinitionsCache(connection.definitions(), time,
          config.requestTimeout(), config.eventDefinitionsRefresh());
    }
    this.mapper = new RecordMapper(config, eventDefinitions());
    DeliverySettings settings = DeliverySettings.from(config);
    this.metrics = new TaskMetrics();
    metrics.undefinedPropertiesDroppedFrom(mapper::droppedUndefinedProperties);
    this.summary = new MinuteSummary(metrics);
    this.registration = TaskMetricsRegistration.register(metrics, config.connectorName(),
        config.taskId(), context);
    HubSpotClient client = config.dryRun()
        ? new DryRunHubSpotClient(connection.client(), metrics::dryRunBatch)
        : connection.client();
    this.delivery = DeliveryEngine.start(settings, client, errantRecordReporter(),
        PartitionControl.of(context), metrics);
    try {
      delivery.checkCredentials(); // a wrong token fails the task now, not at its first record
      readDefinitions(config); // an event the portal lacks too
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    log.info("Started task {} of connector '{}' sending to {} ({}={}{}, {}); metrics in JMX as {}",
        config.taskId(), config.connectorName(), config.baseUrl(),
        HubSpotSinkConnectorConfig.API_VERSION_CONFIG, config.apiVersion(),
        config.dryRun() ? ", DRY RUN: nothing is sent" : "", settings, registration.name());
  }

  /** Reads the configured events' definitions; fails when the portal has one of them not. */
  private void readDefinitions(HubSpotSinkConnectorConfig config) {
    if (definitions == null) {
      return;
    }
    Map<String, String> names = ConfiguredEventNames.of(config);
    Map<String, List<String>> missing =
        ConfiguredEventNames.missing(names, definitions.start(names.keySet()));
    if (!missing.isEmpty()) {
      throw new ConnectException(missing.values().iterator().next().get(0));
    }
    definitions.startRefreshing(MDC.getCopyOfContextMap());
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
        Occurrence occurrence;
        try {
          occurrence = Occurrence.of(completion.get());
        } catch (RuntimeException e) { // never for what the mapper returns; this record's alone if so
          delivery.reject(record, new InvalidRecordException("the occurrence could not be written"
              + " as JSON: " + e.getClass().getSimpleName()));
          continue;
        }
        delivery.submit(record, occurrence);
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
  public void open(Collection<TopicPartition> partitions) {
    if (delivery != null) {
      delivery.open(partitions);
    }
  }

  @Override
  public void stop() {
    if (definitions != null) {
      definitions.close(); // its refresh thread first: the pool closes with the client
    }
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
