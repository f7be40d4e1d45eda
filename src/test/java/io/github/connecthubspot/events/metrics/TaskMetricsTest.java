package io.github.connecthubspot.events.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {
  private final TaskMetrics metrics = new TaskMetrics();

  @Test
  void requestsAreCountedByOutcomeWithTheirBatchSizeAndLatency() {
    metrics.request(500, 120, RequestOutcome.SUCCEEDED);
    metrics.request(100, 80, RequestOutcome.SUCCEEDED);
    metrics.request(300, 40, RequestOutcome.RATE_LIMITED);
    metrics.request(1, 30_000, RequestOutcome.TIMEOUT);
    assertThat(metrics.getRequests()).isEqualTo(4);
    assertThat(metrics.getRequestsSucceeded()).isEqualTo(2);
    assertThat(metrics.getRequests429()).isEqualTo(1);
    assertThat(metrics.getRequestsTimeout()).isEqualTo(1);
    assertThat(metrics.getRequests5xx()).isZero();
    assertThat(metrics.getBatchSizeAvg()).isEqualTo(901 / 4.0);
    assertThat(metrics.getRequestLatencyAvgMs()).isEqualTo((120 + 80 + 40 + 30_000) / 4.0);
    assertThat(metrics.getRequestLatencyP99Ms()).isEqualTo(30_000);
  }

  @Test
  void p99CoversTheRecentRequestsOnly() {
    metrics.request(1, 99_999, RequestOutcome.SUCCEEDED);
    for (int i = 1; i <= TaskMetrics.LATENCY_SAMPLES; i++) {
      metrics.request(1, i, RequestOutcome.SUCCEEDED);
    }
    assertThat(metrics.getRequestLatencyP99Ms()).isEqualTo((long) Math.ceil(0.99 * TaskMetrics.LATENCY_SAMPLES));
  }

  @Test
  void outcomesOfStatusesAndTransportFailures() {
    assertThat(RequestOutcome.ofStatus(204)).isEqualTo(RequestOutcome.SUCCEEDED);
    assertThat(RequestOutcome.ofStatus(400)).isEqualTo(RequestOutcome.CLIENT_ERROR);
    assertThat(RequestOutcome.ofStatus(401)).isEqualTo(RequestOutcome.CLIENT_ERROR);
    assertThat(RequestOutcome.ofStatus(429)).isEqualTo(RequestOutcome.RATE_LIMITED);
    assertThat(RequestOutcome.ofStatus(503)).isEqualTo(RequestOutcome.SERVER_ERROR);
    assertThat(RequestOutcome.ofStatus(423)).isEqualTo(RequestOutcome.SERVER_ERROR);
    assertThat(RequestOutcome.ofStatus(477)).isEqualTo(RequestOutcome.SERVER_ERROR);
    assertThat(RequestOutcome.ofStatus(302)).isEqualTo(RequestOutcome.OTHER);
    assertThat(RequestOutcome.ofTransport(new java.io.IOException("x",
        new java.net.SocketTimeoutException("Read timed out")))).isEqualTo(RequestOutcome.TIMEOUT);
    assertThat(RequestOutcome.ofTransport(new java.net.ConnectException("refused")))
        .isEqualTo(RequestOutcome.IO_ERROR);
  }

  @Test
  void deadLetterReasonsAreCountedWithoutCorrelationIdsAndBounded() {
    metrics.deadLettered("no identifier: HubSpot needs one of email, objectId or utk");
    metrics.deadLettered("no identifier: HubSpot needs one of email, objectId or utk");
    metrics.deadLettered("HubSpot refused the occurrence: HubSpot answered 400 VALIDATION_ERROR: bad [correlationId=a1]");
    metrics.deadLettered("HubSpot refused the occurrence: HubSpot answered 400 VALIDATION_ERROR: bad [correlationId=b2]");
    metrics.deadLettered("HubSpot refused the occurrence: HubSpot answered 400 VALIDATION_ERROR: bad [correlationId=c3]");
    assertThat(metrics.topReasons(5)).containsExactly(
        Map.entry("HubSpot refused the occurrence: HubSpot answered 400 VALIDATION_ERROR: bad", 3L),
        Map.entry("no identifier: HubSpot needs one of email, objectId or utk", 2L));
    assertThat(metrics.getTopDeadLetterReasons()).isEqualTo(
        "3 x HubSpot refused the occurrence: HubSpot answered 400 VALIDATION_ERROR: bad; "
            + "2 x no identifier: HubSpot needs one of email, objectId or utk");
    for (int i = 0; i < 3 * TaskMetrics.MAX_REASONS; i++) {
      metrics.deadLettered("reason " + i);
    }
    assertThat(metrics.topReasons(1000)).hasSizeLessThanOrEqualTo(TaskMetrics.MAX_REASONS + 1)
        .extracting(Map.Entry::getKey).contains(TaskMetrics.OTHER_REASONS);
    assertThat(metrics.getRecordsDeadLettered()).isEqualTo(5 + 3 * TaskMetrics.MAX_REASONS);
    assertThat(TaskMetrics.reasonKey("x".repeat(1000))).hasSize(163);
  }

  @Test
  void theWindowsGiveTheMinutesRatioAndLagMaxWhileCountsAreSinceStart() {
    metrics.startWindow(1_000);
    metrics.delivered(3);
    metrics.deadLettered("a");
    metrics.lag(3, 3 * 500L, 700, 1_000);
    TaskMetrics.Window first = metrics.roll(61_000);
    assertThat(first.delivered()).isEqualTo(3);
    assertThat(first.deadLetterRatio()).isEqualTo(0.25);
    assertThat(first.lagMaxMs()).isEqualTo(700);
    assertThat(metrics.getDeadLetterRatio()).isEqualTo(0.25);
    assertThat(metrics.getDeliveryLagMaxMs()).isEqualTo(700);
    assertThat(metrics.getDeliveryLagAvgMs()).isEqualTo(500);

    metrics.delivered(1);
    metrics.lag(1, 60_000, 1_000, 61_000);
    metrics.roll(121_000);
    metrics.roll(181_000);
    assertThat(metrics.getDeadLetterRatio()).isZero();
    assertThat(metrics.getDeliveryLagMaxMs()).as("older than a minute").isZero();
    assertThat(metrics.getRecordsDelivered()).isEqualTo(4);
    assertThat(metrics.getDeliveryLagAvgMs()).isEqualTo((3 * 500 + 1_000) / 4.0);
  }

  @Test
  void gaugesReadTheirSuppliersAndTheLastErrorIsKept() {
    metrics.gauges(() -> 3, () -> 1_234, () -> 56_789L);
    assertThat(metrics.getRequestsInFlight()).isEqualTo(3);
    assertThat(metrics.getBufferedRecords()).isEqualTo(1_234);
    assertThat(metrics.getBufferedBytes()).isEqualTo(56_789L);
    assertThat(metrics.getLastErrorClass()).isEmpty();
    assertThat(metrics.getLastErrorTime()).isEmpty();
    metrics.error("HubSpotException(TRANSIENT 503)", 1_700_000_000_000L);
    assertThat(metrics.getLastErrorClass()).isEqualTo("HubSpotException(TRANSIENT 503)");
    assertThat(metrics.getLastErrorTime()).isEqualTo("2023-11-14T22:13:20Z");
  }
}
