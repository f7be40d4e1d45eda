package io.github.connecthubspot.events.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.connecthubspot.events.quickstart.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one case on the running stack: the endpoint in the case's mode, the probe and the heap
 * peaks reset, a fresh connector created, then either the whole topic drained or a window
 * measured, and the connector deleted again.
 *
 * <p>Every case is measured from the moment its first record reaches the task (the first
 * {@code StampArrival} stamp), so the connector's and the consumer group's startup, the same for
 * every case, is left out. A drain ends at the last acceptance (ours: the endpoint's last
 * acceptance; the no-op: its last {@code put}); a window ends {@code --window} seconds later.
 * Worker CPU is read from {@code /proc} when the first stamp is seen and when the end is seen, and
 * at the same two moments the CPU of each of its threads, of the broker and of the endpoint.
 */
final class CaseRunner {
  private static final long POLL_MILLIS = 25;
  private static final long FIRST_RECORD_POLL_MILLIS = 5;
  private static final long STATUS_EVERY_MILLIS = 2_000;
  private static final long PROGRESS_EVERY_MILLIS = 10_000;
  private static final long MIB = 1 << 20;

  private final Consumer<String> step;
  private final Http http;
  private final String rest;
  private final Endpoint endpoint;
  private final WorkerGauges gauges;
  private final String runId;
  private final long brokerPid;
  /** Where {@code --profile} writes each case's recording of the worker (null: no profiling). */
  private Path profiles;
  private long workerPid;

  CaseRunner(Consumer<String> step, Http http, String rest, Endpoint endpoint, WorkerGauges gauges, String runId,
      long brokerPid) {
    this.step = step;
    this.http = http;
    this.rest = rest;
    this.endpoint = endpoint;
    this.gauges = gauges;
    this.runId = runId;
    this.brokerPid = brokerPid;
  }

  /** Records each case of the worker {@code pid} with JDK Flight Recorder into {@code dir}. */
  CaseRunner profiling(Path dir, long pid) {
    this.profiles = dir;
    this.workerPid = pid;
    return this;
  }

  /** One of the standard cases on {@code expected} records of {@code topic}. */
  CaseResult run(BenchCase c, String topic, long expected, int windowSeconds) {
    CaseResult r = new CaseResult(c);
    String name = connectorName(c);
    try {
      if (!c.noOp()) {
        endpoint.ensure(c.endpointOptions()); // before a recording starts: not in it
      }
      Profile profile = profiles == null ? null
          : Profile.start(workerPid, profiles.resolve("case-" + c.id() + ".jfr"), "bench-case-" + c.id());
      long first = start(c, name, topic, r);
      if (c.windowed()) {
        window(c, name, first, expected, windowSeconds, r, null);
      } else {
        drain(c, name, first, expected, r);
      }
      if (profile != null) {
        List<String> lines = profile.stop();
        r.extras.add("Profile (case " + c.id() + ", recorded in case-" + c.id() + ".jfr beside the logs, from"
            + " creating the connector to the end of the measure): " + String.join("\n  - ", lines));
      }
    } catch (Exception e) {
      r.error = e.getMessage() == null ? e.toString() : e.getMessage();
    } finally {
      delete(name);
    }
    summarize(r);
    return r;
  }

  /**
   * The no-op sink once, then case 2's settings twice, each over the whole topic, not reported: the
   * worker's JIT compiles Connect's code paths with both sinks behind them, and ours, before
   * anything is measured, as in a worker that has been running a while. Warming up only ours would
   * leave the no-op's case to pay for compiling (and recompiling Connect's paths for a second sink)
   * while it is measured; one pass of ours still left much of its compiling to the cases.
   */
  void warmUp(String topic, long expected) throws Exception {
    warmUp(new BenchCase("W1", "warm-up (the no-op sink; not reported)", true, Map.of("tasks.max", "1"),
        List.of("--no-rate-limits"), 0, false), topic, expected);
    for (String id : List.of("W2", "W3")) {
      warmUp(new BenchCase(id, "warm-up (ours, budget out of the way; not reported)", false,
          Map.of("tasks.max", "1", "rate.limit.requests.per.second", "1000"), List.of("--no-rate-limits"),
          1000, false), topic, expected);
    }
  }

  private void warmUp(BenchCase c, String topic, long expected) throws Exception {
    CaseResult r = new CaseResult(c);
    String name = connectorName(c);
    try {
      drain(c, name, start(c, name, topic, r), expected, r);
    } finally {
      delete(name);
    }
    summarize(r);
  }

