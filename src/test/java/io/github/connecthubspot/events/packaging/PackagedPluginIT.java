package io.github.connecthubspot.events.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.connecthubspot.events.HubSpotBehavioralEventSinkConnector;
import io.github.connecthubspot.events.hubspot.LocalHubSpot;
import io.github.connecthubspot.events.hubspot.Occurrence;
import io.github.connecthubspot.events.mapping.EventUuids;
import io.github.connecthubspot.events.quickstart.ChildJvm;
import io.github.connecthubspot.events.quickstart.Http;
import io.github.connecthubspot.events.quickstart.KafkaConfigs;
import io.github.connecthubspot.events.quickstart.KafkaJars;
import io.github.connecthubspot.events.quickstart.PluginArchive;
import io.github.connecthubspot.events.quickstart.Ports;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Hub archive that {@code mvn package} writes, installed the way a user installs it:
 * unzipped into a worker's {@code plugin.path}, then run by real Connect workers of each Kafka
 * release the README claims, each a separate JVM started from Kafka's own jars (resolved by Maven
 * from {@code src/it/kafka-<version>/pom.xml}). One KRaft broker (Kafka 4.3.1, also a separate JVM)
 * serves every worker: an older worker against a newer broker is how an older Connect cluster
 * usually meets a current Kafka.
 *
 * <p>Per worker: the plugin is listed with its version, the example config from {@code config/}
 * validates and starts with only the endpoint, token and topic names changed, every produced record
 * reaches the local HubSpot endpoint exactly once with the mapped content, a record without
 * identifier lands in the dead-letter topic, the offsets are committed, and the connector is
 * deleted and the worker stopped. Everything started is stopped at the end, and checked to be gone.
 */
