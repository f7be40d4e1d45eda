package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.model.Completion;
import java.io.Closeable;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/** The delivery step: takes mapped occurrences and says which offsets are safe to commit. */
public interface Delivery extends Closeable {

  /** Takes the occurrence {@code record} became; a fatal failure surfaces as a ConnectException. */
  void submit(SinkRecord record, Completion completion);

  /**
   * The offsets safe to commit: those up to which every record was delivered or reported. Called
   * from {@code SinkTask.preCommit}.
   */
  Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets);

  /** Forgets what was taken for partitions this task no longer owns. */
  void close(Collection<TopicPartition> partitions);

  /** Stops sending and closes the client. */
  @Override
  void close();
}