  /** Our defaults on a backlog of {@code n} records for a window: the worker's heap along the way. */
  CaseResult backlog(String topic, long n, int windowSeconds) {
    BenchCase c = new BenchCase("B", String.format("ours, defaults, backlog of %,d records", n), false,
        Map.of("tasks.max", "1"), List.of(), BenchCase.DEFAULT_BUDGET, true);
    CaseResult r = new CaseResult(c);
    String name = connectorName(c);
    try {
      endpoint.ensure(c.endpointOptions());
      long baseline = gauges.liveHeapBytesAfterGc();
      long first = start(c, name, topic, r);
      long[] maxLive = {0};
      window(c, name, first, n, windowSeconds, r, () -> maxLive[0] = Math.max(maxLive[0], gauges.liveHeapBytesAfterGc()));
      maxLive[0] = Math.max(maxLive[0], gauges.liveHeapBytesAfterGc());
      long held = maxLive[0] - baseline;
      r.extras.add(String.format("Backlog (case B): %,d records waiting, our defaults, %d s: the worker's heap in use"
          + " after a full GC (forced over JMX every 10 s) was at most %d MiB, %d MiB before the connector was"
          + " created, so about %d MiB held by the connector's task: %s 256 MiB. Peak heap %d MiB (the young"
          + " generation filling between collections, with -Xmx%s).", n, windowSeconds, maxLive[0] / MIB,
          baseline / MIB, held / MIB, held < 256 * MIB ? "under" : "NOT under", r.peakHeapBytes / MIB,
          Bench.WORKER_HEAP));
    } catch (Exception e) {
      r.error = e.getMessage() == null ? e.toString() : e.getMessage();
    } finally {
      delete(name);
    }
    summarize(r);
    return r;
  }

  /** Case 2's settings, with a REST restart of the connector and its tasks once half is accepted. */
  CaseResult restart(String topic, long n) {
    BenchCase c = new BenchCase("R", "ours, budget out of the way, REST restart halfway", false,
        Map.of("tasks.max", "1", "rate.limit.requests.per.second", "1000"), List.of("--no-rate-limits"), 1000, false);
    CaseResult r = new CaseResult(c);
    String name = connectorName(c);
    try {
      long first = start(c, name, topic, r);
      Bench.await("half of the records to be accepted", Duration.ofSeconds(120 + n / 500),
          () -> delivered(c, name) >= n / 2);
      long before = delivered(c, name);
      http.expect("POST", rest + "/connectors/" + name + "/restart?includeTasks=true", null, 200, 202, 204);
      step.accept(String.format("Case R: restarted %s (POST /connectors/%s/restart?includeTasks=true) after %,d"
          + " accepted", name, name, before));
      drain(c, name, first, n, r);
      Thread.sleep(3_000); // anything sent twice late still counts
      JsonNode stats = endpoint.stats();
      long twice = Bench.longAt(stats, "/duplicatesRefused");
      r.extras.add(String.format("Restart (case R): a REST restart of the busy connector (POST"
          + " /connectors/<name>/restart?includeTasks=true) after %,d of %,d records were accepted; HubSpot then"
          + " received %,d records a second time (refused as duplicates of an accepted uuid), and accepted all"
          + " %,d once.", before, n, twice, Bench.longAt(stats, "/occurrencesAccepted")));
    } catch (Exception e) {
      r.error = e.getMessage() == null ? e.toString() : e.getMessage();
    } finally {
      delete(name);
    }
    summarize(r);
    return r;
  }

  // ---------------------------------------------------------------- the steps

