package io.github.connecthubspot.events.it;

import io.github.connecthubspot.events.HubSpotBehavioralEventSinkConnector;
import io.github.connecthubspot.events.hubspot.EventDefinition;
import io.github.connecthubspot.events.hubspot.LocalHubSpot;
import io.github.connecthubspot.events.hubspot.Occurrence;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** A real Kafka broker and Connect workers in this JVM, with the local HubSpot endpoint beside them. */
final class ConnectCluster implements AutoCloseable {
  static final String TOKEN = "pat-na1-it-secret-7f3c9a2e-0b1d-4e5f";
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(90);
  /**
   * An event HubSpot knows the definition of: {@code plan} takes only {@code free} or {@code pro},
   * a rule the connector cannot know, so only HubSpot refuses an occurrence that breaks it.
   */
  static final String DEFINED_EVENT = "pe1234567_with_bad_records";
  /** Defined like {@link #DEFINED_EVENT}, for a test that reads the definitions. */
  static final String DEFINED_EVENT_READ = "pe1234567_with_definitions";

  final EmbeddedConnectCluster connect;
  final LocalHubSpot hubspot;

  ConnectCluster(String name, int workers) {
    this(name, workers, Map.of());
  }

  /** With {@code extraWorkerProps} added to every worker's settings. */
  ConnectCluster(String name, int workers, Map<String, String> extraWorkerProps) {
    this(name, workers, extraWorkerProps, UnaryOperator.identity());
  }

  /**
   * With {@code extraWorkerProps} added to every worker's settings and {@code hubspotOptions}
   * applied to the local endpoint's builder (for example an OAuth client and its token lifetime).
   */
  ConnectCluster(String name, int workers, Map<String, String> extraWorkerProps,
      UnaryOperator<LocalHubSpot.Builder> hubspotOptions) {
    hubspot = hubspotOptions.apply(LocalHubSpot.builder().token(TOKEN)
        .eventDefinition(EventDefinition.builder(DEFINED_EVENT).enumeration("plan", "free", "pro").build())
        .eventDefinition(EventDefinition.builder(DEFINED_EVENT_READ).enumeration("plan", "free", "pro").build())
        .unknownEvents(LocalHubSpot.UnknownMode.ACCEPT)
        .unknownProperties(LocalHubSpot.UnknownMode.ACCEPT))
        .start();
    Map<String, String> workerProps = new HashMap<>();
    workerProps.put("offset.flush.interval.ms", "1000");
    workerProps.putAll(extraWorkerProps);
    connect = new EmbeddedConnectCluster.Builder()
        .name(name)
        .numWorkers(workers)
        .workerProps(workerProps)
        .build();
    connect.start();
  }

  /** A connector of schemaless JSON records from {@code topic} to {@code eventName}. */
  Map<String, String> connectorProps(String topic, String eventName) {
    Map<String, String> props = new HashMap<>();
    props.put("connector.class", HubSpotBehavioralEventSinkConnector.class.getName());
    props.put("tasks.max", "1");
    props.put("topics", topic);
    props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("value.converter.schemas.enable", "false");
    props.put("hubspot.access.token", TOKEN);
    props.put("hubspot.base.url", hubspot.baseUrl());
    props.put("event.name", eventName);
    // The endpoint here accepts events it does not define: the portal's definitions stay unread
    // (a test that wants them sets event.definitions.enabled=true).
    props.put("event.definitions.enabled", "false");
    props.put("linger.ms", "200");
    props.put("retry.backoff.ms", "100");
    props.put("retry.backoff.max.ms", "2000");
    return props;
  }

  /** Creates the connector and waits until it and its {@code tasks} tasks run. */
  void startConnector(String name, Map<String, String> props, int tasks) throws InterruptedException {
    connect.configureConnector(name, props);
    connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, tasks, name + " did not start");
  }

  List<Occurrence> received(String eventName) {
    return hubspot.ledger().occurrences(eventName);
  }

  /** Accepted occurrences of {@code eventName} per uuid. */
  Map<String, Long> countsByUuid(String eventName) {
    return received(eventName).stream()
        .collect(Collectors.groupingBy(Occurrence::uuid, Collectors.counting()));
  }

  ConnectorStateInfo.TaskState task(String connector, int id) {
    return connect.connectorStatus(connector).tasks().stream()
        .filter(t -> t.id() == id).findFirst().orElseThrow();
  }

  /** The offset the connector committed for {@code partition} of {@code topic}, or -1. */
  long committedOffset(String connector, String topic, int partition) {
    return connect.connectorOffsets(connector).offsets().stream()
        .filter(o -> topic.equals(o.partition().get("kafka_topic"))
            && Integer.valueOf(partition).equals(((Number) o.partition().get("kafka_partition")).intValue()))
        .mapToLong(o -> ((Number) o.offset().get("kafka_offset")).longValue())
        .findFirst().orElse(-1);
  }

  void deleteAllConnectors() {
    for (String name : connect.connectors()) {
      connect.deleteConnector(name);
    }
  }

  @Override
  public void close() {
    try {
      connect.stop();
    } finally {
      hubspot.close();
    }
  }
}
