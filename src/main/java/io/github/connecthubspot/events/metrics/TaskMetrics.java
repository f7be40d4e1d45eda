package io.github.connecthubspot.events.metrics;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The metrics of one task. Written by the task thread, the dispatcher and the sender threads
 * (adders, no locks on the record path), read over JMX ({@link HubSpotTaskMetricsMBean}), through
 * the worker's plugin metrics, and by the task's summary line once a minute ({@link #roll}).
 */
public final class TaskMetrics implements HubSpotTaskMetricsMBean {
  /** How many recent requests the latency figures cover. */
  static final int LATENCY_SAMPLES = 1024;
  /** Distinct dead-letter reasons counted; more fall under {@link #OTHER_REASONS}. */
  static final int MAX_REASONS = 64;
  static final String OTHER_REASONS = "(other reasons)";
  private static final int MAX_REASON_LENGTH = 160;

  private final LongAdder received = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder dryRunBatches = new LongAdder();
  private volatile LongSupplier undefinedPropertiesDropped = () -> 0;
  private final LongAdder requests = new LongAdder();
  private final LongAdder occurrencesSent = new LongAdder();
  private final Map<RequestOutcome, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final LongAdder retries = new LongAdder();
  private final LongAdder heldByBudgetMs = new LongAdder();
  private final LongAdder heldByHubSpotMs = new LongAdder();
  private final RecentValues latencies = new RecentValues(LATENCY_SAMPLES);
  private final LongAdder lagSumMs = new LongAdder();
  private final LongAdder lagCount = new LongAdder();
  private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
  private volatile Window current = new Window(-1);
  private volatile Window previous;
  private volatile IntSupplier inFlight = () -> 0;
  private volatile IntSupplier buffered = () -> 0;
  private volatile LongSupplier bufferedBytes = () -> 0;
  private volatile String lastErrorClass = "";
  private volatile long lastErrorMs = -1;

  public TaskMetrics() {
    for (RequestOutcome o : RequestOutcome.values()) {
      outcomes.put(o, new LongAdder());
    }
  }

  /**
   * Where the gauges read from: requests in flight, records held (not yet committable) and the
   * estimated bytes they take.
   */
  public void gauges(IntSupplier inFlight, IntSupplier buffered, LongSupplier bufferedBytes) {
    this.inFlight = inFlight;
    this.buffered = buffered;
    this.bufferedBytes = bufferedBytes;
  }

  // ---------------------------------------------------------------- recording

  public void received(int records) {
    received.add(records);
  }

  public void delivered(int records) {
    delivered.add(records);
    current.delivered.add(records);
  }

  /** One record went to the errant-record reporter, for {@code reason} (a rule, never a value). */
  public void deadLettered(String reason) {
    deadLettered.increment();
    Window w = current;
    w.deadLettered.increment();
    String key = reasonKey(reason);
    count(reasons, key);
    count(w.reasons, key);
  }

  private static void count(Map<String, LongAdder> counts, String key) {
    LongAdder count = counts.get(key);
    if (count == null) {
      count = counts.computeIfAbsent(counts.size() >= MAX_REASONS ? OTHER_REASONS : key,
          k -> new LongAdder());
    }
    count.increment();
  }

  public void skipped() {
    skipped.increment();
  }

  /** A batch was not sent: {@code hubspot.dry.run=true}. */
  public void dryRunBatch() {
    dryRunBatches.increment();
  }

  /** Where the count of properties dropped as undefined by the event's definition is read. */
  public void undefinedPropertiesDroppedFrom(LongSupplier source) {
    this.undefinedPropertiesDropped = Objects.requireNonNull(source, "source");
  }

  /** A request of {@code occurrences} occurrences ended with {@code outcome} after {@code latencyMs}. */
  public void request(int occurrences, long latencyMs, RequestOutcome outcome) {
    requests.increment();
    occurrencesSent.add(occurrences);
    outcomes.get(outcome).increment();
    latencies.add(Math.max(0, latencyMs));
    if (outcome == RequestOutcome.RATE_LIMITED) {
      current.rateLimited.increment();
    }
  }

  /** A request will be sent again (a transient failure or a rate limit). */
  public void retried() {
    retries.increment();
    current.retries.increment();
  }

  public void heldByBudget(long ms) {
    heldByBudgetMs.add(ms);
  }

  public void heldByHubSpot(long ms) {
    heldByHubSpotMs.add(ms);
  }

  /** Records accepted at {@code acceptedMs} whose Kafka timestamps summed to {@code timestampSum}. */
  public void lag(int records, long timestampSum, long maxLagMs, long acceptedMs) {
    if (records <= 0) {
      return;
    }
    lagSumMs.add(records * acceptedMs - timestampSum);
    lagCount.add(records);
    current.lagMaxMs.accumulate(maxLagMs);
  }

  /** The last failure: a request that failed, or the task's own. */
  public void error(String errorClass, long atMs) {
    lastErrorClass = errorClass;
    lastErrorMs = atMs;
  }

  /** The text under which a dead-letter reason is counted: its rule, without per-request ids. */
  static String reasonKey(String reason) {
    String r = reason == null ? "(no message)" : reason;
    int id = r.indexOf(" [correlationId");
    if (id >= 0) {
      r = r.substring(0, id);
    }
    return r.length() > MAX_REASON_LENGTH ? r.substring(0, MAX_REASON_LENGTH) + "..." : r;
  }

  // ---------------------------------------------------------------- the minute's window

  /** What happened during one window (about a minute) of the task's life. */
  public static final class Window {
    final long startMs;
    final LongAdder delivered = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAccumulator lagMaxMs = new LongAccumulator(Math::max, 0);
    final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

    Window(long startMs) {
      this.startMs = startMs;
    }

    public long delivered() {
      return delivered.sum();
    }

    public long deadLettered() {
      return deadLettered.sum();
    }

    public long retries() {
      return retries.sum();
    }

    public long rateLimited() {
      return rateLimited.sum();
    }

    public long lagMaxMs() {
      return lagMaxMs.get();
    }

    /** This window's dead-letter reasons, most frequent first, at most {@code n}. */
    public List<Map.Entry<String, Long>> topReasons(int n) {
      return top(reasons, n);
    }

    /** Dead-lettered records over the records that reached an outcome; 0 when none did. */
    public double deadLetterRatio() {
      long done = delivered() + deadLettered();
      return done == 0 ? 0 : (double) deadLettered() / done;
    }
  }

  /** Starts the window at {@code nowMs} when none has started yet. */
  public void startWindow(long nowMs) {
    if (current.startMs < 0) {
      current = new Window(nowMs);
    }
  }

  /** When the current window started. */
  public long windowStartMs() {
    return current.startMs;
  }

  /** Ends the current window at {@code nowMs} and starts the next; returns the one that ended. */
  public Window roll(long nowMs) {
    Window ended = current;
    previous = ended;
    current = new Window(nowMs);
    return ended;
  }

  /** The reasons records were dead-lettered, most frequent first, at most {@code n}. */
  public List<Map.Entry<String, Long>> topReasons(int n) {
    return top(reasons, n);
  }

  private static List<Map.Entry<String, Long>> top(Map<String, LongAdder> counts, int n) {
    return counts.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue().sum()))
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .collect(Collectors.toList());
  }

  /** "3 x reason; 1 x other reason". */
  public static String describe(List<Map.Entry<String, Long>> top) {
    return top.stream().map(e -> e.getValue() + " x " + e.getKey()).collect(Collectors.joining("; "));
  }

  // ---------------------------------------------------------------- reading (JMX and plugin metrics)

  @Override
  public long getRecordsReceived() {
    return received.sum();
  }

  @Override
  public long getRecordsDelivered() {
    return delivered.sum();
  }

  @Override
  public long getRecordsDeadLettered() {
    return deadLettered.sum();
  }

  @Override
  public long getRecordsSkipped() {
    return skipped.sum();
  }

  @Override
  public long getDryRunBatches() {
    return dryRunBatches.sum();
  }

  @Override
  public long getUndefinedPropertiesDropped() {
    return undefinedPropertiesDropped.getAsLong();
  }

  @Override
  public long getRequests() {
    return requests.sum();
  }

  @Override
  public long getRequestsSucceeded() {
    return outcomes.get(RequestOutcome.SUCCEEDED).sum();
  }

  @Override
  public long getRequests400() {
    return outcomes.get(RequestOutcome.CLIENT_ERROR).sum();
  }

  @Override
  public long getRequests429() {
    return outcomes.get(RequestOutcome.RATE_LIMITED).sum();
  }

  @Override
  public long getRequests5xx() {
    return outcomes.get(RequestOutcome.SERVER_ERROR).sum();
  }

  @Override
  public long getRequestsIoError() {
    return outcomes.get(RequestOutcome.IO_ERROR).sum();
  }

  @Override
  public long getRequestsTimeout() {
    return outcomes.get(RequestOutcome.TIMEOUT).sum();
  }

  @Override
  public long getRequestsOtherError() {
    return outcomes.get(RequestOutcome.OTHER).sum();
  }

  @Override
  public long getRetries() {
    return retries.sum();
  }

  @Override
  public long getHeldByBudgetMs() {
    return heldByBudgetMs.sum();
  }

  @Override
  public long getHeldByHubSpotMs() {
    return heldByHubSpotMs.sum();
  }

  @Override
  public double getBatchSizeAvg() {
    long n = requests.sum();
    return n == 0 ? 0 : (double) occurrencesSent.sum() / n;
  }

  @Override
  public double getRequestLatencyAvgMs() {
    return latencies.average();
  }

  @Override
  public long getRequestLatencyP99Ms() {
    return latencies.percentile(99);
  }

  @Override
  public int getRequestsInFlight() {
    return inFlight.getAsInt();
  }

  @Override
  public int getBufferedRecords() {
    return buffered.getAsInt();
  }

  @Override
  public long getBufferedBytes() {
    return bufferedBytes.getAsLong();
  }

  @Override
  public double getDeliveryLagAvgMs() {
    long n = lagCount.sum();
    return n == 0 ? 0 : (double) lagSumMs.sum() / n;
  }

  /** The largest delivery lag of this minute and the last. */
  @Override
  public long getDeliveryLagMaxMs() {
    Window p = previous;
    return Math.max(current.lagMaxMs(), p == null ? 0 : p.lagMaxMs());
  }

  /** Of the last full minute (of this one until a minute has passed). */
  @Override
  public double getDeadLetterRatio() {
    Window p = previous;
    return (p == null ? current : p).deadLetterRatio();
  }

  @Override
  public String getTopDeadLetterReasons() {
    return describe(topReasons(5));
  }

  @Override
  public String getLastErrorClass() {
    return lastErrorClass;
  }

  @Override
  public String getLastErrorTime() {
    long at = lastErrorMs;
    return at < 0 ? "" : Instant.ofEpochMilli(at).toString();
  }
}
