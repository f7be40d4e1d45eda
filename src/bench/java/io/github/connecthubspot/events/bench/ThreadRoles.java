package io.github.connecthubspot.events.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker's CPU over a case by thread role: what each live Java thread used (JMX's per-thread
 * CPU time, read when the first record is seen and at the end), and the rest of the process's CPU
 * (from {@code /proc}): the JVM's own threads and threads that ended meanwhile, split, when
 * {@code /proc/<pid>/task} could be read at both moments, into the JIT compilers, the garbage
 * collector and the rest ({@link ProcCpu#jvmSplit}).
 */
final class ThreadRoles {
  static final String TASK = "Connect's task thread (poll, convert, transform, our put)";
  static final String SENDERS = "our sender threads (HTTP)";
  static final String DISPATCHER = "our dispatcher";
  static final String KAFKA = "Kafka clients' threads";
  static final String OTHER = "other Java threads";
  /** The rest of the process's CPU when the JVM's threads could not be read from {@code /proc}. */
  static final String JVM = "the JVM's own (GC, JIT) and ended threads";
  static final String JIT = "JIT compilers";
  static final String GC = "garbage collector";
  static final String JVM_REST = "other JVM threads and ended threads";
  /**
   * Not a role: by how much the threads' readings exceed the process's own over the same span (they
   * are read a moment apart), present only when they do; {@link #describe} says so instead of listing it.
   */
  static final String OVER = "over the process's reading";

  /** A live Java thread's name and CPU time. */
  record ThreadTime(String name, long cpuNanos) {}

  private ThreadRoles() {}

  static String role(String threadName) {
    if (threadName.startsWith("task-thread-")) {
      return TASK;
    }
    if (threadName.startsWith("hubspot-") && threadName.contains("-sender-")) {
      return SENDERS;
    }
    if (threadName.startsWith("hubspot-") && threadName.endsWith("-dispatcher")) {
      return DISPATCHER;
    }
    if (threadName.startsWith("kafka-") || threadName.contains("network-thread")
        || threadName.contains("heartbeat")) {
      return KAFKA;
    }
    return OTHER;
  }

  /**
   * Seconds by role between two readings; {@code processSeconds} is the worker's whole CPU over the
   * same span, what the threads do not account for going to {@link #JVM}. Roles in a fixed order.
   */
  static Map<String, Double> between(Map<Long, ThreadTime> before, Map<Long, ThreadTime> after,
      double processSeconds) {
    return between(before, after, processSeconds, null);
  }

  /**
   * As {@link #between(Map, Map, double)}, the JVM's part split by {@code jvm} (from {@code /proc})
   * into {@link #JIT}, {@link #GC} and {@link #JVM_REST}: the process's seconds less the Java
   * threads', the JIT's and the GC's, never below 0 (what goes over is kept under {@link #OVER}).
   * Without {@code jvm} (null), the whole rest goes to {@link #JVM}.
   */
  static Map<String, Double> between(Map<Long, ThreadTime> before, Map<Long, ThreadTime> after,
      double processSeconds, ProcCpu.JvmSplit jvm) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    String[] roles = jvm == null ? new String[] {TASK, SENDERS, DISPATCHER, KAFKA, OTHER, JVM}
        : new String[] {TASK, SENDERS, DISPATCHER, KAFKA, OTHER, JIT, GC, JVM_REST};
    for (String role : roles) {
      seconds.put(role, 0.0);
    }
    double threads = 0;
    for (Map.Entry<Long, ThreadTime> e : after.entrySet()) {
      ThreadTime then = before.get(e.getKey());
      long used = e.getValue().cpuNanos() - (then == null ? 0 : then.cpuNanos());
      if (used > 0) {
        seconds.merge(role(e.getValue().name()), used / 1e9, Double::sum);
        threads += used / 1e9;
      }
    }
    if (jvm == null) {
      seconds.put(JVM, Math.max(0, processSeconds - threads));
      return seconds;
    }
    seconds.put(JIT, jvm.jitSeconds());
    seconds.put(GC, jvm.gcSeconds());
    double rest = processSeconds - threads - jvm.jitSeconds() - jvm.gcSeconds();
    seconds.put(JVM_REST, Math.max(0, rest));
    if (rest < 0) {
      seconds.put(OVER, -rest);
    }
    return seconds;
  }

  /**
   * "task thread 1.2 s (45%), ..." for the roles that used any CPU, shares of their sum; then, if
   * the threads' readings went over the process's, by how much.
   */
  static String describe(Map<String, Double> seconds) {
    double total = seconds.entrySet().stream().filter(e -> !OVER.equals(e.getKey()))
        .mapToDouble(Map.Entry::getValue).sum();
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Double> e : seconds.entrySet()) {
      if (e.getValue() >= 0.005 && !OVER.equals(e.getKey())) {
        out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
            .append(Results.fmt("%.2f", e.getValue())).append(" s (")
            .append(Results.fmt("%.0f", total > 0 ? 100 * e.getValue() / total : 0)).append("%)");
      }
    }
    Double over = seconds.get(OVER);
    if (over != null && over >= 0.005) {
      out.append(" (these add up to ").append(Results.fmt("%.2f", over))
          .append(" s more than the process's own reading: threads and process are read a moment apart)");
    }
    return out.toString();
  }
}
