package io.github.connecthubspot.events.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * The processes of one quickstart run, each a separate JVM with its log under the work folder:
 * the local HubSpot endpoint, a KRaft broker (Kafka's storage tool formats it first) and a
 * distributed Connect worker with the plugin in its {@code plugin.path}. Every listener is on
 * 127.0.0.1, on ports chosen when the run starts. What runs where is written to
 * {@code run.properties} (ports, pids) as soon as it is known, for whoever must check it is gone.
 * The benchmark ({@code ./bench}) starts the same stack, tuned {@link #forMeasuring for measuring}.
 */
public final class Stack {
  static final String OWNER = "quickstart";

  private final Path work;
  private final List<Path> kafkaClasspath;
  private final Path pluginPath;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Long> pids = new LinkedHashMap<>();
  /** Whether the JVMs stop at C1 to start quickly (the quickstart) or compile fully. */
  private boolean quickJit = true;
  /** The worker's heap and collector options: the quickstart's own, unless measuring. */
  private List<String> workerMemory = null;

  public Stack(Path work, List<Path> kafkaClasspath, Path pluginPath, boolean withEndpoint) throws IOException {
    this.work = work;
    this.kafkaClasspath = kafkaClasspath;
    this.pluginPath = pluginPath;
    for (String name : withEndpoint ? List.of("broker", "controller", "rest", "jmx", "endpoint")
        : List.of("broker", "controller", "rest", "jmx")) {
      int port;
      do {
        port = Ports.free();
      } while (ports.containsValue(port));
      ports.put(name, port);
    }
    writeRunFile();
  }

  /**
   * For measuring rather than starting quickly: every JVM compiles with C2 as a production JVM
   * does (no {@code -XX:TieredStopAtLevel=1}), and the worker's heap and collector are set by
   * {@code workerMemoryOptions} (e.g. {@code -Xmx}, {@code -XX:+UseG1GC}) instead of the
   * quickstart's small serial-collected heap. Call before starting them.
   */
  public Stack forMeasuring(List<String> workerMemoryOptions) {
    quickJit = false;
    workerMemory = List.copyOf(workerMemoryOptions);
    return this;
  }

  public int port(String name) {
    Integer port = ports.get(name);
    if (port == null) {
      throw new IllegalArgumentException("no port " + name);
    }
    return port;
  }

  public Map<String, Integer> ports() {
    return new LinkedHashMap<>(ports);
  }

  public String bootstrap() {
    return "127.0.0.1:" + port("broker");
  }

  public String restUrl() {
    return "http://127.0.0.1:" + port("rest");
  }

  /** The local HubSpot endpoint ({@code java -jar target/local-hubspot-<v>.jar}), with the token {@link QuickstartTarget#LOCAL_TOKEN}. */
  ChildJvm startEndpoint(Path jar) throws IOException {
    return startEndpoint(jar, List.of());
  }

  /** As {@link #startEndpoint(Path)}, with more of the endpoint's options (see its {@code --help}). */
  public ChildJvm startEndpoint(Path jar, List<String> options) throws IOException {
    List<String> args = new ArrayList<>(
        List.of("--port", String.valueOf(port("endpoint")), "--token", QuickstartTarget.LOCAL_TOKEN));
    args.addAll(options);
    return started("endpoint", ChildJvm.startJar("local HubSpot endpoint", jar, jvmOptions("256m"),
        args, work.resolve("local-hubspot.log")));
  }

  /** Formats the broker's storage (a tool JVM that ends by itself), then starts the broker. */
  public ChildJvm startBroker() throws IOException, InterruptedException {
    Path dir = work.resolve("broker");
    Properties p = KafkaConfigs.kraftBroker(port("broker"), port("controller"), dir.resolve("data"));
    Path config = write(dir.resolve("server.properties"), p);

    ChildJvm format = started("storage-format", ChildJvm.start("kafka-storage format", kafkaClasspath,
        jvmOptions("256m"), "kafka.tools.StorageTool",
        List.of("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(), "--standalone"),
        dir.resolve("storage-format.log")));
    int exit = format.awaitExit(java.time.Duration.ofSeconds(60));
    if (exit != 0) {
      throw new IllegalStateException("formatting the broker's storage failed (exit " + exit + "):\n" + format.tail(20));
    }
    return started("broker", ChildJvm.start("Kafka broker", kafkaClasspath, jvmOptions("512m"), "kafka.Kafka",
        List.of(config.toString()), work.resolve("broker.log")));
  }

  /** A distributed Connect worker with the plugin in its plugin.path and JMX on loopback. */
  public ChildJvm startWorker(QuickstartTarget target) throws IOException {
    Path dir = work.resolve("worker");
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", bootstrap());
    p.setProperty("group.id", "quickstart-connect");
    p.setProperty("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    p.setProperty("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    for (String store : List.of("config", "offset", "status")) {
      p.setProperty(store + ".storage.topic", "quickstart-connect-" + store);
      p.setProperty(store + ".storage.replication.factor", "1");
    }
    p.setProperty("offset.storage.partitions", "1");
    p.setProperty("status.storage.partitions", "1");
    p.setProperty("offset.flush.interval.ms", "1000");
    p.setProperty("listeners", "http://127.0.0.1:" + port("rest"));
    p.setProperty("rest.advertised.host.name", "127.0.0.1");
    p.setProperty("rest.advertised.port", String.valueOf(port("rest")));
    p.setProperty("plugin.path", pluginPath.toString());
    p.setProperty("plugin.discovery", "service_load");
    target.workerProperties().forEach(p::setProperty);
    Path config = write(dir.resolve("worker.properties"), p);

    int jmx = port("jmx");
    List<String> options = new ArrayList<>(workerMemory == null ? jvmOptions("512m")
        : jvmOptions(workerMemory));
    options.addAll(List.of(
        "-Dcom.sun.management.jmxremote.port=" + jmx,
        "-Dcom.sun.management.jmxremote.rmi.port=" + jmx,
        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Dcom.sun.management.jmxremote.authenticate=false",
        "-Dcom.sun.management.jmxremote.ssl=false",
        "-Djava.rmi.server.hostname=127.0.0.1"));
    return started("worker", ChildJvm.start("Connect worker", kafkaClasspath, options,
        "org.apache.kafka.connect.cli.ConnectDistributed", List.of(config.toString()),
        target.workerEnvironment(), work.resolve("worker.log")));
  }

  private ChildJvm started(String role, ChildJvm jvm) throws IOException {
    pids.put(role, jvm.pid());
    writeRunFile();
    return jvm;
  }

  /** {@code run.properties}: {@code quickstart.pid}, {@code port.<name>}, {@code pid.<role>}. */
  private void writeRunFile() throws IOException {
    Properties p = new Properties();
    p.setProperty("quickstart.pid", String.valueOf(ProcessHandle.current().pid()));
    ports.forEach((name, port) -> p.setProperty("port." + name, String.valueOf(port)));
    pids.forEach((role, pid) -> p.setProperty("pid." + role, String.valueOf(pid)));
    Path tmp = work.resolve("run.properties.tmp");
    write(tmp, p);
    Files.move(tmp, work.resolve("run.properties"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private List<String> jvmOptions(String maxHeap) {
    return jvmOptions(List.of("-Xms64m", "-Xmx" + maxHeap, "-XX:+UseSerialGC"));
  }

  private List<String> jvmOptions(List<String> memory) {
    List<String> options = new ArrayList<>();
    options.add(ChildJvm.marker(OWNER));
    options.addAll(memory);
    if (quickJit) {
      options.add("-XX:TieredStopAtLevel=1");
    }
    options.add("-Djava.awt.headless=true");
    options.add("-Dlog4j2.configurationFile=" + work.resolve("log4j2.properties"));
    return options;
  }

  /** Kafka's logs (log4j2) go to each JVM's stdout, which goes to its log file. */
  public void writeLogConfig() throws IOException {
    KafkaConfigs.writeLog4j2(work.resolve("log4j2.properties"));
  }


  private static Path write(Path file, Properties p) throws IOException {
    return KafkaConfigs.write(file, p, "written by the quickstart");
  }


  /**
   * No process of this JVM's left and every port of the stack free again (waits up to 30 s for the
   * ports); says which on {@code out}.
   */
  public boolean checkAllGone(java.io.PrintStream out) throws InterruptedException {
    List<String> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(ph -> ph.pid() + " " + ph.info().command().orElse("?")).toList();
    Map<String, Integer> ports = new LinkedHashMap<>(ports());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && !ports.values().stream().allMatch(Ports::isFree)) {
      Thread.sleep(200);
    }
    List<String> busy = ports.entrySet().stream().filter(e -> !Ports.isFree(e.getValue()))
        .map(e -> e.getKey() + " " + e.getValue()).toList();
    if (!left.isEmpty() || !busy.isEmpty()) {
      out.println("FAILED to clean up: processes left " + left + ", ports still in use " + busy);
      return false;
    }
    out.println("Everything stopped: no process left, ports free again (" + ports.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ").");
    return true;
  }
}
