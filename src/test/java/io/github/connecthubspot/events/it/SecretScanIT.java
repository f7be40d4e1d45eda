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
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access token goes nowhere but into the Authorization header, even when HubSpot's answers echo
 * it back: this collects every log line (DEBUG for the connector), the dead-letter records and
 * their headers, the task's failure trace, the REST config, tasks, status and validate answers, and
 * every JMX attribute of the task's metrics, and looks for the token in all of them. The same goes
 * for OAuth's client secret and refresh token: a second connector authenticates with them, meets
 * answers that echo them, and fails when its refresh token is revoked.
 */
class SecretScanIT {
  private static final String TOKEN = ConnectCluster.TOKEN;
  private static final String CLIENT_ID = "4f0d5c3a-1b2c-4d5e-8f90-a1b2c3d4e5f6";
  private static final String CLIENT_SECRET = "cs-it-secret-0c9e8d7b-6a5f-4e3d";
  private static final String REFRESH_TOKEN = "na1-it-refresh-3b4c5d6e-7f80-4a1b-9c2d";
  /** Short, so the connector asks the token endpoint again (after 6 s) within the test. */
  private static final Duration ACCESS_TOKEN_TTL = Duration.ofSeconds(12);
  private static final Logger log = LoggerFactory.getLogger(SecretScanIT.class);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ConnectCluster cluster;

  @BeforeAll
  static void start() {
    cluster = new ConnectCluster("secret-scan", 1, Map.of(
        "config.providers", "file",
        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"),
        hubspot -> hubspot.oauthClient(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN)
            .accessTokenTtl(ACCESS_TOKEN_TTL));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** An error body with the token in every field HubSpot's error schema has. */
  private static String echoing(String category) {
    return echoing(category, TOKEN);
  }

  /** An error body with {@code secret} in every field HubSpot's error schema has. */
  private static String echoing(String category, String secret) {
    return "{\"status\":\"error\",\"category\":\"" + category + "\",\"subCategory\":\"" + secret
        + "\",\"message\":\"token " + secret + " rejected\",\"correlationId\":\"" + secret
        + "\",\"context\":{\"" + secret + "\":[\"" + secret + "\"],\"requiredScopes\":[\"" + secret
        + "\"],\"missingScopes\":[\"" + secret + "\"]},\"links\":{\"doc\":\"" + secret
        + "\"},\"errors\":[{\"message\":\"" + secret + "\",\"code\":\"" + secret + "\",\"in\":\""
        + secret + "\",\"subCategory\":\"" + secret + "\",\"context\":{\"k\":[\"" + secret + "\"]}}]}";
  }

  /** A 429 body with {@code secret} in its free-text fields. */
  private static String rateLimited(String secret) {
    return "{\"status\":\"error\",\"message\":\"" + secret
        + "\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"SECONDLY\",\"correlationId\":\""
        + secret + "\"}";
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
          Scripted.respond(429, rateLimited(TOKEN), Map.of()),
          Scripted.respond(400, echoing("VALIDATION_ERROR"), Map.of()));
      cluster.connect.kafka().produce(topic, 0, "k1", "{\"email\":\"a@example.com\"}");
      seen.addAll(deadLetterHeaders(dlq));
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

      seen.addAll(restAnswers(connector));
      Map<String, String> literal = cluster.connectorProps(topic, "pe1234567_scanned");
      String validation = new ObjectMapper().writeValueAsString(cluster.connect.validateConnectorConfig(
          "HubSpotBehavioralEventSinkConnector", literal));
      assertThat(validation).contains("hubspot.access.token");
      seen.add("validate: " + validation);
      seen.addAll(logs.lines());
    }
    assertThat(seen).hasSizeGreaterThan(10);
    log.info("Static token scan: {}", summary(seen));
    assertThat(seen).as("places the token could leak to").noneMatch(s -> s.contains(TOKEN));
  }

