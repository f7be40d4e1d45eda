package io.github.connecthubspot.events.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The benchmark's {@code /proc} readings of the other processes and of the worker's JVM threads. */
class ProcCpuTest {
  private static final Offset<Double> EXACT = Offset.offset(1e-9);

  /** A stat line of 52 fields: utime, stime and starttime as given, every other number arbitrary. */
  private static String stat(long pid, String comm, long utime, long stime, long start) {
    return pid + " (" + comm + ") S 1 " + pid + " " + pid + " 0 -1 4194560 123 0 0 0 " + utime + " " + stime
        + " 7 8 20 0 42 0 " + start + " 3133440 418 18446744073709551615 1 2 3 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 4 5 6"
        + " 7 8 8 9 0\n";
  }

  @Test
  void parsesAStatLineWhoseNameHoldsSpacesAndParentheses() {
    ProcCpu.Stat s = ProcCpu.parse(stat(4242, "a) (b 1 2 3 4 5 6 7 8 9 10 11 12 13) (", 1500, 250, 99));
    assertThat(s.comm()).isEqualTo("a) (b 1 2 3 4 5 6 7 8 9 10 11 12 13) (");
    assertThat(s.cpuTicks()).isEqualTo(1750);
    assertThat(s.startTicks()).isEqualTo(99);
    assertThat(ProcCpu.parse(stat(7, "C2 CompilerThre", 3, 4, 5)).comm()).isEqualTo("C2 CompilerThre");
    assertThat(WorkerGauges.cpuTicks(stat(1, "java", 10, 20, 30))).isEqualTo(30);

    assertThatThrownBy(() -> ProcCpu.parse("garbage")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcCpu.parse("1 (java) S 1 2 3")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fields");
    assertThatThrownBy(() -> ProcCpu.parse(stat(1, "java", 10, 20, 30).replace(" 10 20 ", " x 20 ")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void classifiesHotSpotsThreadsByTheirKernelNames() {
    for (String jit : List.of("C2 CompilerThre", "C1 CompilerThre")) {
      assertThat(ProcCpu.classify(jit)).as(jit).isEqualTo(ProcCpu.JvmClass.JIT);
    }
    for (String gc : List.of("GC Thread#0", "GC Thread#11", "G1 Conc#0", "G1 Refine#0", "G1 Main Marker",
        "G1 Service", "VM Thread")) {
      assertThat(ProcCpu.classify(gc)).as(gc).isEqualTo(ProcCpu.JvmClass.GC);
    }
    for (String other : List.of("VM Periodic Tas", "java", "task-thread-ben", "Service Thread", "Sweeper thread",
        "C3 CompilerThre", "G1Young", "GC", "")) {
      assertThat(ProcCpu.classify(other)).as(other).isEqualTo(ProcCpu.JvmClass.OTHER);
    }
  }

  @Test
  void jitAndGcCountEachThreadPresentAtTheEndLessItsStart() {
    Map<Long, ProcCpu.Stat> before = Map.of(
        10L, new ProcCpu.Stat("C2 CompilerThre", 500, 1),
        11L, new ProcCpu.Stat("C1 CompilerThre", 100, 1),
        20L, new ProcCpu.Stat("GC Thread#0", 40, 1),
        21L, new ProcCpu.Stat("G1 Conc#0", 5, 1),
        30L, new ProcCpu.Stat("VM Periodic Tas", 1, 1),
        40L, new ProcCpu.Stat("C2 CompilerThre", 70, 1), // ends meanwhile: lost
        50L, new ProcCpu.Stat("GC Thread#3", 900, 2)); // ends, its tid reused by another thread
    Map<Long, ProcCpu.Stat> after = Map.of(
        10L, new ProcCpu.Stat("C2 CompilerThre", 800, 1), // +300
        11L, new ProcCpu.Stat("C1 CompilerThre", 150, 1), // +50
        12L, new ProcCpu.Stat("C2 CompilerThre", 25, 9), // born meanwhile: +25
        20L, new ProcCpu.Stat("GC Thread#0", 140, 1), // +100
        21L, new ProcCpu.Stat("G1 Conc#0", 25, 1), // +20
        22L, new ProcCpu.Stat("VM Thread", 30, 1), // +30
        30L, new ProcCpu.Stat("VM Periodic Tas", 999, 1), // neither
        50L, new ProcCpu.Stat("GC Thread#3", 7, 8)); // another thread: +7
    ProcCpu.JvmSplit split = ProcCpu.jvmSplit(before, after, 100);
    assertThat(split.jitSeconds()).isEqualTo(3.75, EXACT);
    assertThat(split.gcSeconds()).isEqualTo(1.57, EXACT);
    assertThat(ProcCpu.jvmSplit(null, after, 100)).isNull();
    assertThat(ProcCpu.jvmSplit(before, null, 100)).isNull();
  }

  @Test
  void aProcessGoneOrReplacedReadsAsNotAvailable() {
    ProcCpu.Stat start = new ProcCpu.Stat("java", 1_000, 5_000);
    assertThat(ProcCpu.secondsBetween(start, new ProcCpu.Stat("java", 1_230, 5_000), 100)).isEqualTo(2.3, EXACT);
    assertThat(ProcCpu.secondsBetween(start, null, 100)).isNaN();
    assertThat(ProcCpu.secondsBetween(null, start, 100)).isNaN();
    assertThat(ProcCpu.secondsBetween(start, new ProcCpu.Stat("java", 1_230, 6_000), 100)).isNaN(); // pid reused
    assertThat(ProcCpu.process(-1)).isNull();
    assertThat(ProcCpu.threads(-1)).isNull();
  }

  @Test
  void readsThisProcessAndItsThreadsFromProc() throws Exception {
    assumeThat(Files.isReadable(Path.of("/proc/self/stat"))).as("Linux's /proc").isTrue();
    long pid = ProcessHandle.current().pid();
    ProcCpu.Stat self = ProcCpu.process(pid);
    assertThat(self).isNotNull();
    assertThat(self.startTicks()).isPositive();
    Map<Long, ProcCpu.Stat> threads = ProcCpu.threads(pid);
    assertThat(threads).containsKey(pid); // the main thread's tid is the pid
    assertThat(threads.values()).anyMatch(t -> ProcCpu.classify(t.comm()) == ProcCpu.JvmClass.GC);
    // a pid above Linux's largest possible one (2^22) is no process
    assertThat(ProcCpu.process(1L << 23)).isNull();
    assertThat(ProcCpu.threads(1L << 23)).isNull();
  }

  @Test
  void perHundredThousandEvents() {
    assertThat(ProcCpu.per100k(1.2, 200_000)).isEqualTo(0.6, EXACT);
    assertThat(ProcCpu.per100k(2.3, 200_000)).isEqualTo(1.15, EXACT);
    assertThat(ProcCpu.per100k(3.0, 50_000)).isEqualTo(6.0, EXACT);
    assertThat(ProcCpu.per100k(1.0, 0)).isNaN();
    assertThat(ProcCpu.per100k(Double.NaN, 100)).isNaN();
  }

  @Test
  void theJvmsShareSplitIntoJitGcAndTheRestNeverBelowZero() {
    Map<Long, ThreadRoles.ThreadTime> before = Map.of(1L, new ThreadRoles.ThreadTime("task-thread-x-0", 0));
    Map<Long, ThreadRoles.ThreadTime> after = Map.of(1L, new ThreadRoles.ThreadTime("task-thread-x-0", 2_000_000_000L));
    Map<String, Double> seconds = ThreadRoles.between(before, after, 4.0, new ProcCpu.JvmSplit(1.0, 0.5));
    assertThat(seconds).containsOnlyKeys(ThreadRoles.TASK, ThreadRoles.SENDERS, ThreadRoles.DISPATCHER,
        ThreadRoles.KAFKA, ThreadRoles.OTHER, ThreadRoles.JIT, ThreadRoles.GC, ThreadRoles.JVM_REST);
    assertThat(seconds.get(ThreadRoles.JIT)).isEqualTo(1.0, EXACT);
    assertThat(seconds.get(ThreadRoles.GC)).isEqualTo(0.5, EXACT);
    assertThat(seconds.get(ThreadRoles.JVM_REST)).isEqualTo(0.5, EXACT);
    assertThat(ThreadRoles.describe(seconds)).isEqualTo(ThreadRoles.TASK + " 2.00 s (50%), " + ThreadRoles.JIT
        + " 1.00 s (25%), " + ThreadRoles.GC + " 0.50 s (13%), " + ThreadRoles.JVM_REST + " 0.50 s (13%)");

    // the readings a moment apart going over the process's own: the rest at 0, the excess said
    Map<String, Double> over = ThreadRoles.between(before, after, 3.25, new ProcCpu.JvmSplit(1.0, 0.5));
    assertThat(over.get(ThreadRoles.JVM_REST)).isZero();
    assertThat(over.get(ThreadRoles.OVER)).isEqualTo(0.25, EXACT);
    assertThat(ThreadRoles.describe(over)).endsWith(ThreadRoles.GC + " 0.50 s (14%) (these add up to 0.25 s more"
        + " than the process's own reading: threads and process are read a moment apart)");
  }

  @Test
  void theOtherProcessesOnTheDetailLine() {
    CaseResult noOp = new CaseResult(new BenchCase("1", "no-op", true, Map.of(), List.of(), 0, false));
    noOp.delivered = 200_000;
    noOp.brokerCpuSeconds = 1.2;
    assertThat(Results.otherProcesses(noOp))
        .isEqualTo("broker 1.2 s (0.60 CPU-s per 100k events), local HubSpot endpoint not used");

    CaseResult ours = new CaseResult(new BenchCase("2", "ours", false, Map.of(), List.of(), 4, false));
    ours.delivered = 200_000;
    ours.brokerCpuSeconds = 1.2;
    ours.endpointCpuSeconds = 2.3;
    assertThat(Results.otherProcesses(ours)).isEqualTo("broker 1.2 s (0.60 CPU-s per 100k events),"
        + " local HubSpot endpoint 2.3 s (1.15 CPU-s per 100k)");
    assertThat(Results.details(List.of(ours))).contains("; the other processes' CPU over the case: broker 1.2 s");

    ours.brokerCpuSeconds = Double.NaN;
    ours.endpointCpuSeconds = Double.NaN;
    assertThat(Results.otherProcesses(ours)).startsWith("broker n/a").contains("local HubSpot endpoint n/a");
  }
}
