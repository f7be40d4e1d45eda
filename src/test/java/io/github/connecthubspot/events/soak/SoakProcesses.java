package io.github.connecthubspot.events.soak;

import static org.awaitility.Awaitility.await;

import io.github.connecthubspot.events.quickstart.ChildJvm;
import io.github.connecthubspot.events.quickstart.KafkaConfigs;
import io.github.connecthubspot.events.quickstart.Ports;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * The separate JVMs of the soak, each with its log under the work folder: the local HubSpot
 * endpoint from its own jar, a KRaft broker (formatted first by Kafka's storage tool) and
 * distributed Connect workers of one group with the plugin in their {@code plugin.path}. Every
 * listener is on 127.0.0.1; every port and JVM is remembered, so that {@link #stopAll} can stop
 * them and {@link #leftovers} / {@link #busyPorts} can tell whether anything survived.
 */
final class SoakProcesses {
  static final String MARKER = ChildJvm.marker("sigkill-soak-it");
  static final String CONNECT_GROUP = "soak-connect";
  private static final Duration STARTUP = Duration.ofSeconds(120);

  private final Path work;
  private final List<Path> kafkaClasspath;
  private final Path pluginPath;
  private final List<ChildJvm> started = new CopyOnWriteArrayList<>();
  private final Set<Integer> ports = Collections.synchronizedSet(new LinkedHashSet<>());
  private int brokerPort = -1;

  SoakProcesses(Path work, List<Path> kafkaClasspath, Path pluginPath) throws IOException {
    this.work = work;
    this.kafkaClasspath = kafkaClasspath;
    this.pluginPath = pluginPath;
    writeLogConfig();
  }

  /** A loopback port no other process of this soak was given. */
  int newPort() throws IOException {
    synchronized (ports) {
      int port;
      do {
        port = Ports.free();
      } while (ports.contains(port));
      ports.add(port);
      return port;
    }
  }

  String bootstrap() {
    return "127.0.0.1:" + brokerPort;
  }

  /** {@code java -jar local-hubspot-<v>.jar --port <port> <args>}, once it listens. */
  ChildJvm startEndpoint(Path jar, int port, List<String> args) throws IOException {
    List<String> all = new ArrayList<>(List.of("--port", String.valueOf(port)));
    all.addAll(args);
    ChildJvm endpoint = started(ChildJvm.startJar("local HubSpot endpoint", jar, jvmOptions("256m"), all,
        work.resolve("local-hubspot.log")));
    await("local HubSpot endpoint listening on " + port).atMost(STARTUP).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          endpoint.ensureAlive();
          return Ports.isListening(port);
        });
    return endpoint;
  }

  /** Formats the broker's storage, starts the broker, and waits until it listens. */
  ChildJvm startBroker() throws IOException, InterruptedException {
    brokerPort = newPort();
    int controllerPort = newPort();
    Path dir = work.resolve("broker");
    Properties p = KafkaConfigs.kraftBroker(brokerPort, controllerPort, dir.resolve("data"));
    Path config = write(dir.resolve("server.properties"), p);

    ChildJvm format = started(ChildJvm.start("kafka-storage format", kafkaClasspath, jvmOptions("256m"),
        "kafka.tools.StorageTool",
        List.of("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(), "--standalone"),
        dir.resolve("storage-format.log")));
    int exit = format.awaitExit(Duration.ofSeconds(60));
    if (exit != 0) {
      throw new IllegalStateException("formatting the broker's storage failed (exit " + exit + "):\n" + format.tail(20));
    }
    ChildJvm broker = started(ChildJvm.start("Kafka broker", kafkaClasspath, jvmOptions("512m"), "kafka.Kafka",
        List.of(config.toString()), work.resolve("broker.log")));
    int port = brokerPort;
    await("broker listening on " + port).atMost(STARTUP).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          broker.ensureAlive();
          return Ports.isListening(port);
        });
    return broker;
  }

  /**
   * A distributed Connect worker of {@link #CONNECT_GROUP} with its REST API on {@code restPort}.
   * Its group and its sink tasks' consumers notice a killed member within 10 s (not 45 s), and a
   * task lost with its worker is given to another after 10 s at most (not 5 minutes).
   */
  ChildJvm startWorker(String name, int restPort) throws IOException {
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", bootstrap());
    p.setProperty("group.id", CONNECT_GROUP);
    p.setProperty("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    p.setProperty("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    for (String store : List.of("config", "offset", "status")) {
      p.setProperty(store + ".storage.topic", CONNECT_GROUP + "-" + store);
      p.setProperty(store + ".storage.replication.factor", "1");
    }
    p.setProperty("offset.storage.partitions", "1");
    p.setProperty("status.storage.partitions", "1");
    p.setProperty("offset.flush.interval.ms", "1000");
    p.setProperty("session.timeout.ms", "10000");
    p.setProperty("heartbeat.interval.ms", "2000");
    p.setProperty("scheduled.rebalance.max.delay.ms", "10000");
    p.setProperty("consumer.session.timeout.ms", "10000");
    p.setProperty("consumer.heartbeat.interval.ms", "2000");
    p.setProperty("listeners", "http://127.0.0.1:" + restPort);
    p.setProperty("rest.advertised.host.name", "127.0.0.1");
    p.setProperty("rest.advertised.port", String.valueOf(restPort));
    p.setProperty("plugin.path", pluginPath.toString());
    p.setProperty("plugin.discovery", "service_load");
    Path config = write(work.resolve(name + ".properties"), p);
    return started(ChildJvm.start("Connect " + name, kafkaClasspath, jvmOptions("512m"),
        "org.apache.kafka.connect.cli.ConnectDistributed", List.of(config.toString()),
        work.resolve(name + ".log")));
  }

  /** SIGKILL: no shutdown hook, no graceful stop, no last offset commit. Waits until it is gone. */
  static void kill(ChildJvm jvm) {
    ProcessHandle.of(jvm.pid()).ifPresent(ProcessHandle::destroyForcibly);
    await(jvm.name() + " gone after SIGKILL").atMost(Duration.ofSeconds(30)).until(() -> !jvm.isAlive());
  }

  /** Stops every JVM still running, the last started first (workers before the broker). */
  void stopAll(Duration grace, Consumer<String> report) throws InterruptedException {
    List<ChildJvm> reversed = new ArrayList<>(started);
    Collections.reverse(reversed);
    for (ChildJvm jvm : reversed) {
      if (jvm.isAlive()) {
        long begin = System.nanoTime();
        boolean graceful = jvm.stop(grace);
        report.accept("Stopped " + jvm.name() + " (pid " + jvm.pid() + ") " + (graceful ? "gracefully" : "BY SIGKILL")
            + " in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
      }
    }
  }

  /** JVMs this soak started (or that carry its marker) still running: {@code pid command}. */
  List<String> leftovers() {
    Set<Long> ours = started.stream().map(ChildJvm::pid).collect(Collectors.toSet());
    return ProcessHandle.current().descendants()
        .filter(ProcessHandle::isAlive)
        .filter(ph -> ours.contains(ph.pid()) || ph.info().commandLine().orElse("").contains(MARKER))
        .map(ph -> ph.pid() + " " + ph.info().commandLine().orElse("?"))
        .toList();
  }

  /** Ports given to this soak's processes that cannot be bound now. */
  List<Integer> busyPorts() {
    synchronized (ports) {
      return ports.stream().filter(port -> !Ports.isFree(port)).toList();
    }
  }

  /** Each JVM's log, by name, for a failure message. */
  Map<String, Path> logs() {
    Map<String, Path> logs = new LinkedHashMap<>();
    started.forEach(jvm -> logs.put(jvm.name(), jvm.log()));
    return logs;
  }

  private ChildJvm started(ChildJvm jvm) {
    started.add(jvm);
    return jvm;
  }

  private List<String> jvmOptions(String maxHeap) {
    return List.of(MARKER, "-Xms64m", "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + work.resolve("log4j2.properties"));
  }

  /** Kafka's logs (log4j2) go to each JVM's stdout, which goes to its log file. */
  private void writeLogConfig() throws IOException {
    KafkaConfigs.writeLog4j2(work.resolve("log4j2.properties"));
  }


  private static Path write(Path file, Properties p) throws IOException {
    return KafkaConfigs.write(file, p, "written by SigkillSoakIT");
  }

}