class PackagedPluginIT {
  private static final Logger log = LoggerFactory.getLogger(PackagedPluginIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String BROKER_KAFKA_VERSION = "4.3.1";
  private static final String CONNECTOR_CLASS = HubSpotBehavioralEventSinkConnector.class.getName();
  private static final String COMPONENT = "kafka-connect-hubspot-events";
  /** Valid records produced per worker; one more, without identifier, goes to the dead-letter topic. */
  private static final int RECORDS = 40;
  private static final int INVALID_AT = RECORDS / 2;
  private static final Instant FIRST_VIEW = Instant.parse("2026-01-01T00:00:00.123Z");
  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final Duration DELIVERY = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private static Path baseDir;
  private static Path work;
  private static Path pluginPath;
  private static String pluginVersion;
  private static String token;
  private static LocalHubSpot hubspot;
  private static ChildJvm broker;
  private static String bootstrap;
  private static Admin admin;
  private static final Http http = new Http(Duration.ofSeconds(30));
  private static final List<ChildJvm> started = new CopyOnWriteArrayList<>();
  private static final Set<Integer> ports = new HashSet<>();
  private static final Map<String, Duration> durations = new LinkedHashMap<>();

  @BeforeAll
  static void installPluginAndStartBroker() throws Exception {
    baseDir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    work = baseDir.resolve("target/packaged-it");
    Path zip = Path.of(System.getProperty("plugin.zip", "target/missing.zip"));
    pluginVersion = System.getProperty("plugin.version");
    assertThat(zip).as("the plugin archive written by mvn package").isRegularFile();
    assertThat(pluginVersion).as("system property plugin.version").isNotBlank();

    cleanWorkDirKeepingClasspaths();
    writeLogConfigs();

    // As a user does: unzip the archive into a folder listed in plugin.path.
    pluginPath = work.resolve("plugins");
    PluginArchive.unzip(zip, pluginPath);
    assertThat(pluginPath.resolve(COMPONENT + "-" + pluginVersion + "/lib/" + COMPONENT + "-"
        + pluginVersion + ".jar")).isRegularFile();

    token = "pat-na1-" + UUID.randomUUID();
    hubspot = LocalHubSpot.builder().token(token).start();
    ports.add(hubspot.port());

    startBroker();
  }

  @ParameterizedTest(name = "a Kafka {0} Connect worker runs the installed plugin")
  @ValueSource(strings = {"4.3.1", "3.9.1"})
  void installedPluginRunsInAConnectWorker(String kafkaVersion) throws Exception {
    long begin = System.nanoTime();
    String slug = "kafka-" + kafkaVersion.replace('.', '-');
    String topic = "page-views-" + slug;
    String dlq = topic + "-hubspot-dlq";
    hubspot.reset();
    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

    List<Path> classpath = KafkaJars.classpath(baseDir, work, kafkaVersion);
    int restPort = Ports.free();
    ports.add(restPort);
    ChildJvm worker = startWorker(kafkaVersion, slug, classpath, restPort);
    String rest = "http://127.0.0.1:" + restPort;
    try {
      await("worker " + kafkaVersion + " REST API").atMost(STARTUP).pollInterval(Duration.ofMillis(500))
          .until(() -> {
            worker.ensureAlive();
            return http.status("GET", rest + "/connectors") == 200;
          });
      assertThat(getJson(rest + "/").path("version").asText())
          .as("the worker runs the Kafka release under test").isEqualTo(kafkaVersion);

      JsonNode plugin = findPlugin(getJson(rest + "/connector-plugins"));
      assertThat(plugin.path("type").asText()).isEqualTo("sink");
      assertThat(plugin.path("version").asText()).isEqualTo(pluginVersion);

      ObjectNode example = exampleConfig(topic, dlq);
      String connector = example.path("name").asText();
      ObjectNode toValidate = ((ObjectNode) example.path("config").deepCopy()).put("name", connector);
      JsonNode validation = sendJson("PUT",
          rest + "/connector-plugins/" + CONNECTOR_CLASS + "/config/validate", toValidate, 200);
      assertThat(validationErrors(validation)).as("the worker's validation of the example config").isEmpty();

      await("connector created").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
          .until(() -> {
            worker.ensureAlive();
            HttpResponse<String> r = send("POST", rest + "/connectors", example);
            if (r.statusCode() == 409) {
              return false; // the worker is still joining its group or rebalancing
            }
            assertThat(r.statusCode()).as("POST /connectors: %s", r.body()).isEqualTo(201);
            return true;
          });
      awaitRunning(worker, rest, connector);

      List<RecordMetadata> produced = produce(topic, slug);
      assertThat(produced).extracting(RecordMetadata::offset)
          .as("a fresh single-partition topic: offsets 0..%d", RECORDS)
          .hasSize(RECORDS + 1).startsWith(0L).endsWith((long) RECORDS);

      await("all records at the HubSpot endpoint").atMost(DELIVERY).pollInterval(Duration.ofMillis(250))
          .until(() -> {
            worker.ensureAlive();
            return hubspot.ledger().acceptedCount() >= RECORDS;
          });
      assertDeadLetter(dlq, topic, produced.get(INVALID_AT).offset());
      TopicPartition tp = new TopicPartition(topic, 0);
      await("offsets committed past every record").atMost(DELIVERY).pollInterval(Duration.ofMillis(250))
          .until(() -> committed("connect-" + connector, tp) == RECORDS + 1L);

      assertThat(http.status("DELETE", rest + "/connectors/" + connector)).isEqualTo(204);
      await("connector deleted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> http.status("GET", rest + "/connectors/" + connector) == 404);
    } finally {
      stopAndLog(worker);
    }
    await("REST port " + restPort + " free").atMost(Duration.ofSeconds(30)).until(() -> Ports.isFree(restPort));

    // The worker is gone: nothing more can arrive.
    assertExactlyOnce(topic, slug);

    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    durations.put(kafkaVersion, took);
    log.info("Kafka {} Connect worker run (start, plugin listed, {} records delivered, stop) took {} s",
        kafkaVersion, RECORDS, String.format("%.1f", took.toMillis() / 1000.0));
  }

  // ---------------------------------------------------------------- assertions

  private static JsonNode findPlugin(JsonNode plugins) {
    for (JsonNode p : plugins) {
      if (CONNECTOR_CLASS.equals(p.path("class").asText())) {
        return p;
      }
    }
    throw new AssertionError(CONNECTOR_CLASS + " is not among the worker's plugins: " + plugins);
  }

  /** {@code key: message} of every setting the worker's validation complains about. */
  private static List<String> validationErrors(JsonNode validation) {
    List<String> errors = new ArrayList<>();
    for (JsonNode c : validation.path("configs")) {
      for (JsonNode e : c.path("value").path("errors")) {
        errors.add(c.path("value").path("name").asText() + ": " + e.asText());
      }
    }
    return errors;
  }

  private static void awaitRunning(ChildJvm worker, String rest, String connector) {
    await("connector and task RUNNING").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          worker.ensureAlive();
          HttpResponse<String> r = send("GET", rest + "/connectors/" + connector + "/status", null);
          if (r.statusCode() != 200) {
            return false;
          }
          JsonNode status = JSON.readTree(r.body());
          for (JsonNode t : status.path("tasks")) {
            if ("FAILED".equals(t.path("state").asText())) {
              throw new AssertionError("task failed: " + t.path("trace").asText());
            }
          }
          if ("FAILED".equals(status.path("connector").path("state").asText())) {
            throw new AssertionError("connector failed: " + status.path("connector").path("trace").asText());
          }
          return "RUNNING".equals(status.path("connector").path("state").asText())
              && status.path("tasks").size() == 1
              && "RUNNING".equals(status.path("tasks").get(0).path("state").asText());
        });
  }

