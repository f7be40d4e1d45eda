package io.github.connecthubspot.events.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.connecthubspot.events.hubspot.Occurrence;
import io.github.connecthubspot.events.mapping.EventUuids;
import io.github.connecthubspot.events.metrics.TaskMetricsRegistration;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector in a real Connect worker with a real broker, delivering to the local HubSpot
 * endpoint: what the mapping promises, the dead-letter queue, REST validation, an outage and a
 * bad token. One cluster for the class; each test has its own topic, connector and event name.
 */
class ConnectorIT {
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ConnectCluster cluster;

  @BeforeAll
  static void start() {
    cluster = new ConnectCluster("connector-it", 1);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void cleanUp() {
    cluster.hubspot.up();
    cluster.deleteAllConnectors();
  }


  @Test
  void schemalessJsonRecordsBecomeTheEventsTheMappingPromises() throws Exception {
    String topic = "plain-json";
    String event = "pe1234567_plain_json";
    cluster.connect.kafka().createTopic(topic, 1);
    Map<String, String> props = cluster.connectorProps(topic, event);
    props.put("identifier.object.id.field", "contactId");
    props.put("properties.rename", "pageTitle:hs_page_title");
    props.put("properties.static", "hs_touchpoint_source:INTEGRATION");
    cluster.startConnector("plain-json", props, 1);

    int count = 25;
    for (int i = 0; i < count; i++) {
      cluster.connect.kafka().produce(topic, 0, "k" + i, "{\"email\":\"user" + i + "@example.com\","
          + "\"contactId\":" + (1000 + i) + ",\"pageTitle\":\"Page " + i + "\",\"score\":" + i + ".5,"
          + "\"tags\":[\"a\",\"b\"],\"ok\":true,\"none\":null}");
    }

    await().atMost(ConnectCluster.DELIVERY_TIMEOUT).until(() -> cluster.received(event).size() >= count);
    List<Occurrence> got = cluster.received(event);
    assertThat(got).hasSize(count);
    assertThat(cluster.countsByUuid(event)).hasSize(count).allSatisfy((uuid, n) -> assertThat(n).isOne());
    Occurrence seventh = got.stream().filter(o -> "user7@example.com".equals(o.completion().path("email").asText()))
        .findFirst().orElseThrow();
    JsonNode body = seventh.completion();
    assertThat(body.path("eventName").asText()).isEqualTo(event);
    assertThat(body.path("objectId").asText()).isEqualTo("1007");
    assertThat(body.path("uuid").asText()).isEqualTo(EventUuids.fromCoordinates("plain-json", topic, 0, 7));
    assertThat(body.path("occurredAt").asText()).endsWith("Z");
    assertThat(JSON.convertValue(body.path("properties"), STRING_MAP)).isEqualTo(Map.of(
        "hs_page_title", "Page 7", "score", "7.5", "tags", "a;b", "ok", "true",
        "hs_touchpoint_source", "INTEGRATION"));
  }

  @Test
  void jsonWithSchemasThroughKafkasOwnTransforms() throws Exception {
    String topic = "schema-json";
    String event = "pe1234567_schema_json";
    cluster.connect.kafka().createTopic(topic, 1);
    Map<String, String> props = cluster.connectorProps(topic, event);
    props.put("value.converter.schemas.enable", "true");
    props.put("occurred.at.source", "field");
    props.put("occurred.at.field", "viewedAt");
    props.put("transforms", "drop,add");
    props.put("transforms.drop.type", "org.apache.kafka.connect.transforms.ReplaceField$Value");
    props.put("transforms.drop.exclude", "internal");
    props.put("transforms.drop.renames", "pageTitle:hs_page_title");
    props.put("transforms.add.type", "org.apache.kafka.connect.transforms.InsertField$Value");
    props.put("transforms.add.static.field", "source");
    props.put("transforms.add.static.value", "kafka");
    cluster.startConnector("schema-json", props, 1);

    String schema = "{\"type\":\"struct\",\"fields\":["
        + "{\"field\":\"email\",\"type\":\"string\"},"
        + "{\"field\":\"viewedAt\",\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1},"
        + "{\"field\":\"birthday\",\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\",\"version\":1},"
        + "{\"field\":\"amount\",\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,\"parameters\":{\"scale\":\"2\"}},"
        + "{\"field\":\"tags\",\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
        + "{\"field\":\"address\",\"type\":\"struct\",\"fields\":[{\"field\":\"city\",\"type\":\"string\"},{\"field\":\"zip\",\"type\":\"string\"}]},"
        + "{\"field\":\"internal\",\"type\":\"string\"},"
        + "{\"field\":\"pageTitle\",\"type\":\"string\"}]}";
    String payload = "{\"email\":\"ada@example.com\",\"viewedAt\":1714564800123,\"birthday\":19844,"
        + "\"amount\":\"BOI=\",\"tags\":[\"red\",\"blue\"],\"address\":{\"city\":\"Lyon\",\"zip\":\"69001\"},"
        + "\"internal\":\"do-not-send\",\"pageTitle\":\"Pricing\"}";
    cluster.connect.kafka().produce(topic, 0, "k", "{\"schema\":" + schema + ",\"payload\":" + payload + "}");

    await().atMost(ConnectCluster.DELIVERY_TIMEOUT).until(() -> !cluster.received(event).isEmpty());
    JsonNode body = cluster.received(event).get(0).completion();
    assertThat(body.path("email").asText()).isEqualTo("ada@example.com");
    assertThat(body.path("occurredAt").asText()).isEqualTo("2024-05-01T12:00:00.123Z");
    assertThat(JSON.convertValue(body.path("properties"), STRING_MAP)).isEqualTo(Map.of(
        "birthday", "1714521600000",
        "amount", "12.50",
        "tags", "red;blue",
        "address", "{\"city\":\"Lyon\",\"zip\":\"69001\"}",
        "hs_page_title", "Pricing",
        "source", "kafka"));
  }

  @Test
  void invalidRecordsGoToTheDeadLetterQueueOnceAndTheRestIsDelivered() throws Exception {
    String topic = "with-bad-records";
    String dlq = "with-bad-records-dlq";
    String event = ConnectCluster.DEFINED_EVENT;
    cluster.connect.kafka().createTopic(topic, 1);
    Map<String, String> props = cluster.connectorProps(topic, event);
    props.put("errors.tolerance", "all");
    props.put("errors.deadletterqueue.topic.name", dlq);
    props.put("errors.deadletterqueue.topic.replication.factor", "1");
    props.put("errors.deadletterqueue.context.headers.enable", "true");
    cluster.startConnector("with-bad-records", props, 1);

    // Three records the connector refuses itself, and one only HubSpot refuses (its definition of
    // the event takes plan free or pro): that one is split out of its batch and reported.
    Map<String, String> invalid = Map.of(
        "{\"email\":\"a@example.com\",\"Page_Title\":\"Home\"}",
        "property 'Page_Title' is not a valid HubSpot internal name (must match [a-z][a-z0-9_]*, at most 50 characters)",
        "{\"plan\":\"pro\"}",
        "no identifier: HubSpot needs one of email, objectId or utk",
        "{\"email\":\"b@example.com\",\"hs_page_title\":\"" + "x".repeat(300) + "\"}",
        "property 'hs_page_title' value has 300 characters: HubSpot accepts at most 256");
    String refusedByHubSpot = "{\"email\":\"c@example.com\",\"plan\":\"enterprise\"}";
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      values.add("{\"email\":\"good" + i + "@example.com\",\"plan\":\"free\"}");
    }
    values.addAll(2, invalid.keySet());
    values.add(5, refusedByHubSpot);
    for (String value : values) {
      cluster.connect.kafka().produce(topic, 0, null, value);
    }

    await().atMost(ConnectCluster.DELIVERY_TIMEOUT)
        .until(() -> cluster.committedOffset("with-bad-records", topic, 0) == values.size());
    assertThat(cluster.received(event)).hasSize(7);
    assertThat(cluster.countsByUuid(event)).hasSize(7);
    // Read after the offsets were committed: every bad record is there, and only once.
    List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
    cluster.connect.kafka().consumeAll(10_000, dlq).forEach(dead::add);
    Map<String, String> reasons = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      reasons.put(new String(r.value(), StandardCharsets.UTF_8), header(r, "__connect.errors.exception.message"));
    }
    assertThat(dead).hasSize(4);
    assertThat(reasons).containsAllEntriesOf(invalid).containsKey(refusedByHubSpot);
    assertThat(reasons.get(refusedByHubSpot))
        .startsWith("HubSpot refused the occurrence: HubSpot answered 400 VALIDATION_ERROR")
        .contains("correlationId=");
    assertThat(cluster.task("with-bad-records", 0).state()).isEqualTo("RUNNING");
  }

  @Test
  void throughTheDatedVersionAWrongOptionAloneIsDeadLetteredAndTheRestGoInOneRequest() throws Exception {
    String topic = "with-definitions";
    String dlq = "with-definitions-dlq";
    String connector = "with-definitions";
    String event = ConnectCluster.DEFINED_EVENT_READ;
    cluster.connect.kafka().createTopic(topic, 1);
    long invalidBefore = cluster.hubspot.stats().occurrencesInvalid();
    // All the records are there before the connector starts, and linger.ms holds them: one batch.
    String wrongOption = "{\"email\":\"c@example.com\",\"plan\":\"enterprise\"}";
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      values.add("{\"email\":\"defined" + i + "@example.com\",\"plan\":\"" + (i % 2 == 0 ? "free" : "pro") + "\"}");
    }
    values.add(4, wrongOption);
    for (String value : values) {
      cluster.connect.kafka().produce(topic, 0, null, value);
    }
    Map<String, String> props = cluster.connectorProps(topic, event);
    props.put("hubspot.api.version", "2026-03");
    props.put("event.definitions.enabled", "true");
    props.put("linger.ms", "3000");
    props.put("errors.tolerance", "all");
    props.put("errors.deadletterqueue.topic.name", dlq);
    props.put("errors.deadletterqueue.topic.replication.factor", "1");
    props.put("errors.deadletterqueue.context.headers.enable", "true");
    cluster.startConnector(connector, props, 1);

    await().atMost(ConnectCluster.DELIVERY_TIMEOUT)
        .until(() -> cluster.committedOffset(connector, topic, 0) == values.size());
    List<Occurrence> got = cluster.received(event);
    assertThat(got).hasSize(8);
    assertThat(got).extracting(Occurrence::path).containsOnly("/events/2026-03/send/batch");
    assertThat(got.stream().map(Occurrence::requestId).distinct().count())
        .as("the good records went in one request: nothing was split").isOne();
    assertThat(cluster.hubspot.stats().occurrencesInvalid()).as("HubSpot refused nothing")
        .isEqualTo(invalidBefore);
    List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
    cluster.connect.kafka().consumeAll(10_000, dlq).forEach(dead::add);
    assertThat(dead).hasSize(1);
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(wrongOption);
    assertThat(header(dead.get(0), "__connect.errors.exception.message"))
        .contains("'plan'").contains("enumeration").contains("free").contains("pro");
    assertThat(cluster.task(connector, 0).state()).isEqualTo("RUNNING");
  }

  @Test
  void theRunningTasksMetricsAreReadOverJmxAndItsLinesCarryItsContext() throws Exception {
    String topic = "metrics";
    String event = "pe1234567_metrics";
    String connector = "metrics-it";
    cluster.connect.kafka().createTopic(topic, 1);
    Map<String, String> props = cluster.connectorProps(topic, event);
    props.put("errors.tolerance", "all");
    props.put("errors.deadletterqueue.topic.name", "metrics-dlq");
    props.put("errors.deadletterqueue.topic.replication.factor", "1");
    int valid = 30;
    try (LogCapture logs = new LogCapture()) {
      cluster.startConnector(connector, props, 1);
      long before = System.currentTimeMillis();
      for (int i = 0; i < valid; i++) {
        cluster.connect.kafka().produce(topic, 0, "k" + i, "{\"email\":\"m" + i + "@example.com\"}");
      }
      cluster.connect.kafka().produce(topic, 0, "bad", "{\"plan\":\"pro\"}"); // no identifier

      MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName("kafka.connect.hubspot:type=task-metrics,connector=" + connector + ",task=0");
      assertThat(TaskMetricsRegistration.objectName(connector, "0")).isEqualTo(name);
      await().atMost(ConnectCluster.DELIVERY_TIMEOUT).until(() -> jmx.isRegistered(name)
          && (Long) jmx.getAttribute(name, "RecordsDelivered") == valid
          && (Long) jmx.getAttribute(name, "RecordsDeadLettered") == 1);
      assertThat((Long) jmx.getAttribute(name, "RecordsReceived")).isEqualTo(valid + 1L);
      assertThat((Long) jmx.getAttribute(name, "RecordsSkipped")).isZero();
      long requests = (Long) jmx.getAttribute(name, "Requests");
      assertThat(requests).isPositive().isEqualTo((Long) jmx.getAttribute(name, "RequestsSucceeded"));
      assertThat((Double) jmx.getAttribute(name, "BatchSizeAvg")).isEqualTo((double) valid / requests);
      assertThat((Long) jmx.getAttribute(name, "Requests429")).isZero();
      assertThat((Long) jmx.getAttribute(name, "RequestLatencyP99Ms")).isNotNegative();
      assertThat((Double) jmx.getAttribute(name, "DeliveryLagAvgMs")).isNotNegative()
          .isLessThanOrEqualTo((double) (System.currentTimeMillis() - before));
      assertThat((String) jmx.getAttribute(name, "TopDeadLetterReasons"))
          .isEqualTo("1 x no identifier: HubSpot needs one of email, objectId or utk");
      await().atMost(ConnectCluster.DELIVERY_TIMEOUT)
          .until(() -> (Integer) jmx.getAttribute(name, "BufferedRecords") == 0);
      assertThat((Integer) jmx.getAttribute(name, "RequestsInFlight")).isZero();

      // Kafka 4.1+ workers also expose them as the task's plugin metrics (JMX domain kafka.connect).
      Set<ObjectName> plugin = jmx.queryNames(new ObjectName("kafka.connect:*"), null).stream()
          .filter(n -> connector.equals(n.getKeyProperty("connector")))
          .filter(n -> hasAttribute(jmx, n, "records-delivered"))
          .collect(Collectors.toSet());
      assertThat(plugin).as("plugin metrics of the task").hasSize(1);
      assertThat(((Number) jmx.getAttribute(plugin.iterator().next(), "records-delivered")).longValue())
          .isEqualTo(valid);

      // The sender and dispatcher threads log with Connect's context, as the task thread does.
      await().atMost(ConnectCluster.DELIVERY_TIMEOUT).until(() -> logs.connectorLineContexts().stream()
          .anyMatch(c -> c.contains("-sender-")));
      assertThat(logs.connectorLineContexts()).filteredOn(c -> c.startsWith("hubspot-" + connector))
          .isNotEmpty().allSatisfy(c -> assertThat(c).contains("[" + connector + "|task-0]"));

      cluster.connect.deleteConnector(connector);
      await().atMost(ConnectCluster.DELIVERY_TIMEOUT).until(() -> !jmx.isRegistered(name));
    }
  }

  private static boolean hasAttribute(MBeanServer jmx, ObjectName name, String attribute) {
    try {
      for (var a : jmx.getMBeanInfo(name).getAttributes()) {
        if (a.getName().equals(attribute)) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void withoutErrorToleranceAnInvalidRecordFailsTheTaskNamingTheRule() throws Exception {
    String topic = "intolerant";
    cluster.connect.kafka().createTopic(topic, 1);
    cluster.startConnector("intolerant", cluster.connectorProps(topic, "pe1234567_intolerant"), 1);

    cluster.connect.kafka().produce(topic, 0, null, "{\"email\":\"a@example.com\",\"Page_Title\":\"Home\"}");

    cluster.connect.assertions().assertConnectorIsRunningAndTasksHaveFailed("intolerant", 1,
        "the task did not fail");
    assertThat(cluster.task("intolerant", 0).trace()).contains(
        "property 'Page_Title' is not a valid HubSpot internal name (must match [a-z][a-z0-9_]*, at most 50 characters)");
  }

  @Test
  void restValidationPointsAtTheKeysToFix() {
    String plugin = "HubSpotBehavioralEventSinkConnector";
    Map<String, String> props = cluster.connectorProps("t", "pe1234567_x");
    props.put("name", "validate-me");
    props.remove("hubspot.access.token");
    props.put("batch.size", "501");
    props.put("hubspot.base.url", "http://hubspot.example.com");
    props.put("event.name.topic.mapping", "t:pe1234567_y");
    props.put("occured.at.source", "field");
    props.put("properties.static", "hs_touchpoint_source:WEB");

    ConfigInfos infos = cluster.connect.validateConnectorConfig(plugin, props);

    Map<String, List<String>> errors = infos.configs().stream()
        .map(ConfigInfo::configValue)
        .filter(v -> !v.errors().isEmpty())
        .collect(Collectors.toMap(v -> v.name(), v -> v.errors()));
    assertThat(errors).containsOnlyKeys("hubspot.access.token", "hubspot.oauth.client.id",
        "hubspot.oauth.client.secret", "hubspot.oauth.refresh.token", "batch.size",
        "hubspot.base.url", "event.name", "event.name.topic.mapping", "occured.at.source",
        "properties.static");
    assertThat(errors.get("occured.at.source")).singleElement().asString()
        .endsWith("did you mean 'occurred.at.source'?");
    assertThat(errors.get("properties.static")).singleElement().asString()
        .contains("property 'hs_touchpoint_source' value is not one of HubSpot's options");
    assertThat(errors.get("hubspot.access.token")).singleElement().asString()
        .startsWith("no credentials: set hubspot.access.token");
    assertThat(errors.get("batch.size")).singleElement().asString().contains("Value must be no more than 500");
    assertThat(errors.get("hubspot.base.url")).singleElement().asString()
        .contains("plain http is allowed only to a loopback host");
    assertThat(errors.get("event.name")).containsExactly(
        "event.name and event.name.topic.mapping conflict: set one of them, not both");
    assertThat(errors.get("event.name.topic.mapping")).containsExactly(
        "event.name and event.name.topic.mapping conflict: set one of them, not both");
    assertThat(infos.errorCount()).isEqualTo(10);
  }

  @Test
  void endpointUnreachableForThirtySecondsThenBackLosesNothing() throws Exception {
    String topic = "outage";
    String event = "pe1234567_outage";
    cluster.connect.kafka().createTopic(topic, 1);
    cluster.startConnector("outage", cluster.connectorProps(topic, event), 1);
    for (int i = 0; i < 50; i++) {
      cluster.connect.kafka().produce(topic, 0, null, "{\"email\":\"before" + i + "@example.com\"}");
    }
    await().atMost(ConnectCluster.DELIVERY_TIMEOUT).until(() -> cluster.received(event).size() >= 50);

    cluster.hubspot.down();
    for (int i = 0; i < 50; i++) {
      cluster.connect.kafka().produce(topic, 0, null, "{\"email\":\"during" + i + "@example.com\"}");
    }
    await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(40))
        .until(() -> "RUNNING".equals(cluster.task("outage", 0).state()));
    assertThat(cluster.received(event)).hasSize(50);
    cluster.hubspot.up();

    await().atMost(ConnectCluster.DELIVERY_TIMEOUT).until(() -> cluster.received(event).size() >= 100);
    assertThat(cluster.countsByUuid(event)).hasSize(100).allSatisfy((uuid, n) -> assertThat(n).isOne());
    assertThat(cluster.task("outage", 0).state()).isEqualTo("RUNNING");
  }

  @Test
  void aTokenHubSpotRefusesIsRefusedAtCreationNamingTheSettingAndTheTokenIsNowhere() throws Exception {
    String wrongToken = "pat-na1-wrong-5b7e1d0c-9a8f-4c3b";
    String topic = "bad-token";
    cluster.connect.kafka().createTopic(topic, 1);
    Map<String, String> props = cluster.connectorProps(topic, "pe1234567_bad_token");
    props.put("hubspot.access.token", wrongToken);
    try (LogCapture logs = new LogCapture()) {
      // Connect validates before it creates: the credentials check asks HubSpot, which says 401.
      Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
          () -> cluster.connect.configureConnector("bad-token", props));
      assertThat(refused).isNotNull();
      assertThat(String.valueOf(refused.getMessage())).contains("hubspot.access.token")
          .contains("401").doesNotContain(wrongToken);
      assertThat(cluster.connect.connectors()).doesNotContain("bad-token");
      assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(wrongToken));
    }
  }


  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
