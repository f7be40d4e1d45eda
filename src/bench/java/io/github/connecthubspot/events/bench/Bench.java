package io.github.connecthubspot.events.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.connecthubspot.events.quickstart.ChildJvm;
import io.github.connecthubspot.events.quickstart.Http;
import io.github.connecthubspot.events.quickstart.KafkaJars;
import io.github.connecthubspot.events.quickstart.PluginArchive;
import io.github.connecthubspot.events.quickstart.Ports;
import io.github.connecthubspot.events.quickstart.QuickstartTarget;
import io.github.connecthubspot.events.quickstart.Stack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code ./bench}: the connector end to end against the floor of a no-op sink, in one run on one
 * machine. It starts a KRaft broker, a distributed Connect worker (our plugin zip unzipped into
 * its plugin.path, next to the benchmark's own small plugin, {@link BenchPlugin}: a no-op sink and
 * a stamp of arrival) and the local HubSpot endpoint as separate JVMs on loopback, with the
 * quickstart's {@link Stack}; loads the records once; runs each {@link BenchCase} on them with a
 * fresh connector (a fresh consumer group); prints a markdown table and writes it, with the machine
 * and the command, to {@code target/bench/results.md}. Everything started is stopped at the end, on
 * a failure and on Ctrl-C. BENCHMARKS.md says what each case and column means.
 */
public final class Bench {
  static final String KAFKA_VERSION = "4.3.1";
  static final String TOPIC = "bench-events";
  static final String BACKLOG_TOPIC = "bench-backlog";
  static final int PARTITIONS = 3;
  static final String EVENT_NAME = "pe1234567_page_viewed";
  static final String WORKER_HEAP = "2G";
  /**
   * The worker's heap and collector: what Connect's own launcher gives a worker, as a user's worker
   * runs ({@code connect-distributed.sh}: {@code -Xms256M -Xmx2G}; {@code kafka-run-class.sh}: G1
   * and its options), except {@code -XX:+ExplicitGCInvokesConcurrent}, so that the backlog case's
   * forced collection is a full one and its heap reading is what is live.
   */
  static final List<String> WORKER_JVM = List.of("-Xms256M", "-Xmx" + WORKER_HEAP, "-XX:+UseG1GC",
      "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:MaxInlineLevel=15");
  static final String OURS = "io.github.connecthubspot.events.HubSpotBehavioralEventSinkConnector";
  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  /** How often a running case's progress is read. */
  private static final long POLL_MILLIS = 100;

  private final PrintStream out = System.out;
  private final long begin = System.nanoTime();
  private final BenchOptions options;
  private final Path baseDir;
  private final Path work;
  private final String version;
  private final Http http = new Http(Duration.ofSeconds(60));
  private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private Stack stack;
  private Endpoint endpoint;
  private WorkerGauges gauges;
  private volatile boolean finished;

