package io.github.connecthubspot.events.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.connecthubspot.events.hubspot.Scripted;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access token goes nowhere but into the Authorization header, even when HubSpot's answers echo
 * it back: this collects every log line (DEBUG for the connector), the dead-letter records and
 * their headers, the task's failure trace, the REST config, tasks, status and validate answers, and
 * every JMX attribute of the task's metrics, and looks for the token in all of them.
 */
class SecretScanIT {
  private static final String TOKEN = ConnectCluster.TOKEN;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ConnectCluster cluster;

  @BeforeAll
  static void start() {
    cluster = new ConnectCluster("secret-scan", 1, Map.of(
        "config.providers", "file",
        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** An error body with the token in every field HubSpot's error schema has. */
  private static String echoing(String category) {
    return "{\"status\":\"error\",\"category\":\"" + category + "\",\"subCategory\":\"" + TOKEN
        + "\",\"message\":\"token " + TOKEN + " rejected\",\"correlationId\":\"" + TOKEN
        + "\",\"context\":{\"" + TOKEN + "\":[\"" + TOKEN + "\"],\"requiredScopes\":[\"" + TOKEN
        + "\"],\"missingScopes\":[\"" + TOKEN + "\"]},\"links\":{\"doc\":\"" + TOKEN
        + "\"},\"errors\":[{\"message\":\"" + TOKEN + "\",\"code\":\"" + TOKEN + "\",\"in\":\""
        + TOKEN + "\",\"subCategory\":\"" + TOKEN + "\",\"context\":{\"k\":[\"" + TOKEN + "\"]}}]}";
  }

  @Test
  void theTokenIsInNoLogTraceDeadLetterRestAnswerOrMetric(@TempDir Path dir) throws Exception {
    Path secrets = dir.resolve("hubspot.properties");
    Files.writeString(secrets, "token=" + TOKEN + "\n");
    String topic = "scanned";
    String dlq = "scanned-dlq";
    String connector = "secret-scan";
    cluster.connect.kafka().createTopic(topic, 1);
    Map<String, String> props = cluster.connectorProps(topic, "pe1234567_scanned");
    props.put("hubspot.access.token", "${file:" + secrets + ":token}");
    props.put("errors.tolerance", "all");
    props.put("errors.deadletterqueue.topic.name", dlq);
    props.put("errors.deadletterqueue.topic.replication.factor", "1");
    props.put("errors.deadletterqueue.context.headers.enable", "true");
    props.put("errors.log.enable", "true");
    props.put("errors.log.include.messages", "true");
    props.put("batch.size", "1");

    List<String> seen = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      cluster.startConnector(connector, props, 1);
      // Transient, rate-limited, then refused: each answer echoes the token.
      cluster.hubspot.script(
          Scripted.respond(503, echoing("SERVICE_UNAVAILABLE"), Map.of()),
          Scripted.respond(429, "{\"status\":\"error\",\"message\":\"" + TOKEN
              + "\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"SECONDLY\",\"correlationId\":\""
              + TOKEN + "\"}", Map.of()),
          Scripted.respond(400, echoing("VALIDATION_ERROR"), Map.of()));
      cluster.connect.kafka().produce(topic, 0, "k1", "{\"email\":\"a@example.com\"}");
      List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
      await().atMost(ConnectCluster.DELIVERY_TIMEOUT).until(() -> {
        cluster.connect.kafka().consumeAll(2_000, dlq).forEach(dead::add);
        return !dead.isEmpty();
      });
      for (ConsumerRecord<byte[], byte[]> r : dead) {
        for (Header h : r.headers()) {
          seen.add("DLQ header " + h.key() + ": " + new String(h.value(), StandardCharsets.UTF_8));
        }
      }
      assertThat(seen).anyMatch(s -> s.contains("__connect.errors.exception.message")
          && s.contains("HubSpot refused the occurrence"));

      seen.addAll(jmxAttributes());

      // Then a 403 that echoes the token everywhere: the task fails.
      cluster.hubspot.script(Scripted.respond(403, echoing("MISSING_SCOPES"), Map.of()));
      cluster.connect.kafka().produce(topic, 0, "k2", "{\"email\":\"b@example.com\"}");
      cluster.connect.assertions().assertConnectorIsRunningAndTasksHaveFailed(connector, 1,
          "the task did not fail on 403");
      String trace = cluster.task(connector, 0).trace();
      assertThat(trace).contains("403").contains("hubspot.access.token");
      seen.add("trace: " + trace);

      String rest = cluster.connect.endpointForResource("connectors/" + connector);
      for (String path : List.of("", "/config", "/tasks", "/status")) {
        seen.add("REST " + path + ": " + get(rest + path));
      }
      Map<String, String> literal = cluster.connectorProps(topic, "pe1234567_scanned");
      String validation = new ObjectMapper().writeValueAsString(cluster.connect.validateConnectorConfig(
          "HubSpotBehavioralEventSinkConnector", literal));
      assertThat(validation).contains("hubspot.access.token");
      seen.add("validate: " + validation);
      seen.addAll(logs.lines());
    }
    assertThat(seen).hasSizeGreaterThan(10);
    assertThat(seen).as("places the token could leak to").noneMatch(s -> s.contains(TOKEN));
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** "name.attribute=value" of every attribute of the connector's MBeans. */
  private static List<String> jmxAttributes() throws Exception {
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    List<String> values = new ArrayList<>();
    for (ObjectName name : jmx.queryNames(new ObjectName("kafka.connect.hubspot:*"), null)) {
      for (MBeanAttributeInfo a : jmx.getMBeanInfo(name).getAttributes()) {
        values.add(name + "." + a.getName() + "=" + jmx.getAttribute(name, a.getName()));
      }
    }
    assertThat(values).as("the task's metrics").isNotEmpty();
    return values;
  }
}
