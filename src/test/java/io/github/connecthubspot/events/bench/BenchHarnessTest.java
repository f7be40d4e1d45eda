package io.github.connecthubspot.events.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's pure parts: options, /proc parsing, the table and BENCHMARKS.md's section (the run itself is ./bench). */
class BenchHarnessTest {

  @Test
  void cpuTicksAreUtimePlusStimeEvenWhenTheNameHoldsSpacesAndParentheses() {
    String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 123 0 0 0 1500 250 7 8 20 0 42 0 99 0 0";
    assertThat(WorkerGauges.cpuTicks(stat)).isEqualTo(1750);
    assertThatThrownBy(() -> WorkerGauges.cpuTicks("garbage")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void workerCpuByThreadRoleAndTheRestToTheJvm() {
    assertThat(ThreadRoles.role("task-thread-bench-2-abc-0")).isEqualTo(ThreadRoles.TASK);
    assertThat(ThreadRoles.role("hubspot-bench-2-abc-1-sender-7")).isEqualTo(ThreadRoles.SENDERS);
    assertThat(ThreadRoles.role("hubspot-bench-2-abc-1-dispatcher")).isEqualTo(ThreadRoles.DISPATCHER);
    assertThat(ThreadRoles.role("kafka-producer-network-thread | connector-dlq")).isEqualTo(ThreadRoles.KAFKA);
    assertThat(ThreadRoles.role("qtp12345-42")).isEqualTo(ThreadRoles.OTHER);

    Map<Long, ThreadRoles.ThreadTime> before = Map.of(
        1L, new ThreadRoles.ThreadTime("task-thread-x-0", 1_000_000_000L),
        2L, new ThreadRoles.ThreadTime("hubspot-x-1-sender-1", 0));
    Map<Long, ThreadRoles.ThreadTime> after = Map.of(
        1L, new ThreadRoles.ThreadTime("task-thread-x-0", 2_500_000_000L),
        2L, new ThreadRoles.ThreadTime("hubspot-x-1-sender-1", 300_000_000L),
        3L, new ThreadRoles.ThreadTime("hubspot-x-1-sender-2", 200_000_000L)); // born meanwhile
    Map<String, Double> seconds = ThreadRoles.between(before, after, 3.0);
    assertThat(seconds.get(ThreadRoles.TASK)).isEqualTo(1.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(seconds.get(ThreadRoles.SENDERS)).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(seconds.get(ThreadRoles.JVM)).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ThreadRoles.describe(seconds)).startsWith(ThreadRoles.TASK + " 1.50 s (50%), "
        + ThreadRoles.SENDERS + " 0.50 s (17%)").endsWith(ThreadRoles.JVM + " 1.00 s (33%)");
  }

  @Test
  void optionsAndTheirDescription() {
    BenchOptions defaults = BenchOptions.parse();
    assertThat(defaults.records).isEqualTo(200_000);
    assertThat(defaults.describe()).containsExactly("--records", "200000", "--window", "60");

    BenchOptions o = BenchOptions.parse("--records", "1_000", "--cases", "1, 5b", "--backlog", "1000000",
        "--restart", "--no-warmup", "--window", "30");
    assertThat(o.cases).containsExactly("1", "5b");
    assertThat(o.describe()).containsExactly("--records", "1000", "--window", "30", "--cases", "1,5b",
        "--backlog", "1000000", "--restart", "--no-warmup");

    assertThatThrownBy(() -> BenchOptions.parse("--cases", "6")).hasMessageContaining("unknown case '6'");
    assertThatThrownBy(() -> BenchOptions.parse("--records", "0")).hasMessageContaining("between 1 and");
    assertThatThrownBy(() -> BenchOptions.parse("--records")).hasMessage("--records needs a value");
    assertThatThrownBy(() -> BenchOptions.parse("--fast")).hasMessage("unknown option --fast");
  }

  @Test
  void tableWithRatiosToTheNoOpSink() {
    CaseResult floor = result(new BenchCase("1", "no-op", true, Map.of(), List.of(), 0, false), 200_000, 2.0, 2.0);
    CaseResult ours = result(new BenchCase("2", "ours", false, Map.of(), List.of(), 4, false), 200_000, 8.0, 6.0);
    ours.admitted = 24;
    ours.requests = 26;
    ours.rateLimited = 0;
    ours.p50 = 12;
    ours.p99 = 90;
    CaseResult failed = new CaseResult(new BenchCase("3", "broken", false, Map.of(), List.of(), 8, false));
    failed.error = "task 0 failed: a|b";
    floor.cpuByRole = Map.of(ThreadRoles.JIT, 1.0); // 1 of its 2 CPU-s compiling
    ours.cpuByRole = Map.of(ThreadRoles.JIT, 2.0); // 2 of its 6

    String table = Results.table(List.of(floor, ours, failed));
    assertThat(table).contains("| 1 | no-op | drain | 100,000 | 1.00 | – | 1 | – | – | – | 1.00 | 1.00 | 1.00 |");
    assertThat(table).contains("| 2 | ours | drain | 25,000 | 3.00 | 12 / 90 | 1 | 26 | 0 | 0.75 | 0.25 | 3.00 | 4.00 |");
    floor.cpuByRole = null; // its JIT unknown: no ratio without it
    assertThat(Results.table(List.of(floor, ours))).contains("| 0.25 | 3.00 | – |");
    assertThat(table).contains("| 3 | broken | FAILED: task 0 failed: a/b |");
  }

  @Test
  void replacesOnlyTheResultsSection(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("BENCHMARKS.md");
    Files.writeString(file, "# B\n\nintro\n\n" + Results.BEGIN + "\nold\n" + Results.END + "\n\ntail\n");
    Results.replaceSection(file, "| new |\n");
    assertThat(Files.readString(file))
        .isEqualTo("# B\n\nintro\n\n" + Results.BEGIN + "\n| new |\n" + Results.END + "\n\ntail\n");
    Files.writeString(file, "no markers");
    assertThatThrownBy(() -> Results.replaceSection(file, "x")).hasMessageContaining("has no section");
  }

  private static CaseResult result(BenchCase c, long delivered, double seconds, double cpuSeconds) {
    CaseResult r = new CaseResult(c);
    r.delivered = delivered;
    r.seconds = seconds;
    r.cpuSeconds = cpuSeconds;
    r.measured = "drain";
    r.peakHeapBytes = 1L << 20;
    return r;
  }
}