  /** Endpoint mode, probe and peaks reset, connector created; answers the first stamp (epoch ms). */
  private long start(BenchCase c, String name, String topic, CaseResult r) throws Exception {
    if (!c.noOp()) {
      endpoint.ensure(c.endpointOptions());
    }
    step.accept("Case " + c.id() + ": " + c.title() + (c.noOp() ? "" : " (endpoint: " + endpoint.mode() + ")"));
    gauges.resetProbe();
    gauges.resetPeaks();
    long created = System.currentTimeMillis();
    ObjectNode body = Http.JSON.createObjectNode();
    body.put("name", name);
    body.set("config", Bench.connectorConfig(c, topic, endpoint.baseUrl()));
    Bench.await("the connector " + name + " to be created", Duration.ofSeconds(60), () -> {
      int status = http.send("POST", rest + "/connectors", body).statusCode();
      if (status == 409) {
        return false; // a rebalance is under way
      }
      if (status != 201) {
        throw new IllegalStateException("POST /connectors answered " + status);
      }
      return true;
    });
    // Polled every few ms, so that the CPU read when the first record is seen misses little work.
    long deadline = System.currentTimeMillis() + 120_000;
    long nextStatus = 0;
    long first;
    while ((first = gauges.probe("FirstStampMillis")) <= 0) {
      long now = System.currentTimeMillis();
      if (now > deadline) {
        throw new IllegalStateException("no record reached " + name + " within 120 s");
      }
      if (now >= nextStatus) {
        failIfFailed(name);
        nextStatus = now + STATUS_EVERY_MILLIS;
      }
      Thread.sleep(FIRST_RECORD_POLL_MILLIS);
    }
    // The same order as at the end (endReadings): each reading spans as long as the process's, a moment later.
    r.cpuSeconds = -gauges.cpuSeconds();
    r.procThreadsAtStart = gauges.procThreads();
    r.threadsAtStart = gauges.threadTimes();
    r.brokerAtStart = ProcCpu.process(brokerPid);
    r.endpointPid = c.noOp() ? -1 : endpoint.pid(); // the endpoint may have been started again for this case
    r.endpointAtStart = ProcCpu.process(r.endpointPid);
    r.machineStart = WorkerGauges.machineTicks();
    r.startupSeconds = (first - created) / 1000.0;
    return first;
  }

  /** Until {@code expected} records are delivered; the time from the first stamp to the last delivery. */
  private void drain(BenchCase c, String name, long first, long expected, CaseResult r) throws Exception {
    long deadline = System.currentTimeMillis() + (120 + expected / 500) * 1000;
    long nextStatus = 0;
    long nextProgress = System.currentTimeMillis() + PROGRESS_EVERY_MILLIS;
    long delivered;
    while ((delivered = delivered(c, name)) < expected) {
      long now = System.currentTimeMillis();
      if (now > deadline) {
        throw new IllegalStateException(String.format("only %,d of %,d delivered after %d s", delivered, expected,
            (now - first) / 1000));
      }
      if (now >= nextStatus) {
        failIfFailed(name);
        nextStatus = now + STATUS_EVERY_MILLIS;
      }
      if (now >= nextProgress) {
        step.accept(String.format("  %,d of %,d delivered", delivered, expected));
        nextProgress = now + PROGRESS_EVERY_MILLIS;
      }
      Thread.sleep(POLL_MILLIS);
    }
    endReadings(r);
    long last;
    if (c.noOp()) {
      last = gauges.probe("LastPutMillis");
    } else {
      JsonNode stats = endpoint.stats();
      last = Bench.longAt(stats, "/acceptance/lastAtMillis");
      counts(stats, r);
    }
    r.delivered = delivered;
    r.seconds = Math.max(1, last - first) / 1000.0;
    r.measured = "drain";
    r.peakHeapBytes = gauges.peakHeapBytes();
  }

  interface Sample {
    void take() throws Exception;
  }

  /** {@code seconds} from the first stamp (or the drain, if the records run out first). */
  private void window(BenchCase c, String name, long first, long expected, int seconds, CaseResult r, Sample every10s)
      throws Exception {
    long end = first + seconds * 1000L;
    long nextStatus = 0;
    long nextSample = first + 10_000;
    long nextProgress = System.currentTimeMillis() + PROGRESS_EVERY_MILLIS;
    long now;
    while ((now = System.currentTimeMillis()) < end) {
      long delivered = delivered(c, name);
      if (delivered >= expected) {
        drain(c, name, first, expected, r);
        r.measured = "drain (ran out before the " + seconds + " s window)";
        return;
      }
      if (now >= nextStatus) {
        failIfFailed(name);
        nextStatus = now + STATUS_EVERY_MILLIS;
      }
      if (every10s != null && now >= nextSample) {
        every10s.take();
        nextSample += 10_000;
      }
      if (now >= nextProgress) {
        step.accept(String.format("  %,d delivered, %d of %d s", delivered, (now - first) / 1000, seconds));
        nextProgress = now + PROGRESS_EVERY_MILLIS;
      }
      Thread.sleep(Math.max(1, Math.min(500, end - System.currentTimeMillis())));
    }
    JsonNode stats = c.noOp() ? null : endpoint.stats();
    endReadings(r);
    r.delivered = c.noOp() ? gauges.probe("Put") : Bench.longAt(stats, "/occurrencesAccepted");
    if (stats != null) {
      counts(stats, r);
    }
    r.seconds = seconds;
    r.measured = seconds + " s window";
    r.peakHeapBytes = gauges.peakHeapBytes();
  }

