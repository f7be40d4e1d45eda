package io.github.connecthubspot.events.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The run's results as markdown: the table, the ratios to case 1, the extras and the machine. */
final class Results {
  static final String BEGIN = "<!-- bench:results:begin (./bench --write-benchmarks replaces this section) -->";
  static final String END = "<!-- bench:results:end -->";

  private Results() {}

  static String table(List<CaseResult> results) {
    CaseResult floor = results.stream().filter(r -> r.benchCase.noOp() && r.error == null).findFirst().orElse(null);
    List<String> lines = new ArrayList<>();
    lines.add("| # | case | measured | events/s | worker CPU-s per 100k events | latency p50 / p99 (ms)"
        + " | peak heap (MB) | requests | 429s | budget used | events/s ÷ case 1 | CPU per event ÷ case 1"
        + " | the same, JIT compilers left out |");
    lines.add("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (CaseResult r : results) {
      if (r.error != null) {
        lines.add("| " + r.benchCase.id() + " | " + r.benchCase.title() + " | FAILED: " + r.error.replace('|', '/')
            + " | | | | | | | | | | |");
        continue;
      }
      boolean ours = !r.benchCase.noOp();
      lines.add("| " + r.benchCase.id() + " | " + r.benchCase.title() + " | " + r.measured
          + " | " + fmt("%,.0f", r.eventsPerSecond())
          + " | " + fmt("%.2f", r.cpuPer100k())
          + " | " + (ours && r.p50 >= 0 ? r.p50 + " / " + r.p99 : "–")
          + " | " + (r.peakHeapBytes >= 0 ? String.valueOf(r.peakHeapBytes >> 20) : "–")
          + " | " + (ours ? String.valueOf(r.requests) : "–")
          + " | " + (ours ? String.valueOf(r.rateLimited) : "–")
          + " | " + (ours ? fmt("%.2f", r.budgetUsed()) : "–")
          + " | " + (floor == null ? "–" : fmt("%.2f", r.eventsPerSecond() / floor.eventsPerSecond()))
          + " | " + (floor == null ? "–" : fmt("%.2f", r.cpuPer100k() / floor.cpuPer100k()))
          + " | " + (floor == null ? "–" : ratio(r.cpuPer100kWithoutJit(), floor.cpuPer100kWithoutJit())) + " |");
    }
    return String.join("\n", lines);
  }

  /** {@code a / b} with two decimals, or "–" when either is unknown. */
  private static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b <= 0 ? "–" : fmt("%.2f", a / b);
  }

  /** One line per case: how long, how many, the startup. */
  static String details(List<CaseResult> results) {
    List<String> lines = new ArrayList<>();
    for (CaseResult r : results) {
      if (r.error != null) {
        lines.add("- Case " + r.benchCase.id() + ": FAILED: " + r.error);
        continue;
      }
      lines.add("- Case " + r.benchCase.id() + ": " + String.format(Locale.ROOT, "%,d", r.delivered) + " events in "
          + fmt("%.1f", r.seconds) + " s (" + r.measured + "), " + fmt("%.1f", r.cpuSeconds) + " worker CPU-s; "
          + fmt("%.1f", r.startupSeconds) + " s from creating the connector to its first record; the machine's"
          + " CPUs (broker, worker, endpoint and all else) " + fmt("%.0f", r.machineBusy * 100) + "% busy"
          + (r.benchCase.noOp() ? "" : "; " + r.admitted + " send requests admitted (not 429) for a budget of "
              + fmt("%.0f", r.benchCase.budget()) + "/s over " + fmt("%.1f", r.seconds + r.startupSeconds)
              + " s from the connector's creation; answers by status (definition reads included): " + r.statuses)
          + (r.cpuByRole == null ? "" : "; worker CPU by thread: " + ThreadRoles.describe(r.cpuByRole))
          + "; the other processes' CPU over the case: " + otherProcesses(r));
    }
    return String.join("\n", lines);
  }

  /**
   * "broker 1.2 s (0.60 CPU-s per 100k events), local HubSpot endpoint ...": their CPU over the
   * case (from {@code /proc}), "n/a" for a process that could not be read at both moments.
   */
  static String otherProcesses(CaseResult r) {
    String broker = "broker " + (Double.isNaN(r.brokerCpuSeconds) ? "n/a (not readable at both moments)"
        : fmt("%.1f", r.brokerCpuSeconds) + " s (" + fmt("%.2f", ProcCpu.per100k(r.brokerCpuSeconds, r.delivered))
            + " CPU-s per 100k events)");
    String endpoint = "local HubSpot endpoint ";
    if (r.benchCase.noOp()) {
      endpoint += "not used";
    } else if (Double.isNaN(r.endpointCpuSeconds)) {
      endpoint += "n/a (not running, or ended or started again during the case)";
    } else {
      endpoint += fmt("%.1f", r.endpointCpuSeconds) + " s ("
          + fmt("%.2f", ProcCpu.per100k(r.endpointCpuSeconds, r.delivered)) + " CPU-s per 100k)";
    }
    return broker + ", " + endpoint;
  }

  static String fmt(String format, double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, format, v);
  }

  /** Replaces what lies between {@link #BEGIN} and {@link #END} in {@code file} with {@code section}. */
  static void replaceSection(Path file, String section) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(file + " has no section between " + BEGIN + " and " + END);
    }
    Files.writeString(file, text.substring(0, begin + BEGIN.length()) + "\n" + section.strip() + "\n"
        + text.substring(end), StandardCharsets.UTF_8);
  }
}