  @Test
  void theOAuthSecretsAreInNoLogTraceDeadLetterRestAnswerOrMetric(@TempDir Path dir)
      throws Exception {
    Path secrets = dir.resolve("hubspot-oauth.properties");
    Files.writeString(secrets, "client.secret=" + CLIENT_SECRET + "\nrefresh.token=" + REFRESH_TOKEN
        + "\n");
    String topic = "oauth-scanned";
    String dlq = "oauth-scanned-dlq";
    String connector = "oauth-secret-scan";
    String event = "pe1234567_oauth_scanned";
    cluster.connect.kafka().createTopic(topic, 1);
    Map<String, String> props = cluster.connectorProps(topic, event);
    props.remove("hubspot.access.token");
    props.put("hubspot.oauth.client.id", CLIENT_ID);
    props.put("hubspot.oauth.client.secret", "${file:" + secrets + ":client.secret}");
    props.put("hubspot.oauth.refresh.token", "${file:" + secrets + ":refresh.token}");
    props.put("errors.tolerance", "all");
    props.put("errors.deadletterqueue.topic.name", dlq);
    props.put("errors.deadletterqueue.topic.replication.factor", "1");
    props.put("errors.deadletterqueue.context.headers.enable", "true");
    props.put("errors.log.enable", "true");
    props.put("errors.log.include.messages", "true");
    props.put("batch.size", "1");
    String both = CLIENT_SECRET + " " + REFRESH_TOKEN;

    List<String> seen = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      cluster.startConnector(connector, props, 1);
      cluster.connect.kafka().produce(topic, 0, "k1", "{\"email\":\"a@example.com\"}");
      await().atMost(ConnectCluster.DELIVERY_TIMEOUT)
          .until(() -> cluster.received(event).size() == 1);

      // Transient, rate-limited, then refused: each answer echoes the client secret and the
      // refresh token.
      cluster.hubspot.script(
          Scripted.respond(503, echoing("SERVICE_UNAVAILABLE", both), Map.of()),
          Scripted.respond(429, rateLimited(both), Map.of()),
          Scripted.respond(400, echoing("VALIDATION_ERROR", both), Map.of()));
      cluster.connect.kafka().produce(topic, 0, "k2", "{\"email\":\"b@example.com\"}");
      seen.addAll(deadLetterHeaders(dlq));
      assertThat(seen).anyMatch(s -> s.contains("__connect.errors.exception.message")
          && s.contains("HubSpot refused the occurrence"));
      seen.addAll(jmxAttributes());

      // The refresh token is revoked: the next refresh (6 s after the last one) is refused and
      // fails the task. Records keep coming until then, so that the task asks for a token.
      cluster.hubspot.revokeRefreshToken(REFRESH_TOKEN);
      int[] next = {3};
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
        cluster.connect.kafka().produce(topic, 0, "k" + next[0], "{\"email\":\"c" + next[0]++
            + "@example.com\"}");
        return "FAILED".equals(cluster.task(connector, 0).state());
      });
      String trace = cluster.task(connector, 0).trace();
      assertThat(trace).contains("hubspot.oauth.refresh.token");
      seen.add("trace: " + trace);
      assertThat(cluster.hubspot.scriptedRemaining()).isZero();

      seen.addAll(restAnswers(connector));
      Map<String, String> literal = cluster.connectorProps(topic, event);
      literal.remove("hubspot.access.token");
      literal.put("hubspot.oauth.client.id", CLIENT_ID);
      literal.put("hubspot.oauth.client.secret", CLIENT_SECRET);
      literal.put("hubspot.oauth.refresh.token", REFRESH_TOKEN);
      String validation = new ObjectMapper().writeValueAsString(cluster.connect.validateConnectorConfig(
          "HubSpotBehavioralEventSinkConnector", literal));
      assertThat(validation).contains("hubspot.oauth.client.secret")
          .contains("hubspot.oauth.refresh.token");
      seen.add("validate: " + validation);
      seen.addAll(logs.lines());
    }
    assertThat(seen).hasSizeGreaterThan(10);
    log.info("OAuth scan: {}", summary(seen));
    assertThat(seen).as("places the client secret could leak to")
        .noneMatch(s -> s.contains(CLIENT_SECRET));
    assertThat(seen).as("places the refresh token could leak to")
        .noneMatch(s -> s.contains(REFRESH_TOKEN));
    assertThat(seen).as("places the static token could leak to")
        .noneMatch(s -> s.contains(TOKEN));
  }

  /** "DLQ header key: value" of every header of the first dead-letter records of {@code dlq}. */
  private static List<String> deadLetterHeaders(String dlq) {
    List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
    await().atMost(ConnectCluster.DELIVERY_TIMEOUT).until(() -> {
      cluster.connect.kafka().consumeAll(2_000, dlq).forEach(dead::add);
      return !dead.isEmpty();
    });
    List<String> headers = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      for (Header h : r.headers()) {
        headers.add("DLQ header " + h.key() + ": " + new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    return headers;
  }

  /** The REST answers about {@code connector}: itself, its config, tasks and status. */
  private static List<String> restAnswers(String connector) throws Exception {
    String rest = cluster.connect.endpointForResource("connectors/" + connector);
    List<String> answers = new ArrayList<>();
    for (String path : List.of("", "/config", "/tasks", "/status")) {
      answers.add("REST " + path + ": " + get(rest + path));
    }
    return answers;
  }

  /** How many of the collected strings came from each kind of place. */
  private static Map<String, Long> summary(List<String> seen) {
    return seen.stream().collect(Collectors.groupingBy(
        s -> s.startsWith("DLQ header") ? "dlq headers"
            : s.startsWith("kafka.connect.hubspot:") ? "jmx attributes"
            : s.startsWith("REST") ? "rest answers"
            : s.startsWith("validate:") ? "validate answers"
            : s.startsWith("trace:") ? "traces"
            : "log lines",
        TreeMap::new, Collectors.counting()));
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
