package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.client.HubSpotException;
import io.github.connecthubspot.events.client.RateLimitInfo;
import io.github.connecthubspot.events.client.SendResult;
import io.github.connecthubspot.events.metrics.RequestOutcome;
import io.github.connecthubspot.events.metrics.TaskMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Queue;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender threads' role: sends a batch and judges HubSpot's answer with the {@link
 * RetryPolicy}: delivered (the items are done), sent again later (never by sleeping), split in
 * halves to find the occurrences HubSpot refuses (queued for the task thread to report), held for
 * HubSpot's rate or daily limit, or turned into the task's failure. The dispatcher's queues and
 * holds are changed through its "lock held" methods, under its lock.
 */
final class AnswerHandler {
  private static final Logger log = LoggerFactory.getLogger(AnswerHandler.class);

  private final Dispatcher dispatcher;
  private final HubSpotClient client;
  private final RetryPolicy policy;
  private final Throttle throttle;
  private final TaskMetrics metrics;
  private final Time time;
  private final Queue<Refusal> refused;

  AnswerHandler(Dispatcher dispatcher, HubSpotClient client, RetryPolicy policy,
      Throttle throttle, TaskMetrics metrics, Time time, Queue<Refusal> refused) {
    this.dispatcher = dispatcher;
    this.client = client;
    this.policy = policy;
    this.throttle = throttle;
    this.metrics = metrics;
    this.time = time;
    this.refused = refused;
  }

  /** On a sender thread: sends {@code batch} and judges HubSpot's answer. */
  void send(Batch batch) {
    SendResult result = null;
    HubSpotException refusal = null;
    Throwable bug = null;
    long startMs = time.milliseconds();
    try {
      result = client.send(batch.occurrences());
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
    synchronized (dispatcher.lock) {
      dispatcher.answered(batch, Math.max(0, now - startMs));
      try {
        if (result != null) {
          refuseInputs(batch, result);
          onSuccess(batch, result.rateLimit(), now);
        } else if (refusal != null) {
          onFailure(batch, refusal, now);
        } else {
          dispatcher.fail(new ConnectException(
              "Sending " + batch.describe() + " failed unexpectedly", bug));
        }
      } catch (Throwable e) {
        dispatcher.fail(new ConnectException(
            "Handling the answer to " + batch.describe() + " failed", e));
      }
      dispatcher.signal();
    }
  }

  /** Lock held: the inputs a 2xx answer says were not recorded are reported. */
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

  /** Lock held. */
  private void onSuccess(Batch batch, RateLimitInfo rateLimit, long now) {
    deliver(batch.items, now);
    if (log.isDebugEnabled()) { // describe() builds a string: not on each answer for nothing
      log.debug("Delivered {}", batch.describe());
    }
    if (dispatcher.liftDailyLimit()) {
      log.info("HubSpot accepts requests again after its daily limit: resuming");
    }
    OptionalLong remaining = rateLimit.remaining();
    if (remaining.isPresent()
        && !throttle.heed(remaining.getAsLong(), rateLimit.max().orElse(0))
        && remaining.getAsLong() <= 0) {
      // HubSpot's window is used up and the budget keeps no exact window of its own: hold.
      long wait = rateLimit.intervalMs().orElse(RetryPolicy.TEN_SECONDLY_WINDOW_MS);
      dispatcher.holdUntil(now + wait);
      throttle.slowDown();
      log.debug("HubSpot's rate window is used up: holding requests for {} ms, rate now {}/s",
          wait, throttle.rate());
    } else {
      // Room left, or the window's room cut to what HubSpot has left (others' requests counted
      // until a window from now): the rate steps back up.
      throttle.recover();
    }
  }

  /** Lock held. */
  private void onFailure(Batch batch, HubSpotException e, long now) {
    batch.failed(now);
    // A refusal counted in HubSpot's window too: what it says is left holds as on a success.
    RateLimitInfo said = e.rateLimit();
    said.remaining().ifPresent(r -> throttle.heed(r, said.max().orElse(0)));
    RetryPolicy.Decision decision = policy.decide(e, batch, now);
    switch (decision.action) {
      case RETRY:
        metrics.retried();
        log.debug("Sending {} failed ({}); attempt {} in {} ms", batch.describe(), e.getMessage(),
            batch.failures + 1, decision.atMs - now);
        restartClockIfHeldByDailyLimit(batch, decision.atMs);
        dispatcher.requeue(batch, decision.atMs);
        break;
      case RATE_LIMITED:
        dispatcher.holdUntil(decision.atMs);
        throttle.slowDown();
        metrics.retried();
        log.debug("HubSpot rate-limited {} ({}): holding requests for {} ms, rate now {}/s",
            batch.describe(), e.getMessage(), decision.atMs - now, throttle.rate());
        restartClockIfHeldByDailyLimit(batch, decision.atMs);
        dispatcher.requeue(batch, decision.atMs);
        break;
      case DAILY_LIMIT:
        metrics.retried();
        batch.resetFailures();
        if (dispatcher.holdForDailyLimit(decision.atMs)) {
          log.warn("HubSpot's daily API limit is reached ({}): pausing until {}, then probing"
              + " with one request", e.getMessage(), Instant.ofEpochMilli(decision.atMs));
        }
        dispatcher.requeue(batch, decision.atMs);
        break;
      case SPLIT:
        Batch live = batch.live();
        if (live != null && live.size() > 1) {
          log.debug("HubSpot refused {} ({}): sending each half on its own", batch.describe(),
              e.getMessage());
          live.halves(now, decision.signature).forEach(dispatcher::ready);
        } else if (live != null) {
          dispatcher.ready(new Batch(live.items, now));
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
          dispatcher.ready(rest);
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
        dispatcher.fail(new ConnectException(decision.message, e));
        break;
    }
  }

  /** Lock held: HubSpot has these occurrences; counts them and their lag. */
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
   * the limit was hit may lift {@link Dispatcher#dailyLimited()} before the probe; the hold stays.)
   */
  private void restartClockIfHeldByDailyLimit(Batch batch, long retryAtMs) {
    if (dispatcher.heldByDailyLimitPast(retryAtMs)) {
      batch.resetFailures();
    }
  }

  /** An occurrence HubSpot refused, for the task thread to hand to the errant-record reporter. */
  static final class Refusal {
    final Item item;
    final RefusedRecordException reason;

    Refusal(Item item, RefusedRecordException reason) {
      this.item = item;
      this.reason = reason;
    }
  }
}
