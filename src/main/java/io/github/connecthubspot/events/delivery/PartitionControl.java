package io.github.connecthubspot.events.delivery;

import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * How the engine stops and restarts consumption. Called from the task thread only: the worker's
 * consumer is not thread-safe.
 */
public interface PartitionControl {

  /** Pauses every partition the task owns. */
  void pauseAll();

  /** Resumes every partition the task owns. */
  void resumeAll();

  /** Asks the worker to call {@code put()} again within {@code ms}, even with no records. */
  void wakeUpWithin(long ms);

  /** Through the task's context. */
  static PartitionControl of(SinkTaskContext context) {
    return new PartitionControl() {
      @Override
      public void pauseAll() {
        Set<TopicPartition> owned = context.assignment();
        context.pause(owned.toArray(new TopicPartition[0]));
      }

      @Override
      public void resumeAll() {
        Set<TopicPartition> owned = context.assignment();
        context.resume(owned.toArray(new TopicPartition[0]));
      }

      @Override
      public void wakeUpWithin(long ms) {
        context.timeout(ms);
      }
    };
  }
}
