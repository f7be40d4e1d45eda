package io.github.connecthubspot.events.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@code ./quickstart} as a user runs it: a bash child process (with {@code --no-build}, since this
 * build has just packaged the plugin), which starts its own broker, worker and endpoint. Each test
 * starts from nothing (leftovers of an earlier run are killed first) and checks that, whatever
 * happened, no process of the run is left and its ports are free.
 */
class QuickstartIT {
  private static final Path BASE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  private static final Path RUN_FILE = BASE.resolve("target/quickstart/run.properties");
  /** Includes resolving Kafka's jars through Maven when target/ has no cached classpath yet. */
  private static final Duration WHOLE_RUN = Duration.ofMinutes(6);
  private static final Duration UNTIL_WORKER_UP = Duration.ofMinutes(5);
  private static final Duration STOP = Duration.ofMinutes(2);

  private Process quickstart;
  private Path output;

  @BeforeEach
  void nothingLeftFromAnEarlierRun(TestInfo test) throws Exception {
    killLeftovers();
    output = BASE.resolve("target/quickstart-it/" + test.getTestMethod().orElseThrow().getName() + ".log");
    Files.createDirectories(output.getParent());
    Files.deleteIfExists(RUN_FILE);
  }

  @AfterEach
  void stopWhateverIsLeft() throws Exception {
    if (quickstart != null && quickstart.isAlive()) {
      quickstart.destroy(); // SIGTERM: its shutdown hook stops its children
      if (!quickstart.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
        quickstart.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    killLeftovers();
  }

  @Test
  void runsToTheSummary() throws Exception {
    Properties expected = properties(BASE.resolve("config/quickstart/quickstart.properties"));
    int valid = Integer.parseInt(expected.getProperty("expected.delivered"));
    int invalid = Integer.parseInt(expected.getProperty("expected.dead.lettered"));
    assertThat(Files.readAllLines(BASE.resolve("config/quickstart/events.jsonl")).stream()
        .filter(l -> !l.isBlank()).count()).as("events in the file").isEqualTo(valid + invalid);

    start();
    assertThat(quickstart.waitFor(WHOLE_RUN.toSeconds(), TimeUnit.SECONDS))
        .as("the quickstart ends within %s; output so far:%n%s", WHOLE_RUN, output()).isTrue();
    String out = output();
    assertThat(quickstart.exitValue()).as("exit status; output:%n%s", out).isZero();

    assertThat(number(out, "Delivered to HubSpot: +(\\d+)")).as(out).isEqualTo(valid);
    assertThat(number(out, "Dead-lettered: +(\\d+)")).as(out).isEqualTo(invalid);
    List<String> reasons = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  - (quickstart-[a-z-]+-\\d+@\\d+) +(\\S.*)$").matcher(out);
    List<String> coordinates = new ArrayList<>();
    while (m.find()) {
      coordinates.add(m.group(1));
      reasons.add(m.group(2));
    }
    assertThat(reasons).as("one reason per dead-lettered event").hasSize(invalid)
        .allSatisfy(r -> assertThat(r).isNotBlank().isNotEqualTo("?"));
    assertThat(coordinates).doesNotHaveDuplicates();
    assertThat(reasons).as("each invalid event breaks a different rule").doesNotHaveDuplicates();
    assertThat(out).contains("Result: OK", "events/s", "Task metrics (JMX", "_sim/ledger",
        "Everything stopped: no process left");

    assertNothingLeft(runFile());
  }

  @Test
  void interruptedMidRunLeavesNothingRunning() throws Exception {
    start();
    await("the quickstart's Connect worker up").atMost(UNTIL_WORKER_UP).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          assertThat(quickstart.isAlive()).as("the quickstart still runs; output:%n%s", output()).isTrue();
          return output().contains(Quickstart.WORKER_UP);
        });
    Properties run = runFile();
    assertThat(run.getProperty("quickstart.pid")).isEqualTo(String.valueOf(quickstart.pid()));
    Map<String, Long> pids = pids(run);
    assertThat(pids).containsKeys("endpoint", "broker", "worker");
    for (String role : List.of("endpoint", "broker", "worker")) {
      assertThat(ProcessHandle.of(pids.get(role)).map(ProcessHandle::isAlive)).as(role).contains(true);
    }

    // As a terminal's Ctrl-C does, to the quickstart's process (the java that bash exec'd).
    Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(quickstart.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();

    assertThat(quickstart.waitFor(STOP.toSeconds(), TimeUnit.SECONDS))
        .as("the quickstart ends after SIGINT; output:%n%s", output()).isTrue();
    assertThat(quickstart.exitValue()).as("exit status after SIGINT; output:%n%s", output()).isEqualTo(130);
    assertThat(output()).contains("Stopping everything the quickstart started");
    assertNothingLeft(run);
  }

  // ---------------------------------------------------------------- helpers

  private void start() throws IOException {
    List<String> command = new ArrayList<>();
    if (envResetsSignals()) {
      // A build started in the background may ignore SIGINT, and children inherit that: reset it.
      command.addAll(List.of("env", "--default-signal=INT,TERM"));
    }
    command.addAll(List.of("bash", BASE.resolve("quickstart").toString(), "--no-build"));
    ProcessBuilder pb = new ProcessBuilder(command).directory(BASE.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    Map<String, String> env = pb.environment();
    env.remove("HUBSPOT_ACCESS_TOKEN");
    env.remove("HUBSPOT_EVENT_NAME");
    String mavenHome = System.getProperty("packaged.it.maven.home", "");
    if (!mavenHome.isBlank() && Files.isRegularFile(Path.of(mavenHome, "bin", "mvn"))) {
      env.put("QUICKSTART_MVN", Path.of(mavenHome, "bin", "mvn").toString());
    }
    String repo = System.getProperty("packaged.it.maven.repo.local", "");
    env.put("QUICKSTART_MVN_ARGS", repo.isBlank() ? "" : "-Dmaven.repo.local=" + repo);
    quickstart = pb.start();
  }

  private static boolean envResetsSignals() {
    try {
      Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private String output() throws IOException {
    return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
  }

  private static int number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertThat(m.find()).as("%s in:%n%s", regex, out).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static Properties runFile() throws IOException {
    assertThat(RUN_FILE).as("the quickstart's run file").isRegularFile();
    return properties(RUN_FILE);
  }

  private static Properties properties(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return p;
  }

  private static Map<String, Long> pids(Properties run) {
    Map<String, Long> pids = new TreeMap<>();
    run.stringPropertyNames().stream().filter(k -> k.startsWith("pid."))
        .forEach(k -> pids.put(k.substring(4), Long.parseLong(run.getProperty(k))));
    return pids;
  }

  private static Map<String, Integer> ports(Properties run) {
    Map<String, Integer> ports = new TreeMap<>();
    run.stringPropertyNames().stream().filter(k -> k.startsWith("port."))
        .forEach(k -> ports.put(k.substring(5), Integer.parseInt(run.getProperty(k))));
    return ports;
  }

  /** Every child the run had is gone, and every port it used is free (within 30 s). */
  private void assertNothingLeft(Properties run) {
    Map<String, Long> pids = pids(run);
    pids.put("quickstart", Long.parseLong(run.getProperty("quickstart.pid")));
    await("every process of the run gone: " + pids).atMost(Duration.ofSeconds(30))
        .until(() -> pids.values().stream().noneMatch(QuickstartIT::alive));
    Map<String, Integer> ports = ports(run);
    assertThat(ports).containsKeys("broker", "controller", "rest", "jmx", "endpoint");
    await("every port of the run free: " + ports).atMost(Duration.ofSeconds(30))
        .until(() -> ports.values().stream().allMatch(Ports::isFree));
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** SIGKILLs what an earlier run (of this class, or by hand) left, going by its run file. */
  private static void killLeftovers() throws IOException {
    if (!Files.isRegularFile(RUN_FILE)) {
      return;
    }
    Properties run = properties(RUN_FILE);
    List<Long> pids = new ArrayList<>(pids(run).values());
    Optional.ofNullable(run.getProperty("quickstart.pid")).map(Long::parseLong).ifPresent(pids::add);
    for (long pid : pids) {
      // Only our own: a pid may have been reused by an unrelated process since.
      ProcessHandle.of(pid).filter(ph -> ph.info().commandLine().orElse("")
              .contains(ChildJvm.marker(Stack.OWNER)) || ph.info().commandLine().orElse("").contains("Quickstart"))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
    await("leftovers gone").atMost(Duration.ofSeconds(30)).until(() -> pids.stream().noneMatch(QuickstartIT::alive)
        || pids.stream().filter(QuickstartIT::alive).allMatch(pid -> ProcessHandle.of(pid)
            .flatMap(ph -> ph.info().commandLine()).map(c -> !c.contains(ChildJvm.marker(Stack.OWNER))
                && !c.contains("Quickstart")).orElse(true)));
  }
}