  private static void assertExactlyOnce(String topic, String slug) {
    List<JsonNode> received =
        hubspot.ledger().occurrences().stream().map(Occurrence::completion).toList();
    Set<String> expectedUuids = new HashSet<>();
    for (long offset = 0; offset <= RECORDS; offset++) {
      if (offset != INVALID_AT) {
        expectedUuids.add(EventUuids.fromCoordinates("hubspot-events", topic, 0, offset));
      }
    }
    List<String> uuids = received.stream().map(o -> o.path("uuid").asText()).toList();
    assertThat(uuids).as("one occurrence per record, none twice").hasSize(RECORDS).doesNotHaveDuplicates();
    assertThat(hubspot.ledger().duplicatesRefused()).as("no record was sent twice").isZero();
    assertThat(Set.copyOf(uuids)).isEqualTo(expectedUuids);

    int i = 7;
    JsonNode one = received.stream().filter(o -> o.path("email").asText().equals(email(slug, i)))
        .findFirst().orElseThrow(() -> new AssertionError("no occurrence for " + email(slug, i)));
    assertThat(one.path("eventName").asText()).isEqualTo("pe1234567_page_viewed");
    assertThat(one.path("objectId").asText()).isEqualTo(String.valueOf(contactId(i)));
    assertThat(one.path("occurredAt").asText()).isEqualTo(viewedAt(i).toString());
    assertThat(one.path("uuid").asText()).isEqualTo(EventUuids.fromCoordinates("hubspot-events", topic, 0, i));
    Map<String, String> properties = new LinkedHashMap<>();
    one.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
    assertThat(properties).containsExactlyInAnyOrderEntriesOf(Map.of(
        "hs_page_title", "Pricing " + i,
        "hs_page_url", "https://www.example.com/pricing/" + i,
        "hs_page_content_type", "LANDING_PAGE",
        "hs_touchpoint_source", "INTEGRATION"));

  }

