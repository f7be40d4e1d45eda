package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.client.HubSpotException;
import io.github.connecthubspot.events.client.RateLimitInfo;
import io.github.connecthubspot.events.client.SendResult;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.metrics.RequestOutcome;
import io.github.connecthubspot.events.metrics.TaskMetrics;
import io.github.connecthubspot.events.model.BatchRequest;
import io.github.connecthubspot.events.model.Completion;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The asynchronous delivery step of one task.
 *
 * <p>The task thread only enqueues ({@link #submit}) and reads the {@link OffsetTracker}s. A
 * dispatcher thread forms batches (at {@code batch.size}, or when the oldest occurrence has waited
 * {@code linger.ms}), asks the {@link Throttle} for a permit and hands each batch to a bounded pool
 * of sender threads, at most {@code max.in.flight.requests} at once. Each answer is judged by the
 * {@link RetryPolicy}: retried later (never by sleeping), split in halves to find the occurrences
 * HubSpot refuses, counted as delivered, or turned into the task's failure, which the task thread
 * throws at its next {@link #poll()} (from {@code put()}); {@link #preCommit} stays quiet and commits
 * what is done.
 *
 * <p>Time, the sender executor and the throttle are injected, so tests drive {@link #dispatch()}
 * themselves with a mock clock and a scripted client.
 */
public final class DeliveryEngine implements Delivery {
  private static final Logger log = LoggerFactory.getLogger(DeliveryEngine.class);
  /** While paused, the worker is asked to call {@code put()} at least this often. */
  static final long PAUSED_WAKE_UP_MS = 250;
  /** The dispatcher looks again at least this often, whatever it waits for. */
  private static final long MAX_IDLE_WAIT_MS = 1_000;
  private static final long SHUTDOWN_WAIT_MS = 200;
  /**
   * Requests kept in flight beyond what the rate needs at the latency observed (Little's law:
   * rate x latency), so that an answer slower than the average does not leave the budget idle.
   */
  static final int IN_FLIGHT_HEADROOM = 2;
  /** The weight of the newest answer time in its moving average. */
  private static final double LATENCY_WEIGHT = 0.2;
  /** While a commit waits for its records, it looks again at least this often (reports done elsewhere). */
  private static final long FLUSH_RECHECK_MS = 50;
  private static final String NO_REPORTER_HINT = " (set errors.tolerance=all and"
      + " errors.deadletterqueue.topic.name to route such records to a dead-letter queue)";
  private static final AtomicInteger ENGINES = new AtomicInteger();

  private final DeliverySettings settings;
  private final HubSpotClient client;
  private final ErrantRecordReporter reporter;
  private final PartitionControl partitions;
  private final Time time;
  private final Executor senders;
  private final Throttle throttle;
  private final RetryPolicy policy;
  private final TaskMetrics metrics;
  private Runnable shutdown = () -> { };

  // ---- task thread only (volatile: the metrics read it)
  private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
  private volatile int held;
  /** The estimated heap the held records take. */
  private volatile long heldBytes;
  private boolean overBuffered;
  private boolean paused;

  // ---- guarded by lock
  private final Object lock = new Object();
  private final ArrayDeque<Item> pending = new ArrayDeque<>();
  private final List<Batch> ready = new ArrayList<>();
  private volatile int inFlight;
  /** The batches on the wire, so that stopping waits only for those whose records are still ours. */
  private final Set<Batch> sending = Collections.newSetFromMap(new IdentityHashMap<>());
  private long holdUntilMs;
  /** Until when the daily limit holds every request (the next probe). */
  private long dailyHoldUntilMs;
  private boolean draining;
  /** Occurrences taken up to this time go without waiting for linger.ms (a commit waits for them). */
  private long flushThroughMs = Long.MIN_VALUE;
  /** The moving average of answer times, in ms; negative before the first answer. */
  private double latencyMs = -1;
  /** Answers handled so far: a commit waiting for its records looks again at each. */
  private long answers;
  private boolean closed;
  private boolean signalled;
  /** What holds requests back now, for the metrics ({@link #HELD_BY_BUDGET}...), and since when. */
  private int holdState = NOT_HELD;
  private long holdSinceMs;
  private static final int NOT_HELD = 0;
  private static final int HELD_BY_BUDGET = 1;
  private static final int HELD_BY_HUBSPOT = 2;

  private volatile boolean dailyLimited;
  private volatile ConnectException failure;
  private final Queue<Refusal> refused = new ConcurrentLinkedQueue<>();

  DeliveryEngine(DeliverySettings settings, HubSpotClient client, ErrantRecordReporter reporter,
      PartitionControl partitions, Time time, Executor senders, Throttle throttle,
      DoubleSupplier random) {
    this(settings, client, reporter, partitions, time, senders, throttle, random, new TaskMetrics());
  }

  DeliveryEngine(DeliverySettings settings, HubSpotClient client, ErrantRecordReporter reporter,
      PartitionControl partitions, Time time, Executor senders, Throttle throttle,
      DoubleSupplier random, TaskMetrics metrics) {
    this.settings = settings;
    this.client = client;
    this.reporter = reporter;
    this.partitions = partitions;
    this.time = time;
    this.senders = senders;
    this.throttle = throttle;
    this.policy = new RetryPolicy(settings,
        new Backoff(settings.backoffMs, settings.backoffMaxMs, random));
    this.metrics = metrics;
    metrics.gauges(() -> inFlight, () -> held, () -> heldBytes);
  }

  /**
   * The production engine: {@code max.in.flight.requests} sender threads, Guava's rate limiter at
   * the task's share of the budget, the system clock, and a dispatcher thread.
   */
  public static DeliveryEngine start(DeliverySettings settings, HubSpotClient client,
      ErrantRecordReporter reporter, PartitionControl partitions) {
    return start(settings, client, reporter, partitions, new TaskMetrics());
  }

  /** As above, counting into {@code metrics}. */
  public static DeliveryEngine start(DeliverySettings settings, HubSpotClient client,
      ErrantRecordReporter reporter, PartitionControl partitions, TaskMetrics metrics) {
    String name = "hubspot-" + settings.name + "-" + ENGINES.incrementAndGet();
    AtomicInteger senderIds = new AtomicInteger();
    // Connect's logging context (connector and task) on the task thread, for our threads' lines too.
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    // A thread per request in flight, made when no idle one is there and ended after 30 s idle:
    // the pool follows the requests the budget needs in flight (inFlightTarget()), not the bound.
    // At most maxInFlight are sending; as many again may be between an answer and their next
    // send, so the pool never refuses one.
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 2 * settings.maxInFlight,
        30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> daemon(withMdc(mdc, r),
            name + "-sender-" + senderIds.incrementAndGet()));
    Throttle throttle = new WindowedThrottle(new GuavaThrottle(settings.ratePerSecond),
        new RollingWindow(settings.windowLimit, HubSpotSinkConnectorConfig.BUDGET_WINDOW_MS,
            Time.SYSTEM));
    DeliveryEngine engine = new DeliveryEngine(settings, client, reporter, partitions,
        Time.SYSTEM, pool, throttle, () -> ThreadLocalRandom.current().nextDouble(), metrics);
    Thread dispatcher = daemon(withMdc(mdc, engine::runDispatcher), name + "-dispatcher");
    // Bounded and short: the drain already waited; the threads are daemons, and closing the
    // client right after aborts what a sender may still be doing.
    engine.shutdown = () -> {
      try {
        dispatcher.join(SHUTDOWN_WAIT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      pool.shutdownNow();
    };
    dispatcher.start();
    return engine;
  }

  private static Runnable withMdc(Map<String, String> mdc, Runnable r) {
    return mdc == null ? r : () -> {
      MDC.setContextMap(mdc);
      r.run();
    };
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  // ---------------------------------------------------------------- task thread

  @Override
  public void checkCredentials() {
    checkCredentials(client);
  }

  /**
   * Asks HubSpot through {@code client} whether it takes the credentials, creating no event.
   *
   * @throws ConnectException naming the settings to fix when HubSpot refused them
   */
  public static void checkCredentials(HubSpotClient client) {
    try {
      client.checkCredentials();
    } catch (HubSpotException e) {
      throw new ConnectException(RetryPolicy.credentialsRefused(e), e);
    }
  }

  @Override
  public void submit(SinkRecord record, Completion completion) {
    Item item = new Item(record, completion, Item.PENDING, time.milliseconds());
    track(item);
    synchronized (lock) {
      pending.addLast(item);
      if (pending.size() == 1 || pending.size() % settings.batchSize == 0) {
        signal();
      }
    }
  }

  @Override
  public void skip(SinkRecord record) {
    track(new Item(record, null, Item.SKIPPED, time.milliseconds()));
    metrics.skipped();
  }

  @Override
  public void reject(SinkRecord record, RuntimeException reason) {
    if (reporter == null) {
      throw new ConnectException("Record " + record.originalTopic() + "-"
          + record.originalKafkaPartition() + "@" + record.originalKafkaOffset() + " is invalid: "
          + reason.getMessage() + NO_REPORTER_HINT, reason);
    }
    Item item = new Item(record, null, Item.REFUSED, time.milliseconds());
    track(item);
    item.reported(reporter.report(record, reason));
    metrics.deadLettered(reason.getMessage());
  }

  private void track(Item item) {
    trackers.computeIfAbsent(item.partition, tp -> new OffsetTracker()).add(item);
    held++;
    heldBytes += item.heapBytes;
  }

  @Override
  public void poll() {
    throwIfFailed();
    reportRefusals();
    advanceTrackers();
    flowControl();
  }

  private void advanceTrackers() {
    long bytes = 0;
    for (OffsetTracker tracker : trackers.values()) {
      held -= tracker.advance();
      bytes += tracker.bytes();
    }
    heldBytes = bytes;
  }

  private void throwIfFailed() {
    ConnectException f = failure;
    if (f != null) {
      throw new ConnectException(f.getMessage(), f.getCause());
    }
  }

  private void reportRefusals() {
    for (Refusal r = refused.poll(); r != null; r = refused.poll()) {
      SinkRecord record = r.item.record();
      if (r.item.state() != Item.REFUSED || record == null) {
        continue; // its partition was closed
      }
      if (reporter == null) {
        fail(new ConnectException("HubSpot refused record " + r.item.coordinates() + ": "
            + r.reason.getMessage() + NO_REPORTER_HINT, r.reason));
        throwIfFailed();
      }
      r.item.reported(reporter.report(record, r.reason));
      metrics.deadLettered(r.reason.getMessage());
    }
  }

  private void flowControl() {
    if (held >= settings.maxBuffered || heldBytes >= settings.maxBufferedBytes) {
      overBuffered = true;
    } else if (held <= settings.maxBuffered / 2 && heldBytes <= settings.maxBufferedBytes / 2) {
      overBuffered = false;
    }
    // Paused for the daily limit only while some record of ours waits to probe with: once none
    // is left (its partition was revoked), consumption resumes to bring the next probe.
    boolean daily = dailyLimited && held > 0;
    if (overBuffered || daily) {
      if (!paused) {
        log.debug("Pausing consumption: {} record(s), about {} bytes held (max.buffered.records={},"
            + " max.buffered.bytes={}){}", held, heldBytes, settings.maxBuffered,
            settings.maxBufferedBytes, daily ? ", HubSpot's daily limit is reached" : "");
      }
      partitions.pauseAll(); // again at each put(): covers partitions assigned meanwhile
      partitions.wakeUpWithin(PAUSED_WAKE_UP_MS);
      paused = true;
    } else if (paused) {
      log.debug("Resuming consumption: {} record(s) held", held);
      partitions.resumeAll();
      paused = false;
    }
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    try {
      flush(currentOffsets.keySet());
      poll();
    } catch (ConnectException e) {
      // put() throws it (Connect calls put() again right after a commit, and logs it once, as the
      // task's failure); thrown from here too, it would only add "Commit of offsets threw an
      // unexpected exception" to the worker's log. What is done is still safe to commit.
      log.debug("Committing what is done despite the task's failure: {}", e.getMessage());
    }
    Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
    trackers.forEach((tp, tracker) ->
        tracker.committable().ifPresent(o -> safe.put(tp, new OffsetAndMetadata(o))));
    return safe;
  }

  /**
   * What Connect's {@code flush()} promises, bounded: sends what {@code partitions} hold now
   * without waiting for linger.ms, and waits up to stop.drain.timeout.ms for it to be done (or for
   * nothing of it to be able to finish in time: a failure, HubSpot's daily limit or a hold past
   * the deadline). Connect calls preCommit right before it closes partitions (a rebalance, a stop,
   * a restart), so what was taken before is committed instead of sent again by the next owner.
   * The dispatcher keeps sending meanwhile, so a periodic commit costs about one answer's time of
   * a narrower pipeline; the permits saved meanwhile are spent right after (see GuavaThrottle).
   */
  private void flush(Collection<TopicPartition> partitions) {
    if (failure != null || settings.drainTimeoutMs <= 0 || !holdsAny(partitions)) {
      return;
    }
    long deadline = time.milliseconds() + settings.drainTimeoutMs;
    synchronized (lock) {
      flushThroughMs = time.milliseconds();
      signal();
    }
    dispatch();
    while (true) {
      reportRefusals();
      long seen;
      synchronized (lock) {
        seen = answers;
      }
      advanceTrackers();
      if (!holdsAny(partitions) || failure != null) {
        return;
      }
      long now = time.milliseconds();
      boolean canFinish;
      synchronized (lock) {
        canFinish = canFinishBy(deadline, now);
      }
      if (!canFinish || now >= deadline) {
        log.debug("Committing before all was sent: {} record(s) held", held);
        return;
      }
      try {
        time.waitObject(lock, () -> answers != seen || failure != null,
            Math.min(deadline, now + FLUSH_RECHECK_MS));
      } catch (TimeoutException e) {
        // look again: a report may be done, or the deadline passed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean holdsAny(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      OffsetTracker tracker = trackers.get(tp);
      if (tracker != null && tracker.size() > 0) {
        return true;
      }
    }
    return false;
  }

  /** Called with the lock held: whether what is held may still be done by {@code deadline}. */
  private boolean canFinishBy(long deadline, long now) {
    if (dailyLimited || holdUntilMs >= deadline) {
      return false;
    }
    if (inFlight > 0 || !pending.isEmpty() || !refused.isEmpty()) {
      return true;
    }
    for (Batch b : ready) {
      if (b.dueMs < deadline) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close(Collection<TopicPartition> closing) {
    int dropped = 0;
    for (TopicPartition tp : closing) {
      OffsetTracker tracker = trackers.remove(tp);
      if (tracker != null) {
        heldBytes -= tracker.bytes();
        int n = tracker.cancelAll();
        held -= n;
        dropped += n;
      }
    }
    synchronized (lock) {
      pending.removeIf(item -> !item.pending());
      ready.replaceAll(Batch::live);
      ready.removeIf(Objects::isNull);
    }
    log.debug("Closed {} partition(s), dropping {} record(s) not yet done", closing.size(), dropped);
  }

  @Override
  public void close() {
    synchronized (lock) {
      draining = true;
      signal();
    }
    if (failure == null) {
      dispatch();
      try {
        time.waitObject(lock, this::idle, time.milliseconds() + settings.drainTimeoutMs);
      } catch (TimeoutException e) {
        synchronized (lock) {
          log.warn("Stopping with {} occurrence(s) not sent after stop.drain.timeout.ms={}; they"
              + " are not committed and will be sent again", unsent(), settings.drainTimeoutMs);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (lock) {
      closed = true;
      signal();
    }
    shutdown.run();
    client.close();
  }

  /** Called with the lock held. */
  private boolean idle() {
    if (failure != null) {
      return true;
    }
    for (Batch b : sending) {
      if (b.anyPending()) {
        return false;
      }
    }
    return pending.isEmpty() && ready.isEmpty();
  }

  private int unsent() {
    int n = pending.size() + inFlight;
    for (Batch b : ready) {
      n += b.size();
    }
    return n;
  }

  /** Records held by the task: not done, or behind one that is not. */
  int held() {
    return held;
  }

  // ---------------------------------------------------------------- dispatcher

  private void runDispatcher() {
    try {
      while (true) {
        long wakeAtMs = dispatch();
        synchronized (lock) {
          long now = time.milliseconds();
          while (!signalled && !closed && now < wakeAtMs) {
            lock.wait(Math.min(wakeAtMs - now, MAX_IDLE_WAIT_MS));
            now = time.milliseconds();
          }
          signalled = false;
          if (closed) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      fail(new ConnectException("The HubSpot delivery dispatcher failed", e));
    }
  }

  /**
   * Sends every batch that is due and allowed now.
   *
   * @return when something may be due next (epoch ms); sooner when {@link #signal()} is called
   */
  long dispatch() {
    while (true) {
      List<Batch> launch = new ArrayList<>();
      long wakeAtMs;
      synchronized (lock) {
        wakeAtMs = collect(time.milliseconds(), launch);
      }
      if (launch.isEmpty()) {
        return wakeAtMs;
      }
      for (Batch batch : launch) {
        try {
          senders.execute(() -> send(batch));
        } catch (RejectedExecutionException e) { // only once closed
          throttle.answered();
          synchronized (lock) {
            inFlight--;
            sending.remove(batch);
            signal();
          }
        }
      }
    }
  }

  /** Called with the lock held: moves what may go now to {@code launch}. */
  private long collect(long now, List<Batch> launch) {
    if (failure != null || closed) {
      return Long.MAX_VALUE;
    }
    if (now < holdUntilMs) {
      held(earliestDue(now) >= 0 || freshBatchDue(now) ? HELD_BY_HUBSPOT : NOT_HELD, now);
      return holdUntilMs;
    }
    held(NOT_HELD, now);
    int target = inFlightTarget();
    while (inFlight < target && !(dailyLimited && inFlight > 0)) {
      int due = earliestDue(now);
      if (due < 0 && !freshBatchDue(now)) {
        break;
      }
      if (!throttle.tryAcquire()) {
        held(HELD_BY_BUDGET, now);
        return now + throttle.retryDelayMs();
      }
      Batch batch = due >= 0 ? ready.remove(due) : freshBatch(now);
      launch.add(batch);
      sending.add(batch);
      inFlight++;
    }
    if (inFlight >= target || (dailyLimited && inFlight > 0)) {
      return Long.MAX_VALUE; // an answer signals
    }
    long wakeAtMs = Long.MAX_VALUE;
    for (Batch b : ready) {
      wakeAtMs = Math.min(wakeAtMs, b.dueMs);
    }
    if (!pending.isEmpty()) {
      wakeAtMs = Math.min(wakeAtMs, pending.peekFirst().enqueuedAtMs + settings.lingerMs);
    }
    return wakeAtMs;
  }

  /**
   * Called with the lock held: how many requests to keep in flight. Little's law: the budget's
   * rate times the answer time observed (a moving average), plus {@link #IN_FLIGHT_HEADROOM},
   * within max.in.flight.requests; that bound until a first answer is seen.
   */
  int inFlightTarget() {
    if (latencyMs < 0) {
      return settings.maxInFlight;
    }
    double needed = Math.ceil(throttle.rate() * latencyMs / 1000.0) + IN_FLIGHT_HEADROOM;
    return (int) Math.max(1, Math.min(settings.maxInFlight, needed));
  }

  /** For tests: {@link #inFlightTarget()}. */
  int inFlightTargetForTest() {
    synchronized (lock) {
      return inFlightTarget();
    }
  }

  /** Called with the lock held: counts the time requests that were due spent held back. */
  private void held(int state, long now) {
    if (state == holdState) {
      return;
    }
    long ms = Math.max(0, now - holdSinceMs);
    if (holdState == HELD_BY_BUDGET) {
      metrics.heldByBudget(ms);
    } else if (holdState == HELD_BY_HUBSPOT) {
      metrics.heldByHubSpot(ms);
    }
    holdState = state;
    holdSinceMs = now;
  }

  private int earliestDue(long now) {
    int best = -1;
    for (int i = 0; i < ready.size(); i++) {
      long due = ready.get(i).dueMs;
      if (due <= now && (best < 0 || due < ready.get(best).dueMs)) {
        best = i;
      }
    }
    return best;
  }

  private boolean freshBatchDue(long now) {
    return !pending.isEmpty()
        && (draining || pending.size() >= settings.batchSize
            || now - pending.peekFirst().enqueuedAtMs >= settings.lingerMs
            || pending.peekFirst().enqueuedAtMs <= flushThroughMs);
  }

  /** At most batch.size occurrences and {@link BatchRequest#MAX_REQUEST_BYTES} of JSON (one alone may pass it). */
  private Batch freshBatch(long now) {
    List<Item> items = new ArrayList<>(Math.min(pending.size(), settings.batchSize));
    long bytes = 0;
    while (items.size() < settings.batchSize && !pending.isEmpty()
        && (items.isEmpty() || bytes + pending.peekFirst().bytes <= BatchRequest.MAX_REQUEST_BYTES)) {
      bytes += pending.peekFirst().bytes;
      items.add(pending.pollFirst());
    }
    return new Batch(items, now);
  }

  /** Called with the lock held. */
  private void signal() {
    signalled = true;
    lock.notifyAll();
  }

  // ---------------------------------------------------------------- sender threads

  private void send(Batch batch) {
    SendResult result = null;
    HubSpotException refusal = null;
    Throwable bug = null;
    long startMs = time.milliseconds();
    try {
      result = client.send(batch.completions());
    } catch (HubSpotException e) {
      refusal = e;
    } catch (Throwable e) { // an Error too (OutOfMemoryError building a body): never stuck in flight
      bug = e;
    }
    long now = time.milliseconds();
    throttle.answered();
    metrics.request(batch.size(), now - startMs, result != null ? RequestOutcome.SUCCEEDED
        : refusal == null ? RequestOutcome.OTHER
        : refusal.status() > 0 ? RequestOutcome.ofStatus(refusal.status())
        : RequestOutcome.ofTransport(refusal.getCause()));
    if (refusal != null) {
      metrics.error("HubSpotException(" + refusal.kind()
          + (refusal.status() > 0 ? " " + refusal.status() : "") + ")", now);
    }
    synchronized (lock) {
      inFlight--;
      answers++;
      long tookMs = Math.max(0, now - startMs);
      latencyMs = latencyMs < 0 ? tookMs
          : latencyMs + LATENCY_WEIGHT * (tookMs - latencyMs);
      sending.remove(batch);
      try {
        if (result != null) {
          refuseInputs(batch, result);
          onSuccess(batch, result.rateLimit(), now);
        } else if (refusal != null) {
          onFailure(batch, refusal, now);
        } else {
          fail(new ConnectException("Sending " + batch.describe() + " failed unexpectedly", bug));
        }
      } catch (Throwable e) {
        fail(new ConnectException("Handling the answer to " + batch.describe() + " failed", e));
      }
      signal();
    }
  }

  /** Called with the lock held: the inputs a 2xx answer says were not recorded are reported. */
  private void refuseInputs(Batch batch, SendResult result) {
    result.refusedInputs().forEach((input, said) -> {
      for (Item item : batch.input(input)) {
        if (item.refuse()) {
          refused.add(new Refusal(item,
              new RefusedRecordException("HubSpot refused the occurrence: " + said)));
        }
      }
    });
  }

  /** Called with the lock held. */
  private void onSuccess(Batch batch, RateLimitInfo rateLimit, long now) {
    deliver(batch.items, now);
    log.debug("Delivered {}", batch.describe());
    if (dailyLimited) {
      dailyLimited = false;
      log.info("HubSpot accepts requests again after its daily limit: resuming");
    }
    if (rateLimit.remaining().isPresent() && rateLimit.remaining().getAsLong() <= 0
        && !throttle.windowFull()) {
      // The window is full and not (only) by this task's requests: another app or task shares it.
      long wait = rateLimit.intervalMs().orElse(RetryPolicy.TEN_SECONDLY_WINDOW_MS);
      holdUntilMs = Math.max(holdUntilMs, now + wait);
      throttle.slowDown();
      log.debug("HubSpot's rate window is used up: holding requests for {} ms, rate now {}/s",
          wait, throttle.rate());
    } else {
      // Room left, or the window full of this task's own requests, which its own rolling window
      // (the task's share of it) already waits out to the millisecond.
      throttle.recover();
    }
  }

  /** Called with the lock held. */
  private void onFailure(Batch batch, HubSpotException e, long now) {
    batch.failed(now);
    RetryPolicy.Decision decision = policy.decide(e, batch, now);
    switch (decision.action) {
      case RETRY:
        metrics.retried();
        log.debug("Sending {} failed ({}); attempt {} in {} ms", batch.describe(), e.getMessage(),
            batch.failures + 1, decision.atMs - now);
        restartClockIfHeldByDailyLimit(batch, decision.atMs);
        requeue(batch, decision.atMs);
        break;
      case RATE_LIMITED:
        holdUntilMs = Math.max(holdUntilMs, decision.atMs);
        throttle.slowDown();
        metrics.retried();
        log.debug("HubSpot rate-limited {} ({}): holding requests for {} ms, rate now {}/s",
            batch.describe(), e.getMessage(), decision.atMs - now, throttle.rate());
        restartClockIfHeldByDailyLimit(batch, decision.atMs);
        requeue(batch, decision.atMs);
        break;
      case DAILY_LIMIT:
        metrics.retried();
        batch.resetFailures();
        for (Batch waiting : ready) { // they wait the limit out too: it is not a failure of theirs
          waiting.resetFailures();
        }
        holdUntilMs = Math.max(holdUntilMs, decision.atMs);
        dailyHoldUntilMs = Math.max(dailyHoldUntilMs, decision.atMs);
        if (!dailyLimited) {
          dailyLimited = true;
          log.warn("HubSpot's daily API limit is reached ({}): pausing until {}, then probing"
              + " with one request", e.getMessage(), Instant.ofEpochMilli(decision.atMs));
        }
        requeue(batch, decision.atMs);
        break;
      case SPLIT:
        Batch live = batch.live();
        if (live != null && live.size() > 1) {
          log.debug("HubSpot refused {} ({}): sending each half on its own", batch.describe(),
              e.getMessage());
          ready.addAll(live.halves(now, decision.signature));
        } else if (live != null) {
          ready.add(new Batch(live.items, now));
        }
        break;
      case DELIVERED:
        if (decision.inputs == null) {
          log.debug("HubSpot already has the uuid of {}: counted as delivered", batch.describe());
          deliver(batch.items, now);
          break;
        }
        log.debug("HubSpot already has {} uuid(s) of {}: those count as delivered, the rest goes"
            + " again", decision.inputs.size(), batch.describe());
        List<Item> known = new ArrayList<>();
        decision.inputs.forEach(input -> known.addAll(batch.input(input)));
        deliver(known, now);
        Batch rest = batch.without(decision.inputs, now);
        if (rest != null) {
          ready.add(rest);
        }
        break;
      case REFUSED:
        for (Item item : batch.items) { // one input; the items sharing its uuid share its fate
          if (item.refuse()) {
            refused.add(new Refusal(item,
                new RefusedRecordException("HubSpot refused the occurrence: " + e.getMessage())));
          }
        }
        break;
      case FAIL:
      default:
        fail(new ConnectException(decision.message, e));
        break;
    }
  }

  /** Called with the lock held: HubSpot has these occurrences; counts them and their lag. */
  private void deliver(List<Item> items, long now) {
    int delivered = 0;
    int timed = 0;
    long timestampSum = 0;
    long maxLag = 0;
    for (Item item : items) {
      long timestamp = item.timestamp;
      if (item.deliver()) {
        delivered++;
        if (timestamp >= 0) {
          timed++;
          timestampSum += timestamp;
          maxLag = Math.max(maxLag, now - timestamp);
        }
      }
    }
    metrics.delivered(delivered);
    metrics.lag(timed, timestampSum, maxLag, now);
  }

  /**
   * A batch that failed while the daily limit holds every request past its retry time waits the
   * limit out, as the batches refused for it do: its retry clock starts afresh, so that the wait
   * for the reset does not count against retry.timeout.ms. (An answer to a request sent before
   * the limit was hit may lift {@link #dailyLimited} before the probe; the hold stays.)
   */
  private void restartClockIfHeldByDailyLimit(Batch batch, long retryAtMs) {
    if (retryAtMs < dailyHoldUntilMs) {
      batch.resetFailures();
    }
  }

  private void requeue(Batch batch, long dueMs) {
    Batch live = batch.live();
    if (live != null) {
      live.dueMs = dueMs;
      ready.add(live);
    }
  }

  private void fail(ConnectException e) {
    synchronized (lock) {
      if (failure == null) {
        failure = e;
        Throwable cause = e.getCause() == null ? e : e.getCause();
        metrics.error(cause.getClass().getSimpleName(), time.milliseconds());
        // Logged by the worker, with its trace, when the task thread throws it: not here too.
        log.debug("Task fails: {}", e.getMessage());
      }
      signal();
    }
  }

  private static final class Refusal {
    final Item item;
    final RefusedRecordException reason;

    Refusal(Item item, RefusedRecordException reason) {
      this.item = item;
      this.reason = reason;
    }
  }
}
