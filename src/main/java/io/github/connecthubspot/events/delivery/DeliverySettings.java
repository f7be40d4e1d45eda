package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.DailyLimitBehavior;

/** The settings of the Delivery group, as one task uses them. */
public final class DeliverySettings {
  final String name;
  final int batchSize;
  final long lingerMs;
  final int maxInFlight;
  final double ratePerSecond;
  /** The most requests in any rolling {@code HubSpotSinkConnectorConfig#BUDGET_WINDOW_MS}. */
  final int windowLimit;
  /** The connector's whole window, of which {@link #windowLimit} is this task's share. */
  final int connectorWindowLimit;
  final long backoffMs;
  final long backoffMaxMs;
  final long retryTimeoutMs;
  final DailyLimitBehavior onDailyLimit;
  final int maxBuffered;
  final long maxBufferedBytes;
  final long drainTimeoutMs;
  /**
   * The requests this task counts in its window when it checks the credentials at start: its own
   * check, and for task 0 also the connector's, sent when Connect validated the config just
   * before the tasks started (HubSpot counts it in the same window; one task counts it).
   */
  final int checksAtStart;

  DeliverySettings(String name, int batchSize, long lingerMs, int maxInFlight,
      double ratePerSecond, int windowLimit, int connectorWindowLimit, long backoffMs, long backoffMaxMs, long retryTimeoutMs,
      DailyLimitBehavior onDailyLimit, int maxBuffered, long maxBufferedBytes,
      long drainTimeoutMs, int checksAtStart) {
    this.name = name;
    this.batchSize = batchSize;
    this.lingerMs = lingerMs;
    this.maxInFlight = maxInFlight;
    this.ratePerSecond = ratePerSecond;
    this.windowLimit = windowLimit;
    this.connectorWindowLimit = connectorWindowLimit;
    this.backoffMs = backoffMs;
    this.backoffMaxMs = backoffMaxMs;
    this.retryTimeoutMs = retryTimeoutMs;
    this.onDailyLimit = onDailyLimit;
    this.maxBuffered = maxBuffered;
    this.maxBufferedBytes = maxBufferedBytes;
    this.drainTimeoutMs = drainTimeoutMs;
    this.checksAtStart = checksAtStart;
  }

  public static DeliverySettings from(HubSpotSinkConnectorConfig config) {
    return new DeliverySettings(
        config.connectorName(),
        config.batchSize(),
        config.linger().toMillis(),
        config.maxInFlightRequests(),
        config.taskRateLimit(),
        config.taskWindowLimit(),
        HubSpotSinkConnectorConfig.windowLimit(config.rateLimit()),
        config.retryBackoff().toMillis(),
        config.retryBackoffMax().toMillis(),
        config.retryTimeout().toMillis(),
        config.behaviorOnDailyLimit(),
        config.maxBufferedRecords(),
        config.maxBufferedBytes(),
        config.stopDrainTimeout().toMillis(),
        "0".equals(config.taskId()) ? 2 : 1);
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public String toString() {
    return "batch.size=" + batchSize + ", linger.ms=" + lingerMs + ", max.in.flight.requests="
        + maxInFlight + ", task rate=" + ratePerSecond + "/s and "
        + windowLimit + " per rolling 10 s, retry.backoff.ms=" + backoffMs
        + ", retry.backoff.max.ms=" + backoffMaxMs + ", retry.timeout.ms=" + retryTimeoutMs
        + ", behavior.on.daily.limit=" + onDailyLimit + ", max.buffered.records=" + maxBuffered
        + ", max.buffered.bytes=" + maxBufferedBytes;
  }
}