  /** The end of the measure: the worker's CPU (by thread), the broker's and the endpoint's, the machine's. */
  private void endReadings(CaseResult r) throws Exception {
    r.cpuSeconds += gauges.cpuSeconds();
    // in the order of the start's readings (a JMX round trip before /proc's would let the JIT's count run on)
    Map<Long, ProcCpu.Stat> procThreads = gauges.procThreads();
    Map<Long, ThreadRoles.ThreadTime> threads = gauges.threadTimes();
    ProcCpu.JvmSplit jvm = ProcCpu.jvmSplit(r.procThreadsAtStart, procThreads, gauges.clockTicksPerSecond());
    r.cpuByRole = ThreadRoles.between(r.threadsAtStart, threads, r.cpuSeconds, jvm);
    long ticks = gauges.clockTicksPerSecond();
    r.brokerCpuSeconds = ProcCpu.secondsBetween(r.brokerAtStart, ProcCpu.process(brokerPid), ticks);
    r.endpointCpuSeconds = ProcCpu.secondsBetween(r.endpointAtStart, ProcCpu.process(r.endpointPid), ticks);
    r.machineEnd(WorkerGauges.machineTicks());
  }

  private long delivered(BenchCase c, String name) throws Exception {
    return c.noOp() ? Math.max(0, gauges.probe("Put")) : Bench.longAt(endpoint.stats(), "/occurrencesAccepted");
  }

  /** Requests, 429s, admitted requests and latency from the endpoint's stats. */
  private static void counts(JsonNode stats, CaseResult r) {
    r.requests = Bench.longAt(stats, "/sendRequests");
    r.rateLimited = Bench.longAt(stats, "/requestsByStatus/429");
    // Admitted: every send request not refused with 429, the connector's credential checks (an
    // empty batch, answered 400) included: HubSpot's window counts them, so they spend the budget.
    r.admitted = r.requests - r.rateLimited;
    StringBuilder statuses = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : stats.path("requestsByStatus").properties()) {
      statuses.append(statuses.length() == 0 ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue().asLong());
    }
    r.statuses = statuses.toString();
    r.p50 = stats.at("/acceptance/latencyMillis/p50").asLong(-1);
    r.p99 = stats.at("/acceptance/latencyMillis/p99").asLong(-1);
    long invalid = Bench.longAt(stats, "/occurrencesInvalid");
    if (invalid > 0) {
      r.extras.add("Case " + r.benchCase.id() + ": the endpoint refused " + invalid + " occurrences as invalid.");
    }
  }

  private void failIfFailed(String name) throws Exception {
    var response = http.send("GET", rest + "/connectors/" + name + "/status", null);
    if (response.statusCode() != 200) {
      return;
    }
    JsonNode status = Http.JSON.readTree(response.body());
    if ("FAILED".equals(status.path("connector").path("state").asText())) {
      throw new IllegalStateException("the connector failed: " + firstLine(status.path("connector").path("trace")));
    }
    for (JsonNode t : status.path("tasks")) {
      if ("FAILED".equals(t.path("state").asText())) {
        throw new IllegalStateException("task " + t.path("id").asText() + " failed: " + firstLine(t.path("trace")));
      }
    }
  }

  private void delete(String name) {
    try {
      int status = http.status("DELETE", rest + "/connectors/" + name);
      if (status == 204) {
        Bench.await("the connector " + name + " to be deleted", Duration.ofSeconds(60),
            () -> http.status("GET", rest + "/connectors/" + name) == 404);
      }
    } catch (Exception e) {
      step.accept("  (could not delete " + name + ": " + e.getMessage() + ")");
    }
  }

  private void summarize(CaseResult r) {
    if (r.error != null) {
      step.accept("Case " + r.benchCase.id() + " FAILED: " + r.error);
      return;
    }
    step.accept(String.format("Case %s: %,d events in %.1f s (%s) = %s events/s, %s worker CPU-s per 100k events",
        r.benchCase.id(), r.delivered, r.seconds, r.measured, Results.fmt("%,.0f", r.eventsPerSecond()),
        Results.fmt("%.2f", r.cpuPer100k())));
  }

  private String connectorName(BenchCase c) {
    return "bench-" + c.id() + "-" + runId;
  }

  /** The trace's innermost cause (its last "Caused by:" line), else its first line. */
  private static String firstLine(JsonNode trace) {
    String s = trace.asText();
    String found = null;
    for (String line : s.split("\n")) {
      if (line.startsWith("Caused by: ")) {
        found = line.substring("Caused by: ".length());
      }
    }
    if (found != null) {
      return found;
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
