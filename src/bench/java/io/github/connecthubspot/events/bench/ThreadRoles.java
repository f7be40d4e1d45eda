package io.github.connecthubspot.events.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker's CPU over a case by thread role: what each live Java thread used (JMX's per-thread
 * CPU time, read when the first record is seen and at the end), and the rest of the process's CPU
 * (from {@code /proc}): the JVM's own threads (garbage collection, JIT compilers) and threads that
 * ended meanwhile.
 */
final class ThreadRoles {
  static final String TASK = "Connect's task thread (poll, convert, transform, our put)";
  static final String SENDERS = "our sender threads (HTTP)";
  static final String DISPATCHER = "our dispatcher";
  static final String KAFKA = "Kafka clients' threads";
  static final String OTHER = "other Java threads";
  static final String JVM = "the JVM's own (GC, JIT) and ended threads";

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
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (String role : new String[] {TASK, SENDERS, DISPATCHER, KAFKA, OTHER, JVM}) {
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
    seconds.put(JVM, Math.max(0, processSeconds - threads));
    return seconds;
  }

  /** "task thread 1.2 s (45%), ..." for the roles that used any CPU. */
  static String describe(Map<String, Double> seconds) {
    double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Double> e : seconds.entrySet()) {
      if (e.getValue() >= 0.005) {
        out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
            .append(Results.fmt("%.2f", e.getValue())).append(" s (")
            .append(Results.fmt("%.0f", total > 0 ? 100 * e.getValue() / total : 0)).append("%)");
      }
    }
    return out.toString();
  }
}
