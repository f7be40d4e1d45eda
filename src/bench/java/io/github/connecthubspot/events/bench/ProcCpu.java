package io.github.connecthubspot.events.bench;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time from Linux's {@code /proc} only: a process's ({@code /proc/<pid>/stat}) and each of its
 * threads' ({@code /proc/<pid>/task/<tid>/stat}), and the class of a JVM thread by the name the
 * kernel knows it by (HotSpot's names cut to 15 characters: {@code C2 CompilerThre}, {@code GC Thread#0}).
 * A process or thread that is gone reads as absent, never as an error.
 */
final class ProcCpu {
  /** One {@code stat} line: the name (comm), utime + stime and the start time, all in clock ticks. */
  record Stat(String comm, long cpuTicks, long startTicks) {}

  /** What a JVM's own (non-Java) thread does, by its name. */
  enum JvmClass { JIT, GC, OTHER }

  /** The JIT compilers' and the garbage collector's CPU seconds between two readings of a process's threads. */
  record JvmSplit(double jitSeconds, double gcSeconds) {}

  private ProcCpu() {}

  /**
   * Parses a {@code /proc/<pid>/stat} (or {@code task/<tid>/stat}) line. The name (field 2, in
   * parentheses) may itself hold spaces and parentheses: it runs from the first {@code (} to the
   * last {@code )}; utime and stime are fields 14 and 15, the start time field 22.
   */
  static Stat parse(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("not a /proc stat line: " + shortened(stat));
    }
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    // f[0] is field 3 (state): utime is field 14, stime 15, starttime 22
    if (f.length < 20) {
      throw new IllegalArgumentException("a /proc stat line with " + (f.length + 2) + " fields: " + shortened(stat));
    }
    try {
      return new Stat(stat.substring(open + 1, close), Long.parseLong(f[11]) + Long.parseLong(f[12]),
          Long.parseLong(f[19]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a /proc stat line: " + shortened(stat), e);
    }
  }

  /** The process's {@code stat}, or null when it is gone (or unreadable). */
  static Stat process(long pid) {
    return pid <= 0 ? null : read(Path.of("/proc/" + pid + "/stat"));
  }

  /** Each thread of the process by tid, or null when the process is gone; threads ending meanwhile are left out. */
  static Map<Long, Stat> threads(long pid) {
    if (pid <= 0) {
      return null;
    }
    Map<Long, Stat> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        Stat s = read(task.resolve("stat"));
        if (s != null) {
          threads.put(Long.parseLong(task.getFileName().toString()), s);
        }
      }
    } catch (IOException | DirectoryIteratorException | NumberFormatException e) {
      return null;
    }
    return threads;
  }

  private static Stat read(Path stat) {
    try {
      return parse(Files.readString(stat));
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** HotSpot's compiler threads are the JIT; its GC workers, G1's threads and the VM thread (safepoints, GC operations) the GC. */
  static JvmClass classify(String comm) {
    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
      return JvmClass.JIT;
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
      return JvmClass.GC;
    }
    return JvmClass.OTHER;
  }

  /**
   * Seconds used by a process between two readings, or NaN when either is missing or the pid is no
   * longer the same process (another start time: it ended and the pid was reused).
   */
  static double secondsBetween(Stat before, Stat after, long clockTicksPerSecond) {
    if (before == null || after == null || before.startTicks() != after.startTicks()
        || after.cpuTicks() < before.cpuTicks()) {
      return Double.NaN;
    }
    return (after.cpuTicks() - before.cpuTicks()) / (double) clockTicksPerSecond;
  }

  /**
   * The JIT compilers' and the GC's seconds between two readings of a process's threads: each
   * thread present at the end less what it had at the start (nothing if it was not there, or the
   * tid then was another thread's). A thread that ended meanwhile is not counted; null when either
   * reading is missing.
   */
  static JvmSplit jvmSplit(Map<Long, Stat> before, Map<Long, Stat> after, long clockTicksPerSecond) {
    if (before == null || after == null) {
      return null;
    }
    long jit = 0;
    long gc = 0;
    for (Map.Entry<Long, Stat> e : after.entrySet()) {
      Stat now = e.getValue();
      JvmClass c = classify(now.comm());
      if (c == JvmClass.OTHER) {
        continue;
      }
      Stat then = before.get(e.getKey());
      boolean same = then != null && then.startTicks() == now.startTicks() && then.cpuTicks() <= now.cpuTicks();
      long used = now.cpuTicks() - (same ? then.cpuTicks() : 0);
      if (c == JvmClass.JIT) {
        jit += used;
      } else {
        gc += used;
      }
    }
    return new JvmSplit(jit / (double) clockTicksPerSecond, gc / (double) clockTicksPerSecond);
  }

  /** CPU seconds per 100,000 events; NaN without events or seconds. */
  static double per100k(double seconds, long events) {
    return events > 0 && !Double.isNaN(seconds) ? seconds / events * 100_000 : Double.NaN;
  }

  private static String shortened(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "...";
  }
}
