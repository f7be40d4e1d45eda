package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.model.Occurrence;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One record the task took, from {@code put()} until its offset may be committed. Its state moves
 * once out of {@link #PENDING}, by compare-and-set, so a sender thread finishing it and the task
 * thread cancelling it never both win.
 */
final class Item {
  static final int PENDING = 0;
  static final int DELIVERED = 1;
  /** HubSpot refused it; the task thread has yet to report it. */
  static final int REFUSED = 2;
  /** Handed to the errant-record reporter; done when the reporter's future is. */
  static final int REPORTED = 3;
  static final int SKIPPED = 4;
  /** Its partition was closed: never sent, never committed. */
  static final int CANCELLED = 5;
  /** What a record costs besides its contents: the SinkRecord, its Item, the queues' nodes. */
  static final long RECORD_OVERHEAD_BYTES = 256;

  private static final AtomicIntegerFieldUpdater<Item> STATE =
      AtomicIntegerFieldUpdater.newUpdater(Item.class, "state");

  final TopicPartition partition;
  final long offset;
  final long enqueuedAtMs;
  /** The record's Kafka timestamp, or -1 when it has none. */
  final long timestamp;
  /** What its occurrence adds to a request's JSON: its bytes and a comma. */
  final long bytes;
  /**
   * About how much heap it holds until done: the record and its occurrence (the record's value
   * holds about what its occurrence does, often more: the occurrence is counted twice).
   */
  final long heapBytes;
  private SinkRecord record;
  private Occurrence occurrence;
  private volatile int state;
  private volatile Future<Void> report;

  Item(SinkRecord record, Occurrence occurrence, int state, long enqueuedAtMs) {
    this(record, partitionOf(record), occurrence, state, enqueuedAtMs);
  }

  /** {@code partition}: the record's original topic-partition (one instance shared by many). */
  Item(SinkRecord record, TopicPartition partition, Occurrence occurrence, int state,
      long enqueuedAtMs) {
    this.partition = partition;
    this.offset = record.originalKafkaOffset();
    this.timestamp = record.timestamp() == null ? -1 : record.timestamp();
    this.record = record;
    this.occurrence = occurrence;
    this.state = state;
    this.enqueuedAtMs = enqueuedAtMs;
    this.bytes = occurrence == null ? 0 : occurrence.jsonBytes() + 1;
    this.heapBytes = RECORD_OVERHEAD_BYTES + 2 * bytes;
  }

  static TopicPartition partitionOf(SinkRecord record) {
    return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
  }

  SinkRecord record() {
    return record;
  }

  Occurrence occurrence() {
    return occurrence;
  }

  int state() {
    return state;
  }

  boolean pending() {
    return state == PENDING;
  }

  /** HubSpot accepted it (or already had its uuid); frees the payload. */
  boolean deliver() {
    if (STATE.compareAndSet(this, PENDING, DELIVERED)) {
      record = null;
      occurrence = null;
      return true;
    }
    return false;
  }

  boolean refuse() {
    if (STATE.compareAndSet(this, PENDING, REFUSED)) {
      occurrence = null;
      return true;
    }
    return false;
  }

  /** Task thread: the reporter took it. */
  boolean reported(Future<Void> future) {
    this.report = future;
    if (STATE.compareAndSet(this, REFUSED, REPORTED)) {
      record = null;
      return true;
    }
    return false;
  }

  /** Whether the reporter took it and has not confirmed yet (or failed): see {@link #done()}. */
  boolean awaitsReport() {
    Future<Void> f = report;
    return state == REPORTED && (f == null || !f.isDone());
  }

  void cancel() {
    STATE.compareAndSet(this, PENDING, CANCELLED);
    STATE.compareAndSet(this, REFUSED, CANCELLED);
  }

  /**
   * Whether every obligation for this record is met, so its offset may be committed.
   *
   * @throws ExecutionException when the errant-record reporter failed to take it
   */
  boolean done() throws ExecutionException, InterruptedException {
    switch (state) {
      case DELIVERED:
      case SKIPPED:
        return true;
      case REPORTED:
        Future<Void> f = report;
        if (f == null || !f.isDone()) {
          return false;
        }
        f.get(); // done: does not block; throws what the reporter failed with
        return true;
      default:
        return false;
    }
  }

  String coordinates() {
    return partition.topic() + "-" + partition.partition() + "@" + offset;
  }
}
