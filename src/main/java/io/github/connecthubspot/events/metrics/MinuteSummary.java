package io.github.connecthubspot.events.metrics;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's summary line, at INFO once a minute: delivered, dead-lettered (with the ratio),
 * retries, 429s and the rate; and a WARN naming the top reasons when more than half of the
 * minute's records went to the dead-letter queue. Called from the task thread at each {@code
 * put()}; Connect's MDC context there names the connector and task.
 */
public final class MinuteSummary {
  static final long INTERVAL_MS = 60_000;
  private static final Logger log = LoggerFactory.getLogger(MinuteSummary.class);

  private final TaskMetrics metrics;
  private final Logger out;

  public MinuteSummary(TaskMetrics metrics) {
    this(metrics, log);
  }

  MinuteSummary(TaskMetrics metrics, Logger out) {
    this.metrics = metrics;
    this.out = out;
  }

  /** Logs the summary when a minute has passed since the last one. */
  public void maybeLog(long nowMs) {
    metrics.startWindow(nowMs);
    long startMs = metrics.windowStartMs();
    if (nowMs - startMs < INTERVAL_MS) {
      return;
    }
    TaskMetrics.Window w = metrics.roll(nowMs);
    double seconds = (nowMs - startMs) / 1000.0;
    String lastError = w.retries() > 0 && !metrics.getLastErrorClass().isEmpty()
        ? ", last error " + metrics.getLastErrorClass() + " at " + metrics.getLastErrorTime()
        : "";
    out.info("Last {} s: {} delivered ({} events/s), {} dead-lettered ({}), {} retries, {} 429s,"
            + " {} in flight, {} buffered{}",
        Math.round(seconds), w.delivered(), format(w.delivered() / seconds), w.deadLettered(),
        percent(w.deadLetterRatio()), w.retries(), w.rateLimited(), metrics.getRequestsInFlight(),
        metrics.getBufferedRecords(), lastError);
    if (w.deadLetterRatio() > 0.5) {
      out.warn("{} of the last minute's {} records went to the dead-letter queue; top reasons: {}",
          percent(w.deadLetterRatio()), w.delivered() + w.deadLettered(),
          TaskMetrics.describe(w.topReasons(3)));
    }
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
  }
}
