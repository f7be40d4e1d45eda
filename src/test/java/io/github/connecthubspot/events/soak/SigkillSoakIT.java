package io.github.connecthubspot.events.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.connecthubspot.events.HubSpotBehavioralEventSinkConnector;
import io.github.connecthubspot.events.packaging.TearDown;
import io.github.connecthubspot.events.quickstart.ChildJvm;
import io.github.connecthubspot.events.quickstart.KafkaJars;
import io.github.connecthubspot.events.quickstart.PluginArchive;
import io.github.connecthubspot.events.soak.SoakKafka.DeadLetter;
import io.github.connecthubspot.events.soak.SoakRecords.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A soak with SIGKILL: 100,000 records (2% invalid, of six kinds) over 3 partitions, sent by the
 * packaged plugin in a real Connect worker (a separate JVM, Kafka 4.3.1) with {@code tasks.max=3}
 * to the local HubSpot endpoint (a separate JVM, from its jar) that fails 10% of the requests with
 * a 5xx, resets 1% of the connections, answers 2% after the connector's request timeout but
 * records them nevertheless, records 1% and then answers 503, and answers bursts of 429 three
 * times. When about a third has been accepted the worker is killed with SIGKILL and a new worker
 * (same group, new REST port) takes over; at about two thirds every task is restarted through the
 * REST API.
 *
 * <p>Once the committed offsets reach the end of every partition: every valid record was accepted
 * exactly once by its uuid (the uuid of its topic, partition and offset), none is missing, none is
 * in the dead-letter topic, and every invalid record is there (at least once) with the reason it
 * was refused. The counts go to the log and to {@code target/soak/summary.txt}.
 *
 * <p>It runs in {@code mvn verify} in about 3 minutes. Longer: {@code -Dsoak.records=1000000}; the
 * endpoint's answer to an already accepted uuid: {@code -Dsoak.duplicateUuid=reject} (default
 * {@code drop}, HubSpot's documented behaviour); also {@code -Dsoak.seed}, {@code -Dsoak.rate}
 * (the connector's requests per second), {@code -Dsoak.batchSize}, {@code -Dsoak.burst429}.
 */
class SigkillSoakIT {
  private static final Logger log = LoggerFactory.getLogger(SigkillSoakIT.class);

  private static final int RECORDS = Integer.getInteger("soak.records", 100_000);
  private static final String DUPLICATE_UUID = System.getProperty("soak.duplicateUuid", "drop");
  private static final long SEED = Long.getLong("soak.seed", 1L);
  private static final String RATE = System.getProperty("soak.rate", "30");
  private static final int BATCH_SIZE = Integer.getInteger("soak.batchSize", 100);
  private static final int BURST_429 = Integer.getInteger("soak.burst429", 4);

  private static final String KAFKA_VERSION = "4.3.1";
  private static final String CONNECTOR = "soak-hubspot-events";
  private static final String TOPIC = "soak-page-views";
  private static final String DLQ = TOPIC + "-hubspot-dlq";
  private static final String TOKEN = "pat-na1-soak-3b1f0c2e-8d4a-4f7e-9a61-5c0d2e7b9f14";
  private static final int REQUEST_TIMEOUT_MS = 2_000;
  /** Longer than the request timeout: the connector gives up on these, the endpoint records them. */
  private static final int DELAY_MS = 3_000;
  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  /** Generous: about 4 times what a run takes on a 2-core CI machine. */
  private static final Duration DELIVERY = Duration.ofSeconds(300 + RECORDS / 250);
  /** The task's own line at each start: "Started task <n> of connector '<name>' sending to ...". */
  private static final String STARTED_TASK = " of connector '" + CONNECTOR + "' sending to ";

  private static long begin;
  private static Path work;
  private static SoakProcesses processes;
  private static SoakKafka kafka;
  private static EndpointAdmin endpoint;
  private static String endpointUrl;

  @BeforeAll
  static void startEndpointAndBroker() throws Exception {
    begin = System.nanoTime();
    Path baseDir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    work = baseDir.resolve("target/soak");
    Path zip = Path.of(System.getProperty("plugin.zip", "target/missing.zip"));
    String version = System.getProperty("plugin.version");
    assertThat(zip).as("the plugin archive written by mvn package").isRegularFile();
    assertThat(version).as("system property plugin.version").isNotBlank();
    Path jar = baseDir.resolve("target/local-hubspot-" + version + ".jar");
    assertThat(jar).as("the local HubSpot endpoint's jar written by mvn package").isRegularFile();

    deleteRecursively(work);
    Path pluginPath = work.resolve("plugins");
    PluginArchive.unzip(zip, pluginPath);
    List<Path> kafkaJars = KafkaJars.classpath(baseDir, baseDir.resolve("target"), KAFKA_VERSION);
    processes = new SoakProcesses(work, kafkaJars, pluginPath);

    int endpointPort = processes.newPort();
    endpointUrl = "http://127.0.0.1:" + endpointPort;
    processes.startEndpoint(jar, endpointPort, endpointOptions());
    endpoint = new EndpointAdmin(endpointUrl);

    ChildJvm broker = processes.startBroker();
    kafka = new SoakKafka(processes.bootstrap());
    await("broker " + KAFKA_VERSION).atMost(STARTUP).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          broker.ensureAlive();
          return kafka.ready();
        });
  }

  /** The faults: 10% 5xx, 1% resets, 2% recorded but answered too late, 1% recorded then 503. */
  private static List<String> endpointOptions() {
    return List.of(
        "--token", TOKEN,
        "--counts-only",
        "--portal-id", SoakRecords.PORTAL_ID,
        "--duplicate-uuid", DUPLICATE_UUID,
        "--seed", String.valueOf(SEED),
        "--fault", "503=0.05",
        "--fault", "500=0.03",
        "--fault", "502=0.02",
        "--reset-share", "0.01",
        "--delay-share", "0.02",
        "--delay-ms", String.valueOf(DELAY_MS),
        "--accept-then-fail-share", "0.01",
        "--accept-then-fail-status", "503",
        "--threads", "8");
  }

  private static Map<String, String> connectorConfig() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("connector.class", HubSpotBehavioralEventSinkConnector.class.getName());
    c.put("tasks.max", "3");
    c.put("topics", TOPIC);
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    c.put("value.converter.schemas.enable", "false");
    c.put("hubspot.base.url", endpointUrl);
    c.put("hubspot.access.token", TOKEN);
    c.put("hubspot.request.timeout.ms", String.valueOf(REQUEST_TIMEOUT_MS));
    c.put("hubspot.connect.timeout.ms", "2000");
    c.putAll(SoakRecords.connectorMapping());
    c.put("batch.size", String.valueOf(BATCH_SIZE));
    c.put("linger.ms", "100");
    c.put("max.in.flight.requests", "4");
    c.put("rate.limit.requests.per.second", RATE);
    c.put("retry.backoff.ms", "100");
    c.put("retry.backoff.max.ms", "2000");
    c.put("errors.tolerance", "all");
    c.put("errors.deadletterqueue.topic.name", DLQ);
    c.put("errors.deadletterqueue.topic.replication.factor", "1");
    c.put("errors.deadletterqueue.context.headers.enable", "true");
    c.put("errors.log.enable", "false");
    return c;
  }

  @Test
  void aWorkerKilledMidStreamAndATaskRestartLoseAndDoubleNothing() throws Exception {
    kafka.createTopic(TOPIC, SoakRecords.PARTITIONS);
    kafka.createTopic(DLQ, 1);
    long produceBegin = System.nanoTime();
    kafka.produce(TOPIC, RECORDS);
    Duration produced = since(produceBegin);
    Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
    for (int i = 0; i < RECORDS; i++) {
      kinds.merge(SoakRecords.kind(i), 1, Integer::sum);
    }
    int valid = kinds.getOrDefault(Kind.VALID, 0);
    log.info("Produced {} records ({} valid) to {} in {}", RECORDS, valid, TOPIC, seconds(produced));

    int rest1 = processes.newPort();
    ChildJvm worker1 = processes.startWorker("worker-1", rest1);
    ConnectRest w1 = new ConnectRest(rest1);
    await("worker-1 REST API").atMost(STARTUP).pollInterval(Duration.ofMillis(500)).until(() -> {
      worker1.ensureAlive();
      return w1.ready();
    });
    await("connector created").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> w1.create(CONNECTOR, connectorConfig()));
    awaitTasksRunning(w1, worker1);
    long deliveryBegin = System.nanoTime();

    awaitAccepted(0.15 * valid, w1, worker1);
    endpoint.failNext(BURST_429, 429);

    long acceptedAtKill = awaitAccepted(valid / 3.0, w1, worker1);
    long killedAt = System.nanoTime();
    SoakProcesses.kill(worker1);
    log.info("SIGKILLed worker-1 (pid {}) with {} of {} valid records accepted", worker1.pid(), acceptedAtKill, valid);
    int rest2 = processes.newPort();
    ChildJvm worker2 = processes.startWorker("worker-2", rest2);
    ConnectRest w2 = new ConnectRest(rest2);
    await("worker-2 REST API").atMost(STARTUP).pollInterval(Duration.ofMillis(500)).until(() -> {
      worker2.ensureAlive();
      return w2.ready();
    });
    awaitTasksRunning(w2, worker2);
    Duration takeover = since(killedAt);
    Duration beforeKill = Duration.ofNanos(killedAt - deliveryBegin);
    log.info("worker-2 runs the 3 tasks {} after the SIGKILL", seconds(takeover));

    awaitAccepted(0.5 * valid, w2, worker2);
    endpoint.failNext(BURST_429, 429);

    long acceptedAtRestart = awaitAccepted(2.0 * valid / 3, w2, worker2);
    long restartedAt = System.nanoTime();
    long tasksStarted = startedTasks(worker2);
    assertThat(w2.restartWithTasks(CONNECTOR)).as("POST /connectors/%s/restart?includeTasks=true", CONNECTOR)
        .isEqualTo(202);
    await("the 3 tasks started again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          worker2.ensureAlive();
          return startedTasks(worker2) >= tasksStarted + 3;
        });
    awaitTasksRunning(w2, worker2);
    log.info("Restarted the connector and its tasks with {} of {} valid records accepted", acceptedAtRestart, valid);

    awaitAccepted(0.85 * valid, w2, worker2);
    endpoint.failNext(BURST_429, 429);

    Map<Integer, Long> ends = kafka.endOffsets(TOPIC, SoakRecords.PARTITIONS);
    await("committed offsets at the end of every partition " + ends).atMost(DELIVERY)
        .pollInterval(Duration.ofMillis(500)).until(() -> {
          assertNoFailure(w2, worker2);
          return kafka.committed("connect-" + CONNECTOR, TOPIC).equals(ends);
        });
    Duration delivery = since(deliveryBegin);
    Duration afterRestart = since(restartedAt);
    awaitEndpointQuiet();

    // ---- what arrived
    JsonNode stats = endpoint.stats();
    List<String> acceptedUuids = endpoint.acceptedUuids(SoakRecords.EVENT_NAME);
    List<DeadLetter> deadLetters = kafka.deadLetters(DLQ);

    SoakVerdict verdict = SoakVerdict.judge(CONNECTOR, TOPIC, RECORDS, acceptedUuids, deadLetters);

    SoakSummary summary = new SoakSummary()
        .put("records", RECORDS)
        .put("valid", valid)
        .put("invalid", RECORDS - valid)
        .put("invalid by kind", invalidByKind(kinds))
        .put("accepted (distinct uuids)", verdict.distinctAccepted)
        .put("accepted occurrences (endpoint)", stats.path("occurrencesAccepted").asLong())
        .put("lost valid records", verdict.lost.size())
        .put("valid records accepted twice", verdict.acceptedTwice.size())
        .put("duplicates absorbed by uuid (duplicatesRefused)", stats.path("duplicatesRefused").asLong())
        .put("dead letters", deadLetters.size())
        .put("extra dead-letter copies", verdict.extraDeadLetters)
        .put("valid records in the dead-letter topic", verdict.validInDeadLetters.size())
        .put("invalid records missing from the dead-letter topic", verdict.invalidNotInDeadLetters.size())
        .put("send requests", stats.path("sendRequests").asLong())
        .put("requests by status (0 = connection closed)", stats.path("requestsByStatus"))
        .put("faults injected", stats.path("faultsInjected"))
        .put("429 bursts", "3 x " + BURST_429)
        .put("endpoint duplicate uuid mode", DUPLICATE_UUID)
        .put("seed", SEED)
        .put("accepted at SIGKILL", acceptedAtKill)
        .put("accepted at REST restart", acceptedAtRestart)
        .put("connector created to SIGKILL", seconds(beforeKill))
        .put("SIGKILL to the 3 tasks RUNNING on worker-2", seconds(takeover))
        .put("REST restart to offsets committed", seconds(afterRestart))
        .put("produce time", seconds(produced))
        .put("delivery time (connector created to offsets committed)", seconds(delivery))
        .put("wall time", seconds(since(begin)));
    summary.write(work.resolve("summary.txt"));
    log.info("SigkillSoakIT summary ({}):{}{}", work.resolve("summary.txt"), System.lineSeparator(), summary.text());

    String logs = "; summary in " + work.resolve("summary.txt") + ", logs " + processes.logs();
    assertNone(verdict.lost, "valid records never accepted", logs);
    assertNone(verdict.acceptedTwice, "valid records accepted more than once", logs);
    assertNone(verdict.validInDeadLetters, "valid records in the dead-letter topic", logs);
    assertNone(verdict.invalidAccepted, "invalid records accepted by the endpoint", logs);
    assertNone(verdict.unknownUuids, "accepted uuids of no produced record", logs);
    assertNone(verdict.invalidNotInDeadLetters, "invalid records missing from the dead-letter topic", logs);
    assertNone(verdict.wrongReasons, "dead letters whose reason is not the rule the record broke", logs);
    assertNone(verdict.foreignDeadLetters, "dead letters of no produced record", logs);
    assertThat(stats.path("occurrencesAccepted").asLong()).as("occurrences accepted by the endpoint")
        .isEqualTo(valid);
    assertThat(acceptedAtKill).as("the SIGKILL came mid-stream (lower -Dsoak.rate if not)").isLessThan(valid);
    assertThat(acceptedAtRestart).as("the restart came mid-stream (lower -Dsoak.rate if not)").isLessThan(valid);
  }

  /** Fails with how many were found and the first 20 of them. */
  private static void assertNone(List<String> found, String what, String where) {
    if (!found.isEmpty()) {
      throw new AssertionError(found.size() + " " + what + where + "; the first "
          + Math.min(20, found.size()) + ":\n  " + String.join("\n  ", found.subList(0, Math.min(20, found.size()))));
    }
  }

  // ---------------------------------------------------------------- waits

  /** Waits until the endpoint accepted at least {@code count} occurrences; answers how many it had. */
  private static long awaitAccepted(double count, ConnectRest rest, ChildJvm worker) {
    long target = (long) Math.ceil(count);
    long[] accepted = new long[1];
    await("endpoint accepted " + target).atMost(DELIVERY).pollInterval(Duration.ofMillis(100)).until(() -> {
      worker.ensureAlive();
      accepted[0] = endpoint.accepted();
      if (accepted[0] < target) {
        assertNoFailure(rest, worker);
        return false;
      }
      return true;
    });
    return accepted[0];
  }

  /** The connector and its 3 tasks RUNNING on {@code worker}. */
  private static void awaitTasksRunning(ConnectRest rest, ChildJvm worker) {
    await("connector and 3 tasks RUNNING on " + rest.workerId()).atMost(STARTUP).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          worker.ensureAlive();
          JsonNode status = assertNoFailure(rest, worker);
          if (status == null || !"RUNNING".equals(status.path("connector").path("state").asText())
              || status.path("tasks").size() != 3) {
            return false;
          }
          for (JsonNode t : status.path("tasks")) {
            if (!"RUNNING".equals(t.path("state").asText()) || !rest.workerId().equals(t.path("worker_id").asText())) {
              return false;
            }
          }
          return true;
        });
  }

  /** The connector's status, after checking that neither it nor a task FAILED. */
  private static JsonNode assertNoFailure(ConnectRest rest, ChildJvm worker) throws IOException, InterruptedException {
    JsonNode status = rest.status(CONNECTOR);
    if (status == null) {
      return null;
    }
    if ("FAILED".equals(status.path("connector").path("state").asText())) {
      throw new AssertionError("connector FAILED (log " + worker.log() + "): "
          + status.path("connector").path("trace").asText());
    }
    for (JsonNode t : status.path("tasks")) {
      if ("FAILED".equals(t.path("state").asText())) {
        throw new AssertionError("task " + t.path("id").asInt() + " FAILED (log " + worker.log() + "): "
            + t.path("trace").asText());
      }
    }
    return status;
  }

  /**
   * Nothing changes at the endpoint for longer than its delayed answers take: every request still
   * held back (recorded late, after the connector gave up on it) has been processed.
   */
  private static void awaitEndpointQuiet() {
    String[] last = {""};
    await("endpoint quiet for " + (DELAY_MS + 2_000) + " ms").atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250)).during(Duration.ofMillis(DELAY_MS + 2_000)).until(() -> {
          JsonNode s = endpoint.stats();
          String now = s.path("requests").asText() + "/" + s.path("requestsByStatus") + "/"
              + s.path("occurrencesAccepted").asText() + "/" + s.path("duplicatesRefused").asText();
          boolean same = now.equals(last[0]);
          last[0] = now;
          return same;
        });
  }

  /** How many times {@code worker}'s log says a task of the connector started. */
  private static long startedTasks(ChildJvm worker) throws IOException {
    try (Stream<String> lines = Files.lines(worker.log())) {
      return lines.filter(l -> l.contains(STARTED_TASK)).count();
    }
  }

  // ---------------------------------------------------------------- small helpers

  private static Map<Kind, Integer> invalidByKind(Map<Kind, Integer> kinds) {
    Map<Kind, Integer> invalid = new TreeMap<>(kinds);
    invalid.remove(Kind.VALID);
    return invalid;
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
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

  // ---------------------------------------------------------------- tear-down

  @AfterAll
  static void stopEverything() throws Exception {
    TearDown tearDown = new TearDown();
    if (kafka != null) {
      tearDown.run(kafka::close);
    }
    if (processes != null) {
      tearDown.run(() -> processes.stopAll(STOP_GRACE, log::info));
      tearDown.run(() -> assertThat(processes.leftovers()).as("JVMs started by this test and still running").isEmpty());
      tearDown.run(() -> await("ports free again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> processes.busyPorts().isEmpty()));
    }
    tearDown.throwIfFailed();
  }
}