  private static void assertDeadLetter(String dlq, String topic, long invalidOffset) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.assign(List.of(new TopicPartition(dlq, 0)));
      await("the record without identifier in " + dlq).atMost(DELIVERY).pollDelay(Duration.ZERO)
          .until(() -> {
            consumer.poll(Duration.ofMillis(500)).forEach(dead::add);
            return !dead.isEmpty();
          });
    }
    assertThat(dead).hasSize(1);
    ConsumerRecord<byte[], byte[]> record = dead.get(0);
    assertThat(header(record, "__connect.errors.topic")).isEqualTo(topic);
    assertThat(header(record, "__connect.errors.offset")).isEqualTo(String.valueOf(invalidOffset));
    assertThat(header(record, "__connect.errors.exception.message")).contains("no identifier");
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static long committed(String group, TopicPartition tp) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    OffsetAndMetadata o = offsets.get(tp);
    return o == null ? -1 : o.offset();
  }

  // ---------------------------------------------------------------- records

  private static String email(String slug, int i) {
    return "visitor-" + i + "@" + slug + ".example.com";
  }

  private static long contactId(int i) {
    return 1000L + i;
  }

  private static Instant viewedAt(int i) {
    return FIRST_VIEW.plus(Duration.ofMinutes(i));
  }

  /** Records shaped for the example config: one per offset, the one at {@link #INVALID_AT} without identifier. */
  private static List<RecordMetadata> produce(String topic, String slug) throws Exception {
    Map<String, Object> props = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (int offset = 0; offset <= RECORDS; offset++) {
        int i = offset;
        ObjectNode value = JSON.createObjectNode();
        if (offset != INVALID_AT) {
          value.put("email", email(slug, i)).put("contactId", contactId(i));
        }
        value.put("viewedAt", viewedAt(i).toEpochMilli())
            .put("pageTitle", "Pricing " + i)
            .put("pageUrl", "https://www.example.com/pricing/" + i)
            .put("contentType", "LANDING_PAGE")
            .put("sessionId", "session-" + (i % 5));
        sends.add(producer.send(new ProducerRecord<>(topic, email(slug, i), JSON.writeValueAsString(value))));
      }
      producer.flush();
    }
    List<RecordMetadata> done = new ArrayList<>();
    for (Future<RecordMetadata> f : sends) {
      done.add(f.get(30, TimeUnit.SECONDS));
    }
    return done;
  }

  /** {@code config/hubspot-events-sink.json} with only what this test must change. */
  private static ObjectNode exampleConfig(String topic, String dlq) throws IOException {
    ObjectNode example = (ObjectNode) JSON.readTree(baseDir.resolve("config/hubspot-events-sink.json").toFile());
    ObjectNode config = (ObjectNode) example.path("config");
    config.put("hubspot.base.url", hubspot.baseUrl());
    config.put("hubspot.access.token", token);
    config.put("topics", topic);
    config.put("errors.deadletterqueue.topic.name", dlq);
    return example;
  }

  // ---------------------------------------------------------------- processes

  private static final String MARKER = ChildJvm.marker("packaged-plugin-it");

  private static List<String> jvmOptions(String maxHeap) {
    return List.of(MARKER, "-Xms64m", "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Djava.awt.headless=true",
        "-Dlog4j2.configurationFile=" + work.resolve("log4j2.properties"),
        "-Dlog4j.configuration=" + work.resolve("log4j.properties").toUri());
  }

  private static void startBroker() throws Exception {
    List<Path> classpath = KafkaJars.classpath(baseDir, work, BROKER_KAFKA_VERSION);
    int brokerPort = Ports.free();
    int controllerPort = Ports.free();
    ports.add(brokerPort);
    ports.add(controllerPort);
    bootstrap = "127.0.0.1:" + brokerPort;
    Path dir = work.resolve("broker");
    Properties p = KafkaConfigs.kraftBroker(brokerPort, controllerPort, dir.resolve("data"));
    Path config = write(dir.resolve("server.properties"), p);

    ChildJvm format = start("kafka-storage-format", classpath, "256m", "kafka.tools.StorageTool",
        List.of("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(),
            "--standalone"), dir.resolve("storage-format.log"));
    assertThat(format.awaitExit(Duration.ofSeconds(60))).as("StorageTool format: %s", format.tail(20)).isZero();

    broker = start("broker " + BROKER_KAFKA_VERSION, classpath, "512m", "kafka.Kafka",
        List.of(config.toString()), work.resolve("broker.log"));
    await("broker " + BROKER_KAFKA_VERSION + " listening").atMost(STARTUP).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          broker.ensureAlive();
          return Ports.isListening(brokerPort);
        });
    admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    await("broker " + BROKER_KAFKA_VERSION).atMost(STARTUP).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          broker.ensureAlive();
          try {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
          } catch (ExecutionException | TimeoutException e) {
            return false;
          }
        });
  }

  private static ChildJvm startWorker(String kafkaVersion, String slug, List<Path> classpath, int restPort)
      throws IOException {
    Path dir = work.resolve("worker-" + slug);
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", bootstrap);
    p.setProperty("group.id", "packaged-it-" + slug);
    p.setProperty("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    p.setProperty("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    for (String store : List.of("config", "offset", "status")) {
      p.setProperty(store + ".storage.topic", "packaged-it-" + slug + "-" + store);
      p.setProperty(store + ".storage.replication.factor", "1");
    }
    p.setProperty("offset.storage.partitions", "1");
    p.setProperty("status.storage.partitions", "1");
    p.setProperty("offset.flush.interval.ms", "1000");
    p.setProperty("listeners", "http://127.0.0.1:" + restPort);
    p.setProperty("rest.advertised.host.name", "127.0.0.1");
    p.setProperty("rest.advertised.port", String.valueOf(restPort));
    p.setProperty("plugin.path", pluginPath.toString());
    // Only ServiceLoader manifests: the strictest way a worker finds plugins (and the fastest).
    p.setProperty("plugin.discovery", "service_load");
    Path config = write(dir.resolve("worker.properties"), p);
    return start("Connect worker " + kafkaVersion, classpath, "512m",
        "org.apache.kafka.connect.cli.ConnectDistributed", List.of(config.toString()),
        work.resolve("worker-" + slug + ".log"));
  }

  private static ChildJvm start(String name, List<Path> classpath, String maxHeap, String mainClass,
      List<String> args, Path logFile) throws IOException {
    ChildJvm jvm = ChildJvm.start(name, classpath, jvmOptions(maxHeap), mainClass, args, logFile);
    started.add(jvm);
    log.info("Started {} (pid {}), log {}", name, jvm.pid(), logFile);
    return jvm;
  }

  private static void stopAndLog(ChildJvm jvm) throws InterruptedException {
    if (!jvm.isAlive()) {
      return;
    }
    long begin = System.nanoTime();
    boolean graceful = jvm.stop(STOP_GRACE);
    log.info("Stopped {} {} in {} ms", jvm.name(), graceful ? "gracefully" : "BY SIGKILL",
        (System.nanoTime() - begin) / 1_000_000);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    TearDown tearDown = new TearDown();
    if (admin != null) {
      tearDown.run(() -> admin.close(Duration.ofSeconds(10)));
    }
    List<ChildJvm> reversed = new ArrayList<>(started);
    Collections.reverse(reversed); // workers before the broker
    for (ChildJvm jvm : reversed) {
      tearDown.run(() -> stopAndLog(jvm));
    }
    if (hubspot != null) {
      tearDown.run(hubspot::close);
    }
    tearDown.run(() -> {
      Set<Long> ours = started.stream().map(ChildJvm::pid).collect(Collectors.toSet());
      List<String> left = ProcessHandle.current().descendants()
          .filter(ProcessHandle::isAlive)
          .filter(ph -> ours.contains(ph.pid())
              || ph.info().commandLine().orElse("").contains(MARKER))
          .map(ph -> ph.pid() + " " + ph.info().commandLine().orElse("?"))
          .toList();
      assertThat(left).as("JVMs started by this test and still running").isEmpty();
    });
    tearDown.run(() -> await("ports free again: " + ports).atMost(Duration.ofSeconds(30))
        .until(() -> ports.stream().allMatch(Ports::isFree)));
    if (!durations.isEmpty()) {
      String summary = durations.entrySet().stream()
          .map(e -> "Kafka " + e.getKey() + " worker: " + String.format("%.1f s", e.getValue().toMillis() / 1000.0))
          .collect(Collectors.joining(", "));
      log.info("PackagedPluginIT durations: {}", summary);
      Files.writeString(work.resolve("durations.txt"), summary + System.lineSeparator());
    }
    tearDown.throwIfFailed();
  }

  // ---------------------------------------------------------------- small helpers

  private static HttpResponse<String> send(String method, String url, JsonNode body)
      throws IOException, InterruptedException {
    return http.send(method, url, body);
  }

  private static JsonNode getJson(String url) throws IOException, InterruptedException {
    return sendJson("GET", url, null, 200);
  }

  private static JsonNode sendJson(String method, String url, JsonNode body, int expectedStatus)
      throws IOException, InterruptedException {
    HttpResponse<String> r = send(method, url, body);
    assertThat(r.statusCode()).as("%s %s: %s", method, url, r.body()).isEqualTo(expectedStatus);
    return JSON.readTree(r.body());
  }

  private static Path write(Path file, Properties p) throws IOException {
    return KafkaConfigs.write(file, p, "written by PackagedPluginIT");
  }


  /** Kafka 4 logs through log4j2, Kafka 3.9 through reload4j: both to stdout, which goes to a file. */
  private static void writeLogConfigs() throws IOException {
    KafkaConfigs.writeLog4j2(work.resolve("log4j2.properties"));
    Files.writeString(work.resolve("log4j.properties"), String.join("\n",
        "log4j.rootLogger=INFO, out",
        "log4j.appender.out=org.apache.log4j.ConsoleAppender",
        "log4j.appender.out.layout=org.apache.log4j.PatternLayout",
        "log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n",
        ""));
  }

  /** A fresh work folder, but the cached Kafka classpaths stay (see {@link KafkaJars}). */
  private static void cleanWorkDirKeepingClasspaths() throws IOException {
    Files.createDirectories(work);
    try (Stream<Path> children = Files.list(work)) {
      for (Path child : children.toList()) {
        if (!child.getFileName().toString().endsWith(".classpath")) {
          deleteRecursively(child);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
