package io.github.connecthubspot.events.metrics;

/**
 * A task's metrics as JMX attributes, under the object name {@code
 * kafka.connect.hubspot:type=task-metrics,connector=<connector>,task=<task id>}. Counts are since
 * the task started; "recent" figures cover the last requests or the last minute, as named.
 */
public interface HubSpotTaskMetricsMBean {
  long getRecordsReceived();

  long getRecordsDelivered();

  long getRecordsDeadLettered();

  long getRecordsSkipped();

  /** Batches a dry run ({@code hubspot.dry.run=true}) did not send. */
  long getDryRunBatches();

  /** Properties left out because the event's definition lacks them ({@code behavior.on.undefined.property=drop}). */
  long getUndefinedPropertiesDropped();

  long getRequests();

  long getRequestsSucceeded();

  long getRequests400();

  long getRequests429();

  long getRequests5xx();

  long getRequestsIoError();

  long getRequestsTimeout();

  long getRequestsOtherError();

  long getRetries();

  long getHeldByBudgetMs();

  long getHeldByHubSpotMs();

  double getBatchSizeAvg();

  double getRequestLatencyAvgMs();

  long getRequestLatencyP99Ms();

  int getRequestsInFlight();

  int getBufferedRecords();

  long getBufferedBytes();

  double getDeliveryLagAvgMs();

  long getDeliveryLagMaxMs();

  double getDeadLetterRatio();

  String getTopDeadLetterReasons();

  String getLastErrorClass();

  String getLastErrorTime();
}
