package io.github.connecthubspot.events.quickstart;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A separate JVM (a Kafka broker, a Connect worker, a Kafka tool, the local HubSpot endpoint)
 * started with this JVM's own {@code java}, its output in a log file. {@link #stop(Duration)} asks
 * politely (SIGTERM, so Kafka's shutdown hooks run), then kills after the grace period.
 *
 * <p>Every JVM started here and still running when this JVM ends (a failsafe timeout, Ctrl-C,
 * SIGTERM) is stopped by a shutdown hook, the last started first, each with {@link #EXIT_GRACE}.
 */
public final class ChildJvm {
  /** How long the shutdown hook lets each child end by itself before killing it. */
  public static final Duration EXIT_GRACE = Duration.ofSeconds(15);

  /** Started and not yet seen stopped, in start order. */
  private static final List<ChildJvm> STARTED = Collections.synchronizedList(new ArrayList<>());
  /** Told what the shutdown hook stopped. */
  private static volatile Consumer<String> exitReport = message -> { };
  /** Set once this JVM is ending: no child may start after the last one was stopped. */
  private static boolean closed;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        close(EXIT_GRACE, exitReport);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "child-jvm-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Where the shutdown hook reports what it stopped (by default nowhere). */
  public static void reportStopsOnExitTo(Consumer<String> report) {
    exitReport = report;
  }

  /** A JVM option naming who started a child, so leftovers can be found among descendants. */
  public static String marker(String owner) {
    return "-Dconnecthubspot.child.of=" + owner;
  }

  public static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** {@code java <jvmOptions> -cp <classpath> <mainClass> <args>}. */
  public static ChildJvm start(String name, List<Path> classpath, List<String> jvmOptions, String mainClass,
      List<String> args, Path log) throws IOException {
    return start(name, classpath, jvmOptions, mainClass, args, Map.of(), log);
  }

  /** As {@link #start(String, List, List, String, List, Path)}, with {@code environment} added. */
  public static ChildJvm start(String name, List<Path> classpath, List<String> jvmOptions, String mainClass,
      List<String> args, Map<String, String> environment, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    command.add(mainClass);
    command.addAll(args);
    return start(name, command, environment, log);
  }

  /** {@code java <jvmOptions> -jar <jar> <args>}. */
  public static ChildJvm startJar(String name, Path jar, List<String> jvmOptions, List<String> args, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return start(name, command, Map.of(), log);
  }

  private static ChildJvm start(String name, List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().remove("CLASSPATH");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().putAll(environment);
    synchronized (STARTED) { // not while stopAll() runs
      if (closed) {
        throw new IllegalStateException("not starting " + name + ": shutting down");
      }
      ChildJvm jvm = new ChildJvm(name, pb.start(), log);
      STARTED.add(jvm);
      return jvm;
    }
  }

  /** {@link #stopAll}, and refuses to start any child afterwards: for shutdown hooks. */
  public static void close(Duration grace, Consumer<String> report) throws InterruptedException {
    synchronized (STARTED) {
      closed = true;
      stopAll(grace, report);
    }
  }

  /**
   * Stops every child still running, the last started first ({@link #stop(Duration)} each).
   *
   * @param report told what was stopped and how
   */
  public static void stopAll(Duration grace, Consumer<String> report) throws InterruptedException {
    synchronized (STARTED) {
      for (int i = STARTED.size() - 1; i >= 0; i--) {
        ChildJvm jvm = STARTED.get(i);
        if (jvm.isAlive()) {
          long begin = System.nanoTime();
          boolean graceful = jvm.stop(grace);
          report.accept("Stopped " + jvm.name + " (pid " + jvm.pid() + ") "
              + (graceful ? "" : "BY SIGKILL ") + "in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        }
      }
      STARTED.removeIf(jvm -> !jvm.isAlive());
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Throws (with the end of its log) if the JVM has exited. */
  public void ensureAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue() + "; end of " + log
          + ":\n" + tail(40));
    }
  }

  /** Waits for a JVM that should end by itself (a tool) and returns its exit code. */
  public int awaitExit(Duration bound) throws InterruptedException {
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      stop(Duration.ofSeconds(5));
      throw new IllegalStateException(name + " did not finish within " + bound + "; end of " + log
          + ":\n" + tail(40));
    }
    return process.exitValue();
  }

  /**
   * SIGTERM, then SIGKILL if still running after {@code grace}; waits until the process is gone.
   *
   * @return true if it ended without being killed
   */
  public boolean stop(Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
    }
    return false;
  }

  /** The last {@code lines} lines of its log. */
  public String tail(int lines) {
    try {
      List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(could not read " + log + ": " + e + ")";
    }
  }
}
