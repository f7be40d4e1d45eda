package io.github.connecthubspot.events.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./quickstart}: the connector end to end on one machine with nothing but a JDK and Maven.
 * It starts the local HubSpot endpoint, a KRaft broker and a distributed Connect worker (separate
 * JVMs, Kafka's own jars, the plugin zip unzipped into {@code plugin.path}), creates the topics and
 * the connector from {@code config/quickstart/}, produces the sample events, shows progress, prints
 * a summary (delivered, dead-lettered with reasons, events per second, the task metrics over JMX)
 * and stops everything again. Ctrl-C or SIGTERM at any point stops everything it started.
 *
 * <p>Exit status: 0 when the outcome is the expected one, 1 when not (or something failed), 2 for
 * a usage error; 130 / 143 after Ctrl-C / SIGTERM.
 */
public final class Quickstart {
  static final String KAFKA_VERSION = "4.3.1";
  static final String WORKER_UP = "Connect worker is up";
  static final String PLUGIN = "kafka-connect-hubspot-events";

  private static final ObjectMapper JSON = Http.JSON;
  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final Duration DELIVERY = Duration.ofSeconds(180);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final PrintStream out = System.out;
  private final long begin = System.nanoTime();
  private final Path baseDir;
  private final Path work;
  private final boolean keepRunning;
  private final QuickstartTarget target;
  private final Http http = new Http(Duration.ofSeconds(30));
  /** The processes of this run, once their ports are chosen. */
  private Stack stack;
  /** Set once the normal path has stopped everything: the shutdown hook has nothing left to do. */
  private volatile boolean finished;
  /** Set by the shutdown hook: failures of the main thread from then on are the stop's doing. */
  private volatile boolean stopping;

  private Quickstart(Path baseDir, boolean keepRunning, QuickstartTarget target) {
    this.baseDir = baseDir;
    this.work = baseDir.resolve("target/quickstart");
    this.keepRunning = keepRunning;
    this.target = target;
  }

  public static void main(String[] args) {
    boolean keepRunning = false;
    for (String arg : args) {
      switch (arg) {
        case "--keep-running":
          keepRunning = true;
          break;
        case "-h":
        case "--help":
          System.out.println(usage());
          System.exit(0);
          return;
        default:
          System.err.println("Unknown option " + arg + "\n" + usage());
          System.exit(2);
          return;
      }
    }
    QuickstartTarget target;
    try {
      target = QuickstartTarget.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Path baseDir = Path.of(System.getProperty("quickstart.base.dir", "")).toAbsolutePath();
    System.exit(new Quickstart(baseDir, keepRunning, target).run());
  }

  static String usage() {
    return String.join("\n",
        "Usage: ./quickstart [--keep-running] [--no-build] [--help]",
        "  --keep-running  leave the broker, worker and endpoint running after the summary; Ctrl-C stops them",
        "  --no-build      use target/ as it is (never run mvn package)",
        "Environment: HUBSPOT_ACCESS_TOKEN and HUBSPOT_EVENT_NAME (both) send the sample events to real HubSpot.",
        "See docs/quickstart.md.");
  }

  private int run() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopOnExit, "quickstart-stop"));
    ChildJvm.reportStopsOnExitTo(m -> out.println("  " + m));
    try {
      return runStack();
    } catch (Exception | AssertionError e) {
      if (stopping) {
        return 130; // the shutdown hook is stopping everything; the JVM ends when it is done
      }
      out.println();
      out.println("FAILED: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      out.println("Logs: " + relative(work) + "/");
      out.println("Stopping ...");
      stopEverything();
      try {
        if (stack != null) {
          checkAllGone(stack);
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      return 1;
    }
  }

  private int runStack() throws Exception {
    banner();
    prepareWorkFolder();
    SampleEvents sample = SampleEvents.read(baseDir.resolve("config/quickstart/events.jsonl"),
        baseDir.resolve("config/quickstart/quickstart.properties"));
    ObjectNode connectorFile = (ObjectNode) JSON.readTree(baseDir.resolve("config/quickstart/connector.json").toFile());
    String connector = connectorFile.path("name").asText();
    ObjectNode connectorConfig = (ObjectNode) connectorFile.path("config");

    List<Path> kafka = KafkaJars.classpath(baseDir, baseDir.resolve("target"), KAFKA_VERSION);
    Path pluginPath = work.resolve("plugins");
    PluginArchive.unzip(built(PLUGIN, ".zip"), pluginPath);
    Stack stack = new Stack(work, kafka, pluginPath, !target.isRealHubSpot());
    this.stack = stack;
    stack.writeLogConfig();

    int endpointPort = -1;
    if (!target.isRealHubSpot()) {
      endpointPort = stack.port("endpoint");
      // It knows the sample events' definitions, as a portal would; the connector reads them.
      ChildJvm endpoint = stack.startEndpoint(built("local-hubspot"), List.of("--events",
          baseDir.resolve("config/quickstart/event-definitions.json").toString()));
      int port = endpointPort;
      await("the local HubSpot endpoint", Duration.ofSeconds(60), () -> {
        endpoint.ensureAlive();
        return Ports.isListening(port);
      });
      step("Local HubSpot endpoint listening on http://127.0.0.1:" + endpointPort + " (pid " + endpoint.pid() + ")");
    }

    ChildJvm broker = stack.startBroker();
    boolean ok;
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
      await("the Kafka broker", STARTUP, () -> {
        broker.ensureAlive();
        if (!Ports.isListening(stack.port("broker"))) {
          return false;
        }
        try {
          return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
          return false;
        }
      });
      step("Kafka " + KAFKA_VERSION + " broker (KRaft) up on " + stack.bootstrap() + " (pid " + broker.pid() + ")");

      List<String> topics = List.of(connectorConfig.path("topics").asText().split("\\s*,\\s*"));
      String dlq = connectorConfig.path("errors.deadletterqueue.topic.name").asText();
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : topics) {
        newTopics.add(new NewTopic(topic, sample.partitions(topic), (short) 1));
      }
      newTopics.add(new NewTopic(dlq, 1, (short) 1));
      admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
      step("Topics created: " + newTopics.stream()
          .map(t -> t.name() + " (" + t.numPartitions() + (t.numPartitions() == 1 ? " partition)" : " partitions)"))
          .collect(Collectors.joining(", ")));

      ChildJvm worker = stack.startWorker(target);
      String rest = stack.restUrl();
      await("the Connect worker's REST API", STARTUP, () -> {
        worker.ensureAlive();
        return http.status("GET", rest + "/connectors") == 200;
      });
      step(WORKER_UP + ": REST API at " + rest + " (pid " + worker.pid() + "), plugin "
          + pluginVersion(rest));

      ObjectNode body = JSON.createObjectNode();
      body.put("name", connector);
      body.set("config", target.connectorConfig(connectorConfig, endpointPort));
      await("the connector to be created", Duration.ofSeconds(60), () -> {
        worker.ensureAlive();
        HttpResponse<String> r = http.send("POST", rest + "/connectors", body);
        if (r.statusCode() == 409) {
          return false; // the worker is still joining its group
        }
        if (r.statusCode() != 201) {
          throw new IllegalStateException("POST /connectors answered " + r.statusCode() + ": " + r.body());
        }
        return true;
      });
      int tasks = awaitRunning(worker, rest, connector);
      step("Connector " + connector + " RUNNING with " + tasks + (tasks == 1 ? " task" : " tasks"));

      try (DeadLetters deadLetters = new DeadLetters(stack.bootstrap(), dlq, 1)) {
        long produceStart = System.nanoTime();
        produce(stack.bootstrap(), sample);
        step("Produced " + sample.events().size() + " sample events from config/quickstart/events.jsonl");

        Progress progress = awaitOutcome(sample, deadLetters, worker, rest, connector, admin, topics, endpointPort);
        double seconds = (progress.doneAt - produceStart) / 1e9;
        List<String> metrics = TaskMetrics.read(stack.port("jmx"), 15);
        if (!target.isRealHubSpot()) {
          saveLedger(endpointPort);
        }
        ok = summary(sample, progress, deadLetters.all(), seconds, metrics, endpointPort);
      }
    }
    if (keepRunning) {
      keepRunning(stack, connector, endpointPort);
      return ok ? 0 : 1; // not reached: Ctrl-C ends the JVM
    }
    out.println();
    out.println("Stopping (use --keep-running to leave everything up) ...");
    deleteConnector(stack.restUrl(), connector);
    if (!stopEverything() || !checkAllGone(stack)) {
      return 1;
    }
    return ok ? 0 : 1;
  }

  // ---------------------------------------------------------------- steps

  private void banner() {
    out.println("kafka-connect-hubspot-events quickstart: Kafka " + KAFKA_VERSION
        + " broker and Connect worker, the plugin from target/");
    if (target.isRealHubSpot()) {
      out.println();
      out.println("  *** REAL HUBSPOT ***  The sample events will be sent to " + QuickstartTarget.HUBSPOT_BASE_URL
          + " as occurrences of " + target.realEventName().orElseThrow() + ",");
      out.println("  with the token in " + QuickstartTarget.TOKEN_ENV + " (read by the worker through ${env:...},"
          + " never shown). Ctrl-C now to stop before anything is sent.");
      out.println();
    } else {
      out.println("  Target: a local HubSpot endpoint on 127.0.0.1 (nothing leaves this machine).");
    }
    out.println("  Logs and data: " + relative(work) + "/");
  }

  private void prepareWorkFolder() throws IOException {
    deleteRecursively(work);
    Files.createDirectories(work);
  }

  /** {@code target/<name>-<version>.jar}, which {@code ./quickstart} builds. */
  private Path built(String name) {
    return built(name, ".jar");
  }

  private Path built(String name, String extension) {
    String version = System.getProperty("quickstart.version", "");
    Path file = baseDir.resolve("target/" + name + "-" + version + extension);
    if (version.isBlank() || !Files.isRegularFile(file)) {
      throw new IllegalStateException("no " + relative(file) + ": run ./quickstart without --no-build (it builds it)");
    }
    return file;
  }

  private String pluginVersion(String rest) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send("GET", rest + "/connector-plugins", null);
    for (JsonNode p : JSON.readTree(r.body())) {
      if (p.path("class").asText().endsWith("HubSpotBehavioralEventSinkConnector")) {
        return PLUGIN + " " + p.path("version").asText() + " loaded";
      }
    }
    throw new IllegalStateException("the worker did not load the plugin from " + relative(work.resolve("plugins"))
        + "; see " + relative(work.resolve("worker.log")));
  }

  /** Waits until the connector and all its tasks run; answers the number of tasks. */
  private int awaitRunning(ChildJvm worker, String rest, String connector) throws Exception {
    int[] tasks = {0};
    await("the connector and its tasks to run", Duration.ofSeconds(60), () -> {
      worker.ensureAlive();
      HttpResponse<String> r = http.send("GET", rest + "/connectors/" + connector + "/status", null);
      if (r.statusCode() != 200) {
        return false;
      }
      JsonNode status = JSON.readTree(r.body());
      failIfFailed(status);
      tasks[0] = status.path("tasks").size();
      boolean allRunning = tasks[0] > 0;
      for (JsonNode t : status.path("tasks")) {
        allRunning &= "RUNNING".equals(t.path("state").asText());
      }
      return allRunning && "RUNNING".equals(status.path("connector").path("state").asText());
    });
    return tasks[0];
  }

  private static void failIfFailed(JsonNode status) {
    if ("FAILED".equals(status.path("connector").path("state").asText())) {
      throw new IllegalStateException("the connector failed: " + firstLine(status.path("connector").path("trace").asText()));
    }
    for (JsonNode t : status.path("tasks")) {
      if ("FAILED".equals(t.path("state").asText())) {
        throw new IllegalStateException("task " + t.path("id").asText() + " failed: " + firstLine(t.path("trace").asText()));
      }
    }
  }

  private static void produce(String bootstrap, SampleEvents sample) throws Exception {
    Map<String, Object> props = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5);
    List<java.util.concurrent.Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (SampleEvents.Event e : sample.events()) {
        sends.add(producer.send(new ProducerRecord<>(e.topic(), e.key(), e.valueJson())));
      }
      producer.flush();
    }
    for (java.util.concurrent.Future<RecordMetadata> f : sends) {
      f.get(30, TimeUnit.SECONDS);
    }
  }

  /** Counts at the moment every event was delivered or dead-lettered. */
  private static final class Progress {
    long delivered;
    int deadLettered;
    long doneAt;
  }

  private Progress awaitOutcome(SampleEvents sample, DeadLetters deadLetters, ChildJvm worker, String rest,
      String connector, Admin admin, List<String> topics, int endpointPort) throws Exception {
    int total = sample.events().size();
    boolean tty = System.console() != null;
    long start = System.nanoTime();
    long deadline = start + DELIVERY.toNanos();
    long nextStatusCheck = 0;
    long nextLine = 0;
    String last = "";
    Progress p = new Progress();
    while (true) {
      int dead = deadLetters.poll(Duration.ofMillis(200));
      long committed = target.isRealHubSpot() ? committed(admin, "connect-" + connector, topics) : 0;
      // Real HubSpot keeps no ledger: a record is delivered once its offset is committed and it
      // was not dead-lettered (dead letters are written before their offsets are committed).
      long delivered = target.isRealHubSpot() ? Math.max(0, committed - dead) : localAccepted(endpointPort);
      long now = System.nanoTime();
      String line = target.isRealHubSpot()
          ? String.format("  committed %d/%d, of which dead-lettered %d, %.1f s", committed, total, dead, (now - start) / 1e9)
          : String.format("  delivered %d/%d, dead-lettered %d/%d, %.1f s", delivered, sample.expectedDelivered(),
              dead, sample.expectedDeadLettered(), (now - start) / 1e9);
      if (tty) {
        out.print("\r" + line + "   ");
        out.flush();
      } else if (now >= nextLine && !line.replaceAll(", [0-9.]+ s$", "").equals(last)) {
        out.println(line);
        last = line.replaceAll(", [0-9.]+ s$", "");
        nextLine = now + TimeUnit.SECONDS.toNanos(1);
      }
      if (target.isRealHubSpot() ? committed >= total : delivered + dead >= total) {
        p.delivered = delivered;
        p.deadLettered = dead;
        p.doneAt = now;
        if (tty) {
          out.println();
        } else if (!line.replaceAll(", [0-9.]+ s$", "").equals(last)) {
          out.println(line);
        }
        // Anything late (a duplicate, one more dead letter) would show within a moment.
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < settle) {
          p.deadLettered = deadLetters.poll(Duration.ofMillis(200));
        }
        p.delivered = target.isRealHubSpot() ? Math.max(0, committed - p.deadLettered) : localAccepted(endpointPort);
        return p;
      }
      if (now >= nextStatusCheck) {
        worker.ensureAlive();
        HttpResponse<String> r = http.send("GET", rest + "/connectors/" + connector + "/status", null);
        if (r.statusCode() == 200) {
          failIfFailed(JSON.readTree(r.body()));
        }
        nextStatusCheck = now + TimeUnit.SECONDS.toNanos(2);
      }
      if (now > deadline) {
        if (tty) {
          out.println();
        }
        throw new IllegalStateException("after " + DELIVERY.toSeconds() + " s only " + delivered + " of "
            + total + " events were delivered and " + dead + " dead-lettered; see " + relative(work.resolve("worker.log"))
            + (target.isRealHubSpot() ? " (is " + QuickstartTarget.HUBSPOT_BASE_URL + " reachable from here?)" : ""));
      }
    }
  }

  private long localAccepted(int endpointPort) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send("GET", "http://127.0.0.1:" + endpointPort + "/_sim/stats", null);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET /_sim/stats answered " + r.statusCode());
    }
    return JSON.readTree(r.body()).path("occurrencesAccepted").asLong();
  }

  /** The sum of the committed offsets of the connector's group over the topics (fresh, so from 0). */
  private static long committed(Admin admin, String group, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    long sum = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
      if (e.getValue() != null && topics.contains(e.getKey().topic())) {
        sum += e.getValue().offset();
      }
    }
    return sum;
  }

  private void saveLedger(int endpointPort) {
    try {
      HttpResponse<String> r = http.send("GET", "http://127.0.0.1:" + endpointPort + "/_sim/ledger", null);
      Files.writeString(work.resolve("ledger.json"), r.body(), StandardCharsets.UTF_8);
    } catch (IOException | InterruptedException e) {
      out.println("  (could not save the ledger: " + e + ")");
    }
  }

  /** Prints the summary; answers whether the outcome is the expected one. */
  private boolean summary(SampleEvents sample, Progress p, List<DeadLetters.DeadLetter> dead, double seconds,
      List<String> metrics, int endpointPort) {
    int total = sample.events().size();
    out.println();
    out.println("==================== Summary ====================");
    if (target.isRealHubSpot()) {
      out.println("Delivered to HubSpot:  " + p.delivered + " (committed offsets minus dead-lettered)");
      out.println("Dead-lettered:         " + dead.size());
    } else {
      out.println("Delivered to HubSpot:  " + p.delivered + " (expected " + sample.expectedDelivered() + ")");
      out.println("Dead-lettered:         " + dead.size() + " (expected " + sample.expectedDeadLettered() + ")");
    }
    List<DeadLetters.DeadLetter> sorted = new ArrayList<>(dead);
    sorted.sort(Comparator.comparing(DeadLetters.DeadLetter::topic)
        .thenComparing(d -> parseLong(d.partition())).thenComparing(d -> parseLong(d.offset())));
    int width = sorted.stream().mapToInt(d -> d.coordinates().length()).max().orElse(0);
    for (DeadLetters.DeadLetter d : sorted) {
      out.println("  - " + pad(d.coordinates(), width) + "  " + d.reason());
    }
    out.println(String.format("Throughput:            %d events in %.1f s = %.0f events/s"
        + " (from the first produced to the last delivered or dead-lettered)", total, seconds, total / seconds));
    out.println("Task metrics (JMX, " + TaskMetrics.PATTERN + "):");
    metrics.forEach(m -> out.println("  " + m));
    out.println("Logs:                  " + relative(work) + "/ (worker.log, broker.log"
        + (target.isRealHubSpot() ? "" : ", local-hubspot.log") + ")");
    if (!target.isRealHubSpot()) {
      out.println("What HubSpot received: " + relative(work.resolve("ledger.json"))
          + (keepRunning ? ", or curl http://127.0.0.1:" + endpointPort + "/_sim/ledger"
              : " (while it runs, with --keep-running: curl http://127.0.0.1:" + endpointPort + "/_sim/ledger)"));
    }
    boolean ok;
    if (target.isRealHubSpot()) {
      ok = p.delivered + dead.size() == total;
      out.println(ok
          ? "Result: OK, all " + total + " events were delivered or dead-lettered (HubSpot refuses properties"
              + " your event does not define: see the reasons above)."
          : "Result: FAILED, " + (total - p.delivered - dead.size()) + " events are not accounted for.");
    } else {
      ok = p.delivered == sample.expectedDelivered() && dead.size() == sample.expectedDeadLettered();
      out.println(ok
          ? "Result: OK, every valid event was delivered and every invalid one dead-lettered with its reason."
          : "Result: FAILED, expected " + sample.expectedDelivered() + " delivered and "
              + sample.expectedDeadLettered() + " dead-lettered, got " + p.delivered + " and " + dead.size() + ".");
    }
    return ok;
  }

  private void keepRunning(Stack stack, String connector, int endpointPort) throws InterruptedException {
    out.println();
    out.println("Everything keeps running (--keep-running):");
    out.println("  Connect REST API:  " + stack.restUrl() + "  (curl " + stack.restUrl() + "/connectors/" + connector + "/status)");
    if (!target.isRealHubSpot()) {
      out.println("  HubSpot ledger:    curl http://127.0.0.1:" + endpointPort + "/_sim/ledger");
    }
    out.println("  Kafka bootstrap:   " + stack.bootstrap());
    out.println("  Logs:              " + relative(work) + "/");
    out.println("Press Ctrl-C to stop everything.");
    out.flush();
    new CountDownLatch(1).await();
  }

  private void deleteConnector(String rest, String connector) {
    try {
      int status = http.status("DELETE", rest + "/connectors/" + connector);
      if (status == 204) {
        await("the connector to be deleted", Duration.ofSeconds(30),
            () -> http.status("GET", rest + "/connectors/" + connector) == 404);
        out.println("  Deleted connector " + connector);
      }
    } catch (Exception e) {
      out.println("  (could not delete the connector: " + e.getMessage() + ")");
    }
  }

  // ---------------------------------------------------------------- stopping

  /** Stops every process started, the last first; answers whether all ended by themselves. */
  private boolean stopEverything() {
    boolean[] graceful = {true};
    try {
      ChildJvm.stopAll(STOP_GRACE, m -> {
        out.println("  " + m);
        graceful[0] &= !m.contains("SIGKILL");
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    finished = true;
    return graceful[0];
  }

  private boolean checkAllGone(Stack stack) throws InterruptedException {
    return stack.checkAllGone(out);
  }

  /**
   * The shutdown hook: after Ctrl-C or SIGTERM, stops whatever still runs (with ChildJvm's own hook,
   * which may get there first: either reports each stop).
   */
  private void stopOnExit() {
    if (finished) {
      return;
    }
    stopping = true;
    out.println();
    out.println("Stopping everything the quickstart started ...");
    try {
      ChildJvm.close(STOP_GRACE, m -> out.println("  " + m));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.println("Stopped.");
    out.flush();
  }

  // ---------------------------------------------------------------- small helpers

  private interface Condition {
    boolean met() throws Exception;
  }

  /** Polls {@code condition} every 250 ms until it holds; fails after {@code bound}. */
  private static void await(String what, Duration bound, Condition condition) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.met()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what + " after " + bound.toSeconds() + " s");
      }
      Thread.sleep(250);
    }
  }

  private void step(String message) {
    out.println(String.format("[%5.1f s] %s", (System.nanoTime() - begin) / 1e9, message));
    out.flush();
  }

  private String relative(Path p) {
    Path cwd = Path.of("").toAbsolutePath();
    return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
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
