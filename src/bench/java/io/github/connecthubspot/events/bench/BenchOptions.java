package io.github.connecthubspot.events.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line of {@code ./bench}. */
final class BenchOptions {
  static final String USAGE = String.join("\n",
      "Usage: ./bench [--records N] [--window SECONDS] [--cases LIST] [--backlog N] [--restart]",
      "               [--no-warmup] [--profile] [--write-benchmarks] [--no-build] [--help]",
      "",
      "Starts a Kafka 4.3.1 broker, a Connect worker and the local HubSpot endpoint (separate JVMs on",
      "127.0.0.1, logs under target/bench/), loads N records into a topic of 3 partitions, runs each case",
      "on them with a fresh connector, prints a table and writes target/bench/results.md.",
      "",
      "  --records N         records loaded first and drained by each case (default 200000)",
      "  --window SECONDS    how long the budget cases (5a, 5b) and --backlog measure (default 60)",
      "  --cases LIST        which of 1,2,3,4,5a,5b to run, comma-separated (default all)",
      "  --backlog N         also: our defaults on a backlog of N records (e.g. 1000000), for the worker's heap",
      "  --restart           also: a REST restart of a busy connector; how many records HubSpot got twice",
      "  --no-warmup         skip the warm-up (the no-op sink once, then case 2's settings twice, over the topic; not reported)",
      "  --profile           record each case with JDK Flight Recorder (target/bench/case-<id>.jfr)",
      "                      and print where the worker's stack samples went, by thread and method",
      "  --write-benchmarks  also replace the results section of BENCHMARKS.md with this run's",
      "  --no-build          use target/ as it is (never run mvn package)",
      "  --help              this text",
      "",
      "See BENCHMARKS.md for what each case and column means.");

  static final List<String> ALL_CASES = List.of("1", "2", "3", "4", "5a", "5b");

  int records = 200_000;
  int windowSeconds = 60;
  Set<String> cases = new LinkedHashSet<>(ALL_CASES);
  long backlog;
  boolean restart;
  boolean writeBenchmarks;
  boolean warmUp = true;
  boolean profile;

  /** Parses; IllegalArgumentException with the reason for a bad option. */
  static BenchOptions parse(String... args) {
    BenchOptions o = new BenchOptions();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--records":
          o.records = (int) positive(arg, value(args, ++i, arg), 10_000_000);
          break;
        case "--window":
          o.windowSeconds = (int) positive(arg, value(args, ++i, arg), 3_600);
          break;
        case "--backlog":
          o.backlog = positive(arg, value(args, ++i, arg), 100_000_000);
          break;
        case "--cases":
          o.cases = new LinkedHashSet<>();
          for (String c : value(args, ++i, arg).split(",")) {
            String id = c.trim();
            if (!ALL_CASES.contains(id)) {
              throw new IllegalArgumentException("--cases: unknown case '" + id + "' (cases: " + ALL_CASES + ")");
            }
            o.cases.add(id);
          }
          break;
        case "--restart":
          o.restart = true;
          break;
        case "--no-warmup":
          o.warmUp = false;
          break;
        case "--write-benchmarks":
          o.writeBenchmarks = true;
          break;
        case "--profile":
          o.profile = true;
          break;
        default:
          throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return o;
  }

  /** The options as given, for the results ("./bench --records 200000 ..."). */
  List<String> describe() {
    List<String> out = new ArrayList<>(List.of("--records", String.valueOf(records), "--window",
        String.valueOf(windowSeconds)));
    if (!cases.equals(new LinkedHashSet<>(ALL_CASES))) {
      out.add("--cases");
      out.add(String.join(",", cases));
    }
    if (backlog > 0) {
      out.add("--backlog");
      out.add(String.valueOf(backlog));
    }
    if (restart) {
      out.add("--restart");
    }
    if (!warmUp) {
      out.add("--no-warmup");
    }
    if (profile) {
      out.add("--profile");
    }
    return out;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static long positive(String option, String value, long max) {
    long n;
    try {
      n = Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " wants a number, got '" + value + "'");
    }
    if (n < 1 || n > max) {
      throw new IllegalArgumentException(option + " must be between 1 and " + max + ", got " + n);
    }
    return n;
  }
}
