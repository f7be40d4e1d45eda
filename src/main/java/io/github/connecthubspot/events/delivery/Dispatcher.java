package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.metrics.TaskMetrics;
import io.github.connecthubspot.events.model.BatchRequest;
import io.github.connecthubspot.events.model.RequestJson;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher thread's role: the queue of occurrences taken, the batches formed from it (at
 * {@code batch.size}, or when the oldest has waited {@code linger.ms}) and those waiting to be
 * sent again, and the budget: a permit of the {@link Throttle} for each request, HubSpot's holds
 * (rate and daily limits), and the requests kept in flight ({@link #inFlightTarget()}). Each batch
 * allowed goes to a sender thread, where the {@link AnswerHandler} judges its answer.
 *
 * <p>Everything here is guarded by {@link #lock}; the task thread only enqueues, asks and waits,
 * and the answer handler calls the methods marked "lock held" from inside it.
 */
final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  /** The dispatcher looks again at least this often, whatever it waits for. */
  private static final long MAX_IDLE_WAIT_MS = 1_000;
  /**
   * Requests kept in flight beyond what the rate needs at the latency observed (Little's law:
   * rate x latency), so that an answer slower than the average does not leave the budget idle.
   */
  static final int IN_FLIGHT_HEADROOM = 2;
  /** The weight of the newest answer time in its moving average. */
  private static final double LATENCY_WEIGHT = 0.2;
  private static final int NOT_HELD = 0;
  private static final int HELD_BY_BUDGET = 1;
  private static final int HELD_BY_HUBSPOT = 2;
  static final int NO_COMMIT_HOLD = 0;
  /** While a commit waits: only batches already sent once go (again), no fresh one. */
  static final int RETRIES_ONLY = 1;
  /** Once a commit has returned: nothing goes until Connect goes on or closes the partitions. */
  static final int NOTHING = 2;

  final Object lock = new Object();
  private final DeliverySettings settings;
  private final Time time;
  private final Executor senders;
  private final Throttle throttle;
  private final TaskMetrics metrics;
  private Consumer<Batch> sender = b -> { };

  private final ArrayDeque<Item> pending = new ArrayDeque<>();
  private final List<Batch> ready = new ArrayList<>();
  private volatile int inFlight;
  /** The batches on the wire, so that stopping waits only for those whose records are still ours. */
  private final List<Batch> sending = new ArrayList<>();
  private long holdUntilMs;
  /** Until when the daily limit holds every request (the next probe). */
  private long dailyHoldUntilMs;
  private volatile boolean dailyLimited;
  private boolean draining;
  private boolean closed;
  private boolean signalled;
  /**
   * An offset commit's hold on launches ({@link #NO_COMMIT_HOLD}, {@link #RETRIES_ONLY}, {@link
   * #NOTHING}): from the task thread's {@link #holdForCommit} to its next {@code put()} or close
   * (volatile: read without the lock).
   */
  private volatile int commitHold = NO_COMMIT_HOLD;
  /** The moving average of answer times, in ms; negative before the first answer. */
  private double latencyMs = -1;
  /** Answers handled so far: a commit waiting for the answers looks again at each. */
  private long answers;
  /** What holds requests back now, for the metrics ({@link #HELD_BY_BUDGET}...), and since when. */
  private int holdState = NOT_HELD;
  private long holdSinceMs;
  private volatile ConnectException failure;

  Dispatcher(DeliverySettings settings, Time time, Executor senders, Throttle throttle,
      TaskMetrics metrics) {
    this.settings = settings;
    this.time = time;
    this.senders = senders;
    this.throttle = throttle;
    this.metrics = metrics;
  }

  /** Who sends a batch allowed to go (on a sender thread): the answer handler. */
  void sendWith(Consumer<Batch> sender) {
    this.sender = sender;
  }

  // ---------------------------------------------------------------- asked by the task thread

  /** Queues an occurrence the task took, after those taken before. */
  void enqueue(Item item) {
    synchronized (lock) {
      pending.addLast(item);
      int n = pending.size();
      // Wake up for the first (its linger starts) and for each batch filled.
      if (n == 1 || n % settings.batchSize == 0) {
        signal();
      }
    }
  }

  /**
   * Holds launches until {@link #releaseCommitHold()} (or {@link #drain()}): while a commit waits,
   * {@link #RETRIES_ONLY} (what was sent once may go again; no fresh batch starts), then {@link
   * #NOTHING}, so that nothing goes between the commit and the close of the partitions that
   * Connect may make right after it.
   */
  void holdForCommit(int hold) {
    synchronized (lock) {
      commitHold = hold;
      signal();
    }
  }

  /** Sending goes on after {@link #holdForCommit}. */
  void releaseCommitHold() {
    if (commitHold != NO_COMMIT_HOLD) {
      synchronized (lock) {
        commitHold = NO_COMMIT_HOLD;
        signal();
      }
    }
  }

  /**
   * Whether batches of {@code partitions} waiting to be sent again (retries, split halves) may
   * still all go and be answered by {@code deadline}: HubSpot holds nothing past it, and, each
   * taken at its due time or after the one before at the budget's rate, the last one is answered
   * by then (at the answer time observed).
   */
  boolean retriesDoneBy(Collection<TopicPartition> partitions, long deadline) {
    synchronized (lock) {
      if (dailyLimited || holdUntilMs >= deadline) {
        return false;
      }
      List<Long> due = new ArrayList<>();
      for (Batch b : ready) {
        if (b.anyPendingIn(partitions::contains)) {
          due.add(b.dueMs);
        }
      }
      if (due.isEmpty()) {
        return false;
      }
      due.sort(null);
      double at = Math.max(time.milliseconds(), holdUntilMs);
      for (long d : due) {
        at = Math.max(at, d) + 1000.0 / throttle.rate();
      }
      return at + Math.max(0, latencyMs) <= deadline;
    }
  }

  /** Whether a batch holding records of {@code partitions} is on the wire. */
  boolean anyOnTheWire(Collection<TopicPartition> partitions) {
    synchronized (lock) {
      return onTheWire(partitions::contains);
    }
  }

  /** Lock held: whether a batch holding records of ours, of a partition {@code of} accepts, is on the wire. */
  private boolean onTheWire(Predicate<TopicPartition> of) {
    for (Batch b : sending) {
      if (b.anyPendingIn(of)) {
        return true;
      }
    }
    return false;
  }

  /** Answers handled so far. */
  long answers() {
    synchronized (lock) {
      return answers;
    }
  }

  /** Lock held (a wait condition): answers handled so far. */
  long answersLocked() {
    return answers;
  }

  /** The budget's rate now, in requests per second. */
  double rate() {
    return throttle.rate();
  }

  /** Forgets the occurrences no longer pending (their partition was closed). */
  void dropCancelled() {
    synchronized (lock) {
      pending.removeIf(item -> !item.pending());
      ready.replaceAll(Batch::live);
      ready.removeIf(Objects::isNull);
    }
  }

  /** From now on everything taken goes at once, linger or a commit's hold or not. */
  void drain() {
    synchronized (lock) {
      draining = true;
      commitHold = NO_COMMIT_HOLD;
      signal();
    }
  }

  /**
   * Lock held (a wait condition): whether nothing of ours is left to send or on the wire (or the
   * task failed).
   */
  boolean drained() {
    if (failure != null) {
      return true;
    }
    return !onTheWire(tp -> true) && pending.isEmpty() && ready.isEmpty();
  }

  /** Occurrences not sent yet, or on the wire. */
  int unsent() {
    synchronized (lock) {
      int n = pending.size() + inFlight;
      for (Batch b : ready) {
        n += b.size();
      }
      return n;
    }
  }

  /** Stops the dispatcher: nothing more is sent. */
  void close() {
    synchronized (lock) {
      closed = true;
      signal();
    }
  }

  int inFlight() {
    return inFlight;
  }

  boolean dailyLimited() {
    return dailyLimited;
  }

  ConnectException failure() {
    return failure;
  }

  /** The task's failure: the first one wins; the task thread throws it. */
  void fail(ConnectException e) {
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

  // ---------------------------------------------------------------- the dispatcher thread

  void run() {
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
    List<Batch> launch = new ArrayList<>();
    while (true) {
      long wakeAtMs;
      synchronized (lock) {
        wakeAtMs = collect(time.milliseconds(), launch);
      }
      if (launch.isEmpty()) {
        return wakeAtMs;
      }
      for (Batch batch : launch) {
        try {
          senders.execute(() -> sender.accept(batch));
        } catch (RejectedExecutionException e) { // only once closed
          throttle.answered();
          synchronized (lock) {
            inFlight--;
            sending.remove(batch);
            signal();
          }
        }
      }
      launch.clear();
    }
  }

  /** Lock held: moves what may go now to {@code launch}. */
  private long collect(long now, List<Batch> launch) {
    if (failure != null || closed) {
      return Long.MAX_VALUE;
    }
    int hold = commitHold;
    if (hold == NOTHING) {
      held(NOT_HELD, now); // the commit's moment, not the budget's or HubSpot's
      return Long.MAX_VALUE; // its release signals
    }
    if (now < holdUntilMs) {
      held(earliestDue(now) >= 0 || freshBatchDue(now) ? HELD_BY_HUBSPOT : NOT_HELD, now);
      return holdUntilMs;
    }
    held(NOT_HELD, now);
    int target = inFlightTarget();
    while (inFlight < target && !(dailyLimited && inFlight > 0)) {
      int due = earliestDue(now);
      if (due < 0 && (hold == RETRIES_ONLY || !freshBatchDue(now))) {
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
    if (!pending.isEmpty() && hold == NO_COMMIT_HOLD) {
      wakeAtMs = Math.min(wakeAtMs, pending.peekFirst().enqueuedAtMs + settings.lingerMs);
    }
    return wakeAtMs;
  }

  /**
   * Lock held: how many requests to keep in flight. Little's law: the budget's rate times the
   * answer time observed (a moving average), plus {@link #IN_FLIGHT_HEADROOM}, within
   * max.in.flight.requests; that bound until a first answer is seen.
   */
  int inFlightTarget() {
    if (latencyMs < 0) {
      return settings.maxInFlight;
    }
    double needed = Math.ceil(throttle.rate() * latencyMs / 1000.0) + IN_FLIGHT_HEADROOM;
    return (int) Math.max(1, Math.min(settings.maxInFlight, needed));
  }

  /** Lock held: counts the time requests that were due spent held back. */
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
    if (pending.isEmpty()) {
      return false;
    }
    long oldest = pending.peekFirst().enqueuedAtMs;
    return draining || pending.size() >= settings.batchSize || now - oldest >= settings.lingerMs;
  }

  /** At most batch.size occurrences and {@link BatchRequest#MAX_REQUEST_BYTES} of JSON (one alone may pass it). */
  private Batch freshBatch(long now) {
    List<Item> items = new ArrayList<>(Math.min(pending.size(), settings.batchSize));
    long bytes = RequestJson.BATCH_OVERHEAD_BYTES; // with each item's JSON and comma: the body's size
    while (items.size() < settings.batchSize && !pending.isEmpty()
        && (items.isEmpty() || bytes + pending.peekFirst().bytes <= BatchRequest.MAX_REQUEST_BYTES)) {
      Item item = pending.pollFirst();
      bytes += item.bytes;
      items.add(item);
    }
    return new Batch(items, now);
  }

  /** Lock held: wakes the dispatcher (and a task thread waiting on the lock). */
  void signal() {
    signalled = true;
    lock.notifyAll();
  }

  // ---------------------------------------------------------------- for the answer handler, lock held

  /** Lock held: {@code batch} came back after {@code tookMs}. */
  void answered(Batch batch, long tookMs) {
    inFlight--;
    answers++;
    latencyMs = latencyMs < 0 ? tookMs : latencyMs + LATENCY_WEIGHT * (tookMs - latencyMs);
    for (int i = sending.size() - 1; i >= 0; i--) {
      if (sending.get(i) == batch) {
        sending.remove(i);
        break;
      }
    }
  }

  /** Lock held: no request goes before {@code atMs}. */
  void holdUntil(long atMs) {
    holdUntilMs = Math.max(holdUntilMs, atMs);
  }

  /** Lock held: HubSpot's daily limit holds every request until {@code atMs} (the next probe). */
  boolean holdForDailyLimit(long atMs) {
    holdUntil(atMs);
    dailyHoldUntilMs = Math.max(dailyHoldUntilMs, atMs);
    for (Batch waiting : ready) { // they wait the limit out too: it is not a failure of theirs
      waiting.resetFailures();
    }
    boolean first = !dailyLimited;
    dailyLimited = true;
    return first;
  }

  /** Lock held: a request was accepted; returns whether the daily limit held until now. */
  boolean liftDailyLimit() {
    boolean was = dailyLimited;
    dailyLimited = false;
    return was;
  }

  /** Lock held: whether the daily limit holds every request past {@code atMs}. */
  boolean heldByDailyLimitPast(long atMs) {
    return atMs < dailyHoldUntilMs;
  }

  /** Lock held: what is left of {@code batch} goes again at {@code dueMs}. */
  void requeue(Batch batch, long dueMs) {
    Batch live = batch.live();
    if (live != null) {
      live.dueMs = dueMs;
      ready.add(live);
    }
  }

  /** Lock held: {@code batch} goes as soon as the budget allows (its due time). */
  void ready(Batch batch) {
    ready.add(batch);
  }
}
