package io.github.connecthubspot.events.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM (a Kafka broker, a Connect worker, a Kafka tool) started with the test's own
 * {@code java}, its output in a log file. {@link #stop(Duration)} asks politely (SIGTERM, so Kafka's
 * shutdown hooks run), then kills after the grace period.
 */
final class ChildJvm {
  /** Marks every JVM this test starts, so leftovers can be found among the test's descendants. */
  static final String MARKER = "-Dpackaged.plugin.it=true";

  /** Still running; killed if the test JVM itself ends (a failsafe timeout, Ctrl-C) before tear-down. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> RUNNING.forEach(Process::destroyForcibly), "packaged-it-child-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  static ChildJvm start(String name, List<Path> classpath, List<String> jvmOptions, String mainClass,
      List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.add(MARKER);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    command.add(mainClass);
    command.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().remove("CLASSPATH");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    Process process = pb.start();
    RUNNING.add(process);
    process.onExit().thenRun(() -> RUNNING.remove(process));
    return new ChildJvm(name, process, log);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Fails (with the end of its log) if the JVM has exited. */
  void ensureAlive() {
    if (!process.isAlive()) {
      throw new AssertionError(name + " exited with " + process.exitValue() + "; end of " + log
          + ":\n" + tail(40));
    }
  }

  /** Waits for a JVM that should end by itself (a tool) and returns its exit code. */
  int awaitExit(Duration bound) throws InterruptedException {
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      stop(Duration.ofSeconds(5));
      throw new AssertionError(name + " did not finish within " + bound + "; end of " + log
          + ":\n" + tail(40));
    }
    return process.exitValue();
  }

  /**
   * SIGTERM, then SIGKILL if still running after {@code grace}; waits until the process is gone.
   *
   * @return true if it ended without being killed
   */
  boolean stop(Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
    }
    return false;
  }

  String tail(int lines) {
    try {
      List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(could not read " + log + ": " + e + ")";
    }
  }
}
