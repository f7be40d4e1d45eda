package io.github.connecthubspot.events.delivery;

import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The records of one partition, in the order the task took them, and the offset up to which all
 * are done. Used by the task thread only.
 *
 * <p>Connect hands a partition's records in increasing offset order, so the first records not
 * done bound what may be committed: {@link #committable()} is the offset after the last record of
 * the done prefix. Should a lower offset arrive anyway (a rewind), the answer is also held below
 * the lowest offset not yet done.
 */
final class OffsetTracker {
  private final ArrayDeque<Item> items = new ArrayDeque<>();
  private long committable = -1;
  private long lastAdded = -1;
  private boolean rewound;
  private long bytes;

  void add(Item item) {
    if (item.offset <= lastAdded) {
      rewound = true;
    }
    lastAdded = Math.max(lastAdded, item.offset);
    items.addLast(item);
    bytes += item.heapBytes;
  }

  /**
   * Drops the done records at the head.
   *
   * @return how many were dropped
   * @throws ConnectException when the errant-record reporter failed to take one
   */
  int advance() {
    int dropped = 0;
    while (!items.isEmpty() && isDone(items.peekFirst())) {
      Item done = items.pollFirst();
      committable = done.offset + 1;
      bytes -= done.heapBytes;
      dropped++;
    }
    if (items.isEmpty()) {
      rewound = false;
    }
    return dropped;
  }

  private static boolean isDone(Item item) {
    try {
      return item.done();
    } catch (ExecutionException e) {
      throw new ConnectException("The errant-record reporter failed to take record "
          + item.coordinates(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether the first record held waits for its dead-letter report (after {@link #advance()}). */
  boolean awaitsReport() {
    return !items.isEmpty() && items.peekFirst().awaitsReport();
  }

  /** The next offset to commit: every record before it is done; empty when none is known. */
  OptionalLong committable() {
    if (committable < 0) {
      return OptionalLong.empty();
    }
    long safe = committable;
    if (rewound) {
      for (Item item : items) {
        safe = Math.min(safe, item.offset);
      }
    }
    return OptionalLong.of(safe);
  }

  /** Records held: not done, or behind one that is not. */
  int size() {
    return items.size();
  }

  /** The estimated heap the held records take ({@link Item#heapBytes}). */
  long bytes() {
    return bytes;
  }

  /** Cancels what is left, for a partition the task no longer owns; returns how many. */
  int cancelAll() {
    int n = items.size();
    for (Item item : items) {
      item.cancel();
    }
    items.clear();
    bytes = 0;
    return n;
  }
}
