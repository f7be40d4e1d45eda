package io.github.connecthubspot.events;

import io.github.connecthubspot.events.client.HttpHubSpotClient;
import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.client.StaticAccessToken;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.delivery.Delivery;
import io.github.connecthubspot.events.delivery.SynchronousDelivery;
import io.github.connecthubspot.events.mapping.InvalidRecordException;
import io.github.connecthubspot.events.mapping.RecordMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thin task: maps each record, reports the bad ones, hands the rest to the delivery step. */
public class HubSpotBehavioralEventSinkTask extends SinkTask {
  private static final Logger log = LoggerFactory.getLogger(HubSpotBehavioralEventSinkTask.class);

  private final Function<HubSpotSinkConnectorConfig, HubSpotClient> clientFactory;
  private RecordMapper mapper;
  private Delivery delivery;
  private ErrantRecordReporter reporter;
  private final List<Future<Void>> reported = new ArrayList<>();

  public HubSpotBehavioralEventSinkTask() {
    this(HubSpotBehavioralEventSinkTask::httpClient);
  }

  /** For tests: the client comes from {@code clientFactory}. */
  HubSpotBehavioralEventSinkTask(Function<HubSpotSinkConnectorConfig, HubSpotClient> clientFactory) {
    this.clientFactory = clientFactory;
  }

  static HubSpotClient httpClient(HubSpotSinkConnectorConfig config) {
    return new HttpHubSpotClient(
        new HttpHubSpotClient.Settings(config.baseUrl(), config.connectTimeout(),
            config.requestTimeout(), 4, "kafka-connect-hubspot-events/" + Version.get()),
        new StaticAccessToken(config.accessToken()));
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    HubSpotSinkConnectorConfig config = new HubSpotSinkConnectorConfig(props);
    this.mapper = new RecordMapper(config);
    this.reporter = errantRecordReporter();
    this.delivery = new SynchronousDelivery(clientFactory.apply(config), config.batchSize());
    log.info("Started task of connector '{}' sending to {} in batches of at most {}",
        config.connectorName(), config.baseUrl(), config.batchSize());
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
    for (SinkRecord record : records) {
      try {
        mapper.map(record).ifPresent(c -> delivery.submit(record, c));
      } catch (InvalidRecordException e) {
        report(record, e);
      }
    }
  }

  private void report(SinkRecord record, InvalidRecordException e) {
    String where = record.originalTopic() + "-" + record.originalKafkaPartition() + "@"
        + record.originalKafkaOffset();
    if (reporter == null) {
      throw new ConnectException("Record " + where + " is invalid: " + e.getMessage()
          + " (set errors.tolerance=all and errors.deadletterqueue.topic.name to route such"
          + " records to a dead-letter queue)", e);
    }
    log.debug("Reporting invalid record {}: {}", where, e.getMessage());
    reported.add(reporter.report(record, e));
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    Map<TopicPartition, OffsetAndMetadata> safe = delivery.preCommit(currentOffsets);
    awaitReported();
    return safe;
  }

  private void awaitReported() {
    try {
      for (Future<Void> f : reported) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while waiting for the errant-record reporter", e);
    } catch (ExecutionException e) {
      throw new ConnectException("The errant-record reporter failed", e.getCause());
    }
    reported.clear();
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
    }
  }
}
