package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.client.HubSpotException;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.delivery.AnswerHandler.Refusal;
import io.github.connecthubspot.events.metrics.TaskMetrics;
import io.github.connecthubspot.events.model.Occurrence;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
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
 * The asynchronous delivery step of one task, and the task thread's part of it: the records taken
 * and their {@link OffsetTracker}s, what {@link #preCommit} may commit, closing partitions and
 * stopping, pausing consumption when too much is held (back-pressure), and reporting the records
 * HubSpot refused. Three thread roles, one class each:
 *
 * <ul>
 *   <li>this class, the task thread's: it only enqueues ({@link #submit}) and reads its trackers;
 *   <li>the {@link Dispatcher}, on its own thread: forms batches (at {@code batch.size}, or when
 *       the oldest occurrence has waited {@code linger.ms}), takes a permit of the {@link
 *       Throttle} for each request and hands it to a sender thread, keeping as many in flight as
 *       the budget needs at the answer time observed, at most {@code max.in.flight.requests};
 *   <li>the {@link AnswerHandler}, on the sender threads: sends, and judges each answer with the
 *       {@link RetryPolicy} (retried later, never by sleeping; split; held for HubSpot's limits;
 *       delivered; refused; or the task's failure, which the task thread throws at its next
 *       {@link #poll()} from {@code put()}; {@link #preCommit} stays quiet and commits what is
 *       done).
 * </ul>
 *
 * <p>Time, the sender executor and the throttle are injected, so tests drive {@link #dispatch()}
 * themselves with a mock clock and a scripted client.
 */
public final class DeliveryEngine implements Delivery {
  private static final Logger log = LoggerFactory.getLogger(DeliveryEngine.class);
  /** While paused, the worker is asked to call {@code put()} at least this often. */
  static final long PAUSED_WAKE_UP_MS = 250;
  private static final long SHUTDOWN_WAIT_MS = 200;
  /** While a commit waits for answers and reports, it looks again at least this often (reports done elsewhere). */
  private static final long COMMIT_RECHECK_MS = 50;
  /**
   * After an offset commit, the worker is asked to call {@code put()} within this: sending, held
   * from the commit on ({@link Dispatcher#holdForCommit}), resumes there.
   */
  static final long COMMIT_WAKE_UP_MS = 1;
  /** A task holds about this many seconds of its budget's requests (see {@link #bufferLimit()}). */
  static final int BUDGET_SECONDS_HELD = 2;
  /** ...but never fewer than this many batches. */
  static final int MIN_BATCHES_HELD = 4;
  private static final String NO_REPORTER_HINT = " (set errors.tolerance=all and"
      + " errors.deadletterqueue.topic.name to route such records to a dead-letter queue)";
  private static final AtomicInteger ENGINES = new AtomicInteger();

  private final DeliverySettings settings;
  private final HubSpotClient client;
  private final ErrantRecordReporter reporter;
  private final PartitionControl partitions;
  private final Time time;
  private final TaskMetrics metrics;
  private final Dispatcher dispatcher;
  private Runnable shutdown = () -> { };

  private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
  /** The partition of the last record taken, reused while records come from it (most do). */
  private TopicPartition lastPartition;
  private OffsetTracker lastTracker;
  /** Records held: not done, or behind one that is not (volatile: the metrics read it). */
  private volatile int held;
  /** The estimated heap the held records take. */
  private volatile long heldBytes;
  private boolean overBuffered;
  private boolean paused;
  private final Throttle throttle;
  /** Filled by the answer handler, emptied here. */
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
    this.metrics = metrics;
    this.throttle = throttle;
    this.dispatcher = new Dispatcher(settings, time, senders, throttle, metrics);
    RetryPolicy policy = new RetryPolicy(settings,
        new Backoff(settings.backoffMs, settings.backoffMaxMs, random));
    AnswerHandler answers = new AnswerHandler(dispatcher, client, policy, throttle, metrics, time,
        refused);
    dispatcher.sendWith(answers::send);
    metrics.gauges(dispatcher::inFlight, () -> held, () -> heldBytes);
  }

  /**
   * The production engine: a sender thread per request in flight, Guava's rate limiter at the
   * task's share of the budget under its exact share of HubSpot's rolling window, the system
   * clock, and a dispatcher thread.
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
    // the pool follows the requests the budget needs in flight (Dispatcher.inFlightTarget()), not
    // the bound. The dispatcher keeps at most maxInFlight sending; a thread that has just handled
    // an answer may not be back in the pool yet, so the pool itself has no bound and never
    // refuses a request (it would be lost).
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
        30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> daemon(withMdc(mdc, r),
            name + "-sender-" + senderIds.incrementAndGet()));
    Throttle throttle = new WindowedThrottle(new GuavaThrottle(settings.ratePerSecond),
        new RollingWindow(settings.windowLimit, settings.connectorWindowLimit,
            HubSpotSinkConnectorConfig.BUDGET_WINDOW_MS, Time.SYSTEM));
    DeliveryEngine engine = new DeliveryEngine(settings, client, reporter, partitions,
        Time.SYSTEM, pool, throttle, () -> ThreadLocalRandom.current().nextDouble(), metrics);
    Thread thread = daemon(withMdc(mdc, engine.dispatcher::run), name + "-dispatcher");
    // Bounded and short: the drain already waited; the threads are daemons, and closing the
    // client right after aborts what a sender may still be doing.
    engine.shutdown = () -> {
      try {
        thread.join(SHUTDOWN_WAIT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      pool.shutdownNow();
    };
    thread.start();
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

  /**
   * As {@link #checkCredentials(HubSpotClient)}, the request counted in the task's budget (with
   * the connector's own check, for task 0: see {@link DeliverySettings#checksAtStart}).
   */
  @Override
  public void checkCredentials() {
    try {
      checkCredentials(client);
    } finally {
      for (int i = 0; i < settings.checksAtStart; i++) {
        throttle.sentAside();
      }
    }
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
  public void submit(SinkRecord record, Occurrence occurrence) {
    Item item = new Item(record, partitionOf(record), occurrence, Item.PENDING,
        time.milliseconds());
    track(item);
    dispatcher.enqueue(item);
  }

  @Override
  public void skip(SinkRecord record) {
    track(new Item(record, partitionOf(record), null, Item.SKIPPED, time.milliseconds()));
    metrics.skipped();
  }

  @Override
  public void reject(SinkRecord record, RuntimeException reason) {
    if (reporter == null) {
      throw new ConnectException("Record " + record.originalTopic() + "-"
          + record.originalKafkaPartition() + "@" + record.originalKafkaOffset() + " is invalid: "
          + reason.getMessage() + NO_REPORTER_HINT, reason);
    }
    Item item = new Item(record, partitionOf(record), null, Item.REFUSED, time.milliseconds());
    track(item);
    item.reported(reporter.report(record, reason));
    metrics.deadLettered(reason.getMessage());
  }

  /** The record's original topic-partition: the last one again while records come from it. */
  private TopicPartition partitionOf(SinkRecord record) {
    TopicPartition last = lastPartition;
    String topic = record.originalTopic();
    int partition = record.originalKafkaPartition();
    if (last != null && last.partition() == partition && last.topic().equals(topic)) {
      return last;
    }
    lastPartition = new TopicPartition(topic, partition);
    lastTracker = null;
    return lastPartition;
  }

  private void track(Item item) {
    OffsetTracker tracker = lastTracker;
    if (tracker == null) {
      tracker = trackers.computeIfAbsent(item.partition, tp -> new OffsetTracker());
      lastTracker = tracker;
    }
    tracker.add(item);
    held++;
    heldBytes += item.heapBytes;
  }

  /** From {@code put()}: Connect goes on after a commit, so sending does too. */
  @Override
  public void poll() {
    dispatcher.releaseCommitHold();
    housekeeping();
  }

  private void housekeeping() {
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
    ConnectException f = dispatcher.failure();
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
        dispatcher.fail(new ConnectException("HubSpot refused record " + r.item.coordinates()
            + ": " + r.reason.getMessage() + NO_REPORTER_HINT, r.reason));
        throwIfFailed();
      }
      r.item.reported(reporter.report(record, r.reason));
      metrics.deadLettered(r.reason.getMessage());
    }
  }

  private void flowControl() {
    int maxHeld = bufferLimit();
    if (held >= maxHeld || heldBytes >= settings.maxBufferedBytes) {
      overBuffered = true;
    } else if (held <= maxHeld / 2 && heldBytes <= settings.maxBufferedBytes / 2) {
      overBuffered = false;
    }
    // Paused for the daily limit only while some record of ours waits to probe with: once none
    // is left (its partition was revoked), consumption resumes to bring the next probe.
    boolean daily = dispatcher.dailyLimited() && held > 0;
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

  /**
   * How many records to hold at most before pausing: max.buffered.records, or fewer when the
   * budget's rate now sends them in more than {@link #BUDGET_SECONDS_HELD} seconds, but never
   * fewer than {@link #MIN_BATCHES_HELD} batches. Under a backlog a full batch is then always there
   * when the budget allows a request (the task resumes at half, which still holds two), while the
   * rest of the backlog waits in Kafka instead of in the task: no heap for it, no wait counted in
   * the task's latency, and nothing for a rebalance to drop and read again.
   */
  int bufferLimit() {
    double budgeted = dispatcher.rate() * settings.batchSize * BUDGET_SECONDS_HELD;
    long floor = (long) MIN_BATCHES_HELD * settings.batchSize;
    return (int) Math.min(settings.maxBuffered,
        Math.max(floor, (long) Math.min(Integer.MAX_VALUE, budgeted)));
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    boolean holding = anyTracker(currentOffsets.keySet(), tracker -> tracker.size() > 0);
    try {
      if (holding) {
        awaitCommittable(currentOffsets.keySet());
      }
      housekeeping();
    } catch (ConnectException e) {
      // put() throws it (Connect calls put() again right after a commit, and logs it once, as the
      // task's failure); thrown from here too, it would only add "Commit of offsets threw an
      // unexpected exception" to the worker's log. What is done is still safe to commit.
      log.debug("Committing what is done despite the task's failure: {}", e.getMessage());
    }
    if (holding) {
      partitions.wakeUpWithin(COMMIT_WAKE_UP_MS); // after housekeeping's own wake-up, if paused
    }
    Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
    trackers.forEach((tp, tracker) ->
        tracker.committable().ifPresent(o -> safe.put(tp, new OffsetAndMetadata(o))));
    return safe;
  }

  /**
   * An offset commit's wait, bounded by stop.drain.timeout.ms: no fresh batch is launched, and the
   * task thread waits for what was sent to be answered (batches sent again after a failure
   * included, while they can be by then) and for the dead-letter reports of what HubSpot refused,
   * so that all of it is committed now. Then nothing at all is launched until Connect goes on
   * ({@code put()}) or closes partitions. Connect commits right before it closes partitions (a
   * rebalance, a stop, a restart): what was sent is then committed, and what was not sent yet is
   * read again and sent by the next owner, so nothing is sent twice. The task thread waits for
   * answers, never for the budget of records not sent yet, and a commit sends nothing early: a
   * batch still lingering or waiting for the budget stays in the queue and fills up.
   */
  private void awaitCommittable(Collection<TopicPartition> owned) {
    dispatcher.holdForCommit(Dispatcher.RETRIES_ONLY);
    try {
      if (dispatcher.failure() != null || settings.drainTimeoutMs <= 0) {
        return;
      }
      long deadline = time.milliseconds() + settings.drainTimeoutMs;
      boolean retries = true;
      while (true) {
        reportRefusals();
        long seen = dispatcher.answers();
        advanceTrackers();
        if (dispatcher.failure() != null) {
          return;
        }
        boolean onTheWire = dispatcher.anyOnTheWire(owned);
        if (retries && !onTheWire && !dispatcher.retriesDoneBy(owned, deadline)) {
          dispatcher.holdForCommit(Dispatcher.NOTHING);
          retries = false;
          onTheWire = dispatcher.anyOnTheWire(owned); // a retry let through right before the hold
        }
        if (!retries && !onTheWire && refused.isEmpty()
            && !anyTracker(owned, OffsetTracker::awaitsReport)) {
          return;
        }
        long now = time.milliseconds();
        if (now >= deadline) {
          log.debug("Committing before all that was sent is done, after stop.drain.timeout.ms={}:"
              + " {} record(s) held", settings.drainTimeoutMs, held);
          return;
        }
        try {
          time.waitObject(dispatcher.lock,
              () -> dispatcher.answersLocked() != seen || dispatcher.failure() != null,
              Math.min(deadline, now + COMMIT_RECHECK_MS));
        } catch (TimeoutException e) {
          // look again: a report may be done, a retry due, or the deadline passed
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    } finally {
      dispatcher.holdForCommit(Dispatcher.NOTHING);
    }
  }

  /** Whether the tracker of some partition of {@code owned} is as {@code test} asks. */
  private boolean anyTracker(Collection<TopicPartition> owned, Predicate<OffsetTracker> test) {
    for (TopicPartition tp : owned) {
      OffsetTracker tracker = trackers.get(tp);
      if (tracker != null && test.test(tracker)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void open(Collection<TopicPartition> assigned) {
    paused = true; // unknown: resumed (or paused again) now, whichever the buffer calls for
    flowControl();
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
    lastPartition = null;
    lastTracker = null;
    dispatcher.dropCancelled();
    dispatcher.releaseCommitHold(); // the commit before it is made: the other partitions go on
    log.debug("Closed {} partition(s), dropping {} record(s) not yet done", closing.size(), dropped);
  }

  @Override
  public void close() {
    dispatcher.drain();
    if (dispatcher.failure() == null) {
      dispatcher.dispatch();
      try {
        time.waitObject(dispatcher.lock, dispatcher::drained,
            time.milliseconds() + settings.drainTimeoutMs);
      } catch (TimeoutException e) {
        log.warn("Stopping with {} occurrence(s) not sent after stop.drain.timeout.ms={}; they"
            + " are not committed and will be sent again", dispatcher.unsent(),
            settings.drainTimeoutMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    dispatcher.close();
    shutdown.run();
    client.close();
  }

  /** Records held by the task: not done, or behind one that is not. */
  int held() {
    return held;
  }

  /** For tests: the dispatcher's {@link Dispatcher#dispatch()}, on the calling thread. */
  long dispatch() {
    return dispatcher.dispatch();
  }

  /** For tests: {@link Dispatcher#inFlightTarget()}. */
  int inFlightTargetForTest() {
    synchronized (dispatcher.lock) {
      return dispatcher.inFlightTarget();
    }
  }
}
