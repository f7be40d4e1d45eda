package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.client.HubSpotException;
import io.github.connecthubspot.events.model.Completion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First delivery: sends a batch as soon as {@code batch.size} occurrences are waiting, and the rest
 * at {@code preCommit}; any failed send fails the task. No retries, no throttling.
 */
public final class SynchronousDelivery implements Delivery {
  private static final Logger log = LoggerFactory.getLogger(SynchronousDelivery.class);

  private final HubSpotClient client;
  private final int batchSize;
  private final List<Completion> pending = new ArrayList<>();
  private final List<SinkRecord> pendingRecords = new ArrayList<>();

  public SynchronousDelivery(HubSpotClient client, int batchSize) {
    this.client = client;
    this.batchSize = batchSize;
  }

  @Override
  public void submit(SinkRecord record, Completion completion) {
    pending.add(completion);
    pendingRecords.add(record);
    if (pending.size() >= batchSize) {
      sendPending();
    }
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    sendPending();
    return currentOffsets;
  }

  private void sendPending() {
    if (pending.isEmpty()) {
      return;
    }
    SinkRecord first = pendingRecords.get(0);
    try {
      client.send(List.copyOf(pending));
      log.debug("Sent {} occurrence(s) starting at {}-{}@{}", pending.size(),
          first.originalTopic(), first.originalKafkaPartition(), first.originalKafkaOffset());
    } catch (HubSpotException e) {
      throw new ConnectException("Sending " + pending.size() + " occurrence(s) starting at "
          + first.originalTopic() + "-" + first.originalKafkaPartition() + "@"
          + first.originalKafkaOffset() + " failed: " + e.getMessage(), e);
    }
    pending.clear();
    pendingRecords.clear();
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    for (int i = pendingRecords.size() - 1; i >= 0; i--) {
      SinkRecord r = pendingRecords.get(i);
      if (partitions.contains(new TopicPartition(r.originalTopic(), r.originalKafkaPartition()))) {
        pendingRecords.remove(i);
        pending.remove(i);
      }
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