  private Bench(BenchOptions options, Path baseDir, String version) {
    this.options = options;
    this.baseDir = baseDir;
    this.work = baseDir.resolve("target/bench");
    this.version = version;
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
        System.out.println(BenchOptions.USAGE);
        System.exit(0);
        return;
      }
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage() + "\n\n" + BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    Path baseDir = Path.of(System.getProperty("bench.base.dir", "")).toAbsolutePath();
    System.exit(new Bench(options, baseDir, System.getProperty("bench.version", "")).run());
  }

  private int run() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopOnExit, "bench-stop"));
    ChildJvm.reportStopsOnExitTo(m -> out.println("  " + m));
    int status;
    try {
      List<CaseResult> results = runStack();
      report(results);
      status = results.stream().anyMatch(r -> r.error != null) ? 1 : 0;
    } catch (Exception | AssertionError e) {
      out.println();
      out.println("FAILED: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      out.println("Logs: " + relative(work) + "/");
      status = 1;
    }
    out.println("Stopping ...");
    try {
      if (gauges != null) {
        gauges.close();
      }
    } catch (IOException e) {
      // the worker may be gone already
    }
    if (!stopEverything()) {
      status = 1;
    }
    return status;
  }

  private List<CaseResult> runStack() throws Exception {
    step("kafka-connect-hubspot-events " + version + " benchmark: " + String.join(" ", options.describe()));
    deleteRecursively(work);
    Files.createDirectories(work);
    List<Path> kafka = KafkaJars.classpath(baseDir, baseDir.resolve("target"), KAFKA_VERSION);
    Path plugins = work.resolve("plugins");
    PluginArchive.unzip(built("kafka-connect-hubspot-events", ".zip"), plugins);
    Path benchPlugin = BenchPlugin.write(plugins.resolve("bench-plugin"),
        baseDir.resolve("target/bench-plugin-classes"));
    step("Plugins in " + relative(plugins) + ": our zip unzipped, and " + relative(benchPlugin));

    List<String> workerJvm = new ArrayList<>(WORKER_JVM);
    if (options.profile) { // samples taken between safepoints are put on the right (inlined) method
      workerJvm.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"));
    }
    stack = new Stack(work, kafka, plugins, true).forMeasuring(workerJvm);
    stack.writeLogConfig();
    ChildJvm broker = stack.startBroker();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
      await("the Kafka broker", STARTUP, () -> {
        broker.ensureAlive();
        try {
          return Ports.isListening(stack.port("broker"))
              && !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
          return false;
        }
      });
      step("Kafka " + KAFKA_VERSION + " broker up on " + stack.bootstrap() + " (pid " + broker.pid() + ")");
      List<NewTopic> topics = new ArrayList<>(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)));
      if (options.backlog > 0) {
        topics.add(new NewTopic(BACKLOG_TOPIC, PARTITIONS, (short) 1));
      }
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
    load(TOPIC, options.records);
    if (options.backlog > 0) {
      load(BACKLOG_TOPIC, options.backlog);
    }

    ChildJvm worker = stack.startWorker(QuickstartTarget.fromEnvironment(Map.of()));
    await("the Connect worker's REST API", STARTUP, () -> {
      worker.ensureAlive();
      return http.status("GET", stack.restUrl() + "/connectors") == 200;
    });
    String loaded = http.expect("GET", stack.restUrl() + "/connector-plugins", null, 200).body();
    for (String plugin : List.of(OURS, BenchPlugin.NO_OP_SINK)) {
      if (!loaded.contains(plugin)) {
        throw new IllegalStateException("the worker did not load " + plugin + "; see " + relative(worker.log()));
      }
    }
    long ticks = Long.getLong("bench.clk.tck", 100);
    gauges = new WorkerGauges(worker.pid(), stack.port("jmx"), ticks);
    step("Connect worker up at " + stack.restUrl() + " (pid " + worker.pid() + ", " + String.join(" ", workerJvm)
        + ", JMX on 127.0.0.1:" + stack.port("jmx") + "), both plugins loaded");
    endpoint = new Endpoint(stack, built("local-hubspot", ".jar"), http);

    CaseRunner runner = new CaseRunner(this::step, http, stack.restUrl(), endpoint, gauges, runId, broker.pid());
    if (options.profile) {
      runner.profiling(work, worker.pid());
    }
    if (options.warmUp) {
      runner.warmUp(TOPIC, options.records);
    }
    List<CaseResult> results = new ArrayList<>();
    for (BenchCase c : BenchCase.standard()) {
      if (options.cases.contains(c.id())) {
        results.add(runner.run(c, TOPIC, options.records, options.windowSeconds));
      }
    }
    if (options.backlog > 0) {
      results.add(runner.backlog(BACKLOG_TOPIC, options.backlog, options.windowSeconds));
    }
    if (options.restart) {
      results.add(runner.restart(TOPIC, options.records));
    }
    return results;
  }

  /** {@code n} schemaless JSON records of 11 fields (2 identifiers, 9 properties), keyed by email. */
  private void load(String topic, long n) throws Exception {
    long start = System.nanoTime();
    RecordLoader.load(stack.bootstrap(), topic, n);
    double seconds = (System.nanoTime() - start) / 1e9;
    step(String.format("Loaded %,d records into %s (%d partitions) in %.1f s", n, topic, PARTITIONS, seconds));
  }

  private void report(List<CaseResult> results) throws IOException {
    String command = System.getProperty("bench.command", "./bench " + String.join(" ", options.describe()));
    StringBuilder md = new StringBuilder();
    md.append("Command: `").append(command).append("`, ").append(Instant.now().toString(), 0, 16).append("Z UTC,")
        .append(" plugin ").append(version).append(" at commit ")
        .append(System.getProperty("bench.revision", "unknown")).append(".\n\n");
    md.append(Results.table(results)).append("\n\n");
    md.append(Results.details(results)).append("\n");
    List<String> extras = results.stream().flatMap(r -> r.extras.stream()).toList();
    if (!extras.isEmpty()) {
      md.append('\n');
      extras.forEach(e -> md.append("- ").append(e).append('\n'));
    }
    md.append('\n').append(Machine.describe(WORKER_JVM)).append('\n');
    String text = md.toString();
    out.println();
    out.println(text);
    Files.writeString(work.resolve("results.md"), "# ./bench results\n\n" + text, StandardCharsets.UTF_8);
    out.println("Written to " + relative(work.resolve("results.md")));
    if (options.writeBenchmarks) {
      Path benchmarks = baseDir.resolve("BENCHMARKS.md");
      Results.replaceSection(benchmarks, text);
      out.println("Replaced the results section of " + relative(benchmarks));
    }
  }

  // ---------------------------------------------------------------- stopping

  private boolean stopEverything() {
    boolean[] graceful = {true};
    try {
      ChildJvm.stopAll(STOP_GRACE, m -> {
        out.println("  " + m);
        graceful[0] &= !m.contains("SIGKILL");
      });
      finished = true;
      return checkAllGone() && graceful[0];
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** No process of ours left and every port free again (waits up to 30 s for the ports). */
  private boolean checkAllGone() throws InterruptedException {
    return stack == null || stack.checkAllGone(out);
  }

  /** After Ctrl-C or SIGTERM: stops whatever still runs (ChildJvm's own hook may get there first). */
  private void stopOnExit() {
    if (finished) {
      return;
    }
    out.println();
    out.println("Stopping everything the benchmark started ...");
    try {
      ChildJvm.close(STOP_GRACE, m -> out.println("  " + m));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.flush();
  }

  // ---------------------------------------------------------------- small helpers

  interface Condition {
    boolean met() throws Exception;
  }

  /** Polls {@code condition} every 100 ms until it holds; fails after {@code bound}. */
  static void await(String what, Duration bound, Condition condition) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.met()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what + " after " + bound.toSeconds() + " s");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private void step(String message) {
    out.println(String.format("[%6.1f s] %s", (System.nanoTime() - begin) / 1e9, message));
    out.flush();
  }

  /** {@code target/<name>-<version><extension>}, which {@code ./bench} builds. */
  private Path built(String name, String extension) {
    Path file = baseDir.resolve("target/" + name + "-" + version + extension);
    if (version.isBlank() || !Files.isRegularFile(file)) {
      throw new IllegalStateException("no " + relative(file) + ": run ./bench without --no-build (it builds it)");
    }
    return file;
  }

  private String relative(Path p) {
    Path cwd = Path.of("").toAbsolutePath();
    return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Iterator<Path> it = all.sorted(Comparator.reverseOrder()).iterator(); it.hasNext(); ) {
        Files.delete(it.next());
      }
    }
  }

  /** The connector config of a case: the common settings, ours or the no-op's, then the case's own. */
  static ObjectNode connectorConfig(BenchCase c, String topic, String endpointUrl) {
    ObjectNode config = Http.JSON.createObjectNode();
    config.put("connector.class", c.noOp() ? BenchPlugin.NO_OP_SINK : OURS);
    config.put("topics", topic);
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "false");
    config.put("transforms", "stamp");
    config.put("transforms.stamp.type", BenchPlugin.STAMP);
    if (!c.noOp()) {
      config.put("hubspot.base.url", endpointUrl);
      config.put("hubspot.access.token", QuickstartTarget.TOKEN_REFERENCE);
      config.put("event.name", EVENT_NAME);
      config.put("identifier.email.field", "email");
      config.put("identifier.object.id.field", "contactId");
    }
    c.settings().forEach(config::put);
    return config;
  }

  static long longAt(JsonNode node, String path) {
    JsonNode n = node.at(path);
    return n.isMissingNode() || n.isNull() ? 0 : n.asLong();
  }
}
