package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.model.Occurrence;
import java.io.Closeable;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The delivery step, as the task sees it. Every method is called from the task thread; none
 * blocks for long (an offset commit waits at most {@code stop.drain.timeout.ms}, for answers).
 * A failure of the background work surfaces from {@link #poll()} as a {@code
 * ConnectException} with its cause; {@link #preCommit} never throws it.
 */
public interface Delivery extends Closeable {

  /**
   * Asks HubSpot whether it takes the credentials (creating no event), waiting for its answer.
   *
   * @throws org.apache.kafka.connect.errors.ConnectException naming the settings to fix when
   *     HubSpot refused them; an answer that says nothing about them is left for the sends
   */
  void checkCredentials();

  /** Takes the occurrence {@code record} became, written ({@link Occurrence#of}), to be sent. */
  void submit(SinkRecord record, Occurrence occurrence);

  /** Takes a record that needs no sending (an ignored tombstone): done at once. */
  void skip(SinkRecord record);

  /**
   * Takes a record that cannot be sent: reports it to the errant-record reporter, or throws a
   * {@code ConnectException} with {@code reason} when there is none.
   */
  void reject(SinkRecord record, RuntimeException reason);

  /**
   * Housekeeping at each {@code put()}: surfaces a background failure, reports what HubSpot
   * refused, pauses or resumes the partitions; and sending goes on if a commit held it.
   */
  void poll();

  /**
   * The offsets safe to commit, by original topic-partition: each is the offset after the last
   * record of a prefix in which every record was delivered or reported. Partitions with nothing
   * safe are left out; {@code currentOffsets} is not trusted for offsets. When the partitions of
   * {@code currentOffsets} hold records, no fresh batch is sent until the next {@link #poll()} or
   * {@link #close(Collection)}, and, up to {@code stop.drain.timeout.ms}, what was sent is waited
   * for (sent again if it failed, while that can be done by then), with the dead-letter reports
   * of what HubSpot refused: Connect commits right before it closes partitions, so a graceful
   * stop, restart or rebalance commits what was sent, and what was not sent is read again by the
   * next owner and sent once.
   */
  Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets);

  /**
   * Partitions Connect assigned: consumption follows the buffer again at once. Connect keeps a
   * pause the task asked for across a rebalance (for the partitions it assigns again), while a
   * resume asked between the revocation and the assignment reaches no partition.
   */
  void open(Collection<TopicPartition> partitions);

  /**
   * Drops the unsent records of partitions the task no longer owns, without committing them;
   * sending goes on for the others.
   */
  void close(Collection<TopicPartition> partitions);

  /**
   * Sends what it can within the drain timeout (for partitions not closed yet: Connect closes
   * them all first, after a last {@link #preCommit}), then stops and closes the client.
   */
  @Override
  void close();
}
