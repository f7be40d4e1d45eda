package io.github.connecthubspot.events.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.connecthubspot.events.hubspot.LocalHubSpot;
import io.github.connecthubspot.events.hubspot.Occurrence;
import io.github.connecthubspot.events.quickstart.PluginArchive;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.ConfluentKafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The packaged plugin mounted into Confluent's Connect image, where a Docker engine runs (skipped
 * without one: the other ITs prove the same without Docker). The Connect container shares the
 * host's network, so it reaches the broker's mapped port and the local HubSpot endpoint on
 * 127.0.0.1 (Linux Docker engines).
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentImageIT {
  private static final String CONFLUENT_VERSION = "7.9.1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS = 20;

  @Test
  void pluginMountedIntoConfluentsConnectImageDelivers() throws Exception {
    Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    Path plugins = base.resolve("target/docker-it/plugins");
    PluginArchive.unzip(Path.of(System.getProperty("plugin.zip")), plugins);
    String token = "pat-na1-" + UUID.randomUUID();
    int restPort = freePort();
    String rest = "http://127.0.0.1:" + restPort;

    try (LocalHubSpot hubspot = LocalHubSpot.builder().token(token).start();
        ConfluentKafkaContainer kafka =
            new ConfluentKafkaContainer(DockerImageName.parse("confluentinc/cp-kafka:" + CONFLUENT_VERSION))) {
      kafka.start();
      try (GenericContainer<?> connect =
          new GenericContainer<>(DockerImageName.parse("confluentinc/cp-kafka-connect:" + CONFLUENT_VERSION))
              .withNetworkMode("host")
              .withFileSystemBind(plugins.toString(), "/usr/share/confluent-hub-components", BindMode.READ_ONLY)
              .withEnv(Map.ofEntries(
                  Map.entry("CONNECT_BOOTSTRAP_SERVERS", kafka.getBootstrapServers()),
                  Map.entry("CONNECT_LISTENERS", rest),
                  Map.entry("CONNECT_REST_ADVERTISED_HOST_NAME", "127.0.0.1"),
                  Map.entry("CONNECT_REST_PORT", String.valueOf(restPort)),
                  Map.entry("CONNECT_GROUP_ID", "hubspot-docker-it"),
                  Map.entry("CONNECT_CONFIG_STORAGE_TOPIC", "connect-configs"),
                  Map.entry("CONNECT_OFFSET_STORAGE_TOPIC", "connect-offsets"),
                  Map.entry("CONNECT_STATUS_STORAGE_TOPIC", "connect-status"),
                  Map.entry("CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR", "1"),
                  Map.entry("CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR", "1"),
                  Map.entry("CONNECT_STATUS_STORAGE_REPLICATION_FACTOR", "1"),
                  Map.entry("CONNECT_KEY_CONVERTER", "org.apache.kafka.connect.storage.StringConverter"),
                  Map.entry("CONNECT_VALUE_CONVERTER", "org.apache.kafka.connect.json.JsonConverter"),
                  Map.entry("CONNECT_OFFSET_FLUSH_INTERVAL_MS", "1000"),
                  Map.entry("CONNECT_PLUGIN_PATH", "/usr/share/java,/usr/share/confluent-hub-components")))
              .waitingFor(Wait.forLogMessage(".*Kafka Connect started.*", 1)
                  .withStartupTimeout(Duration.ofMinutes(3)))) {
        connect.start();

        ObjectNode example = (ObjectNode) JSON.readTree(base.resolve("config/hubspot-events-sink.json").toFile());
        ObjectNode config = (ObjectNode) example.path("config");
        config.put("hubspot.base.url", hubspot.baseUrl());
        config.put("hubspot.access.token", token);
        assertThat(post(rest + "/connectors", example).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofMinutes(1)).until(() ->
            "RUNNING".equals(getJson(rest + "/connectors/hubspot-events/status").path("tasks").path(0).path("state").asText()));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()),
            new StringSerializer(), new StringSerializer())) {
          for (int i = 0; i < RECORDS; i++) {
            producer.send(new ProducerRecord<>("page-views", "k" + i, "{\"email\":\"docker" + i
                + "@example.com\",\"contactId\":" + (500 + i) + ",\"viewedAt\":\"2024-05-01T12:00:00Z\","
                + "\"pageTitle\":\"Docs\",\"pageUrl\":\"https://example.com/docs\","
                + "\"contentType\":\"KNOWLEDGE_ARTICLE\",\"sessionId\":\"s\"}")).get();
          }
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> hubspot.ledger().acceptedCount() >= RECORDS);
        assertThat(hubspot.ledger().occurrences()).hasSize(RECORDS)
            .extracting(Occurrence::uuid).doesNotHaveDuplicates();
        assertThat(hubspot.ledger().occurrences().get(0).property("hs_touchpoint_source")).isEqualTo("INTEGRATION");
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> post(String url, JsonNode body) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode getJson(String url) throws IOException, InterruptedException {
    return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }
}
