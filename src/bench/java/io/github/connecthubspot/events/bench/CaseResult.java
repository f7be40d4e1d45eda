package io.github.connecthubspot.events.bench;

import java.util.ArrayList;
import java.util.List;

/** What one case measured; {@code error} set when it could not finish (the other fields may be partial). */
final class CaseResult {
  final BenchCase benchCase;
  String measured = "";
  long delivered;
  double seconds;
  double startupSeconds = Double.NaN;
  double cpuSeconds = Double.NaN;
  /** The machine's CPU ticks {busy, total} when the first record was seen, and the busy share over the case. */
  long[] machineStart;
  double machineBusy = Double.NaN;
  long p50 = -1;
  long p99 = -1;
  long peakHeapBytes = -1;
  long requests = -1;
  long rateLimited = -1;
  long admitted = -1;
  /** The endpoint's answers by HTTP status, e.g. "204: 400, 429: 3". */
  String statuses = "";
  String error;
  /** The worker's threads when the first record was seen, and its CPU by thread role over the case. */
  java.util.Map<Long, ThreadRoles.ThreadTime> threadsAtStart;
  java.util.Map<String, Double> cpuByRole;
  /** The worker's threads as {@code /proc/<pid>/task} showed them when the first record was seen (null: unreadable). */
  java.util.Map<Long, ProcCpu.Stat> procThreadsAtStart;
  /** The broker's and the endpoint's {@code /proc/<pid>/stat} when the first record was seen (null: none, gone). */
  ProcCpu.Stat brokerAtStart;
  ProcCpu.Stat endpointAtStart;
  /** The endpoint's pid over the case (-1: not running, as for the no-op sink). */
  long endpointPid = -1;
  /** The broker's and the endpoint's CPU seconds over the case; NaN when not read (a process gone meanwhile). */
  double brokerCpuSeconds = Double.NaN;
  double endpointCpuSeconds = Double.NaN;
  /** Lines of their own below the table (the backlog's heap, the restart's duplicates). */
  final List<String> extras = new ArrayList<>();

  CaseResult(BenchCase benchCase) {
    this.benchCase = benchCase;
  }

  /** Records the machine's busy share since {@link #machineStart}. */
  void machineEnd(long[] now) {
    if (machineStart != null && now[1] > machineStart[1]) {
      machineBusy = (now[0] - machineStart[0]) / (double) (now[1] - machineStart[1]);
    }
  }

  double eventsPerSecond() {
    return seconds > 0 ? delivered / seconds : Double.NaN;
  }

  /** Worker CPU seconds per 100,000 events. */
  double cpuPer100k() {
    return ProcCpu.per100k(cpuSeconds, delivered);
  }

  /**
   * Worker CPU seconds per 100,000 events without the JIT compilers' threads (a worker that has
   * run a while compiles next to nothing); NaN when their share was not read.
   */
  double cpuPer100kWithoutJit() {
    Double jit = cpuByRole == null ? null : cpuByRole.get(ThreadRoles.JIT);
    return jit == null ? Double.NaN : ProcCpu.per100k(cpuSeconds - jit, delivered);
  }

  /**
   * Admitted requests per second over the configured budget, from the connector's creation (its
   * checks spend the budget too) to the end of the measure; NaN for the no-op sink.
   */
  double budgetUsed() {
    double since = seconds + (Double.isNaN(startupSeconds) ? 0 : startupSeconds);
    return benchCase.noOp() || admitted < 0 || since <= 0 ? Double.NaN : admitted / since / benchCase.budget();
  }
}
