package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.model.Occurrence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * One request's worth of items, and what its attempts so far have been.
 *
 * <p>Each uuid (per event name) is sent once per request: the request's inputs are the first item
 * of each uuid (and each item without one), and a later item with the same uuid (a producer's
 * duplicate, with {@code uuid.source=field}) follows that first one and shares its outcome. Sending
 * both would have HubSpot take the first and reject the second, or the whole request, for the
 * duplicate.
 */
final class Batch {
  final List<Item> items;
  /** The first item of each of the request's inputs, in order: the one sent. */
  private final Item[] firsts;
  /** The event name of each input (read once: a delivered item lets go of its occurrence). */
  private final String[] events;
  private final List<String> uuids;
  /** The later items of the inputs that have some, by input; null when no uuid repeats (most batches). */
  private Map<Integer, List<Item>> followers;
  /** Attempts that failed transiently or were rate limited. */
  int failures;
  /** When the first of them failed; -1 before any. */
  long firstFailureMs = -1;
  /** Not sent before this time. */
  long dueMs;
  /** The split this batch is a half of (null when it is not); which half, 0 or 1. */
  private Split split;
  private int half;

  Batch(List<Item> items, long dueMs) {
    this.items = items;
    this.dueMs = dueMs;
    int n = items.size();
    Item[] first = new Item[n];
    String[] event = new String[n];
    this.uuids = new ArrayList<>(n);
    // By uuid alone: a uuid is almost always one event's; another event's same uuid (a different
    // occurrence) is looked up by event and uuid, in a map made only then.
    Map<String, Integer> byUuid = new HashMap<>(Math.max(16, n * 4 / 3 + 1));
    Map<String, Integer> byEventAndUuid = null;
    int inputs = 0;
    for (Item item : items) {
      Occurrence c = item.occurrence();
      String uuid = c == null ? null : c.uuid();
      if (uuid != null) {
        Integer at = byUuid.putIfAbsent(uuid, inputs);
        if (at != null && Objects.equals(event[at], c.eventName())) {
          follow(at, item);
          continue;
        }
        if (at != null) {
          if (byEventAndUuid == null) {
            byEventAndUuid = new HashMap<>();
          }
          Integer other = byEventAndUuid.putIfAbsent(c.eventName() + '\u0000' + uuid, inputs);
          if (other != null) {
            follow(other, item);
            continue;
          }
        }
      }
      first[inputs] = item;
      event[inputs] = c == null ? null : c.eventName();
      uuids.add(uuid);
      inputs++;
    }
    this.firsts = inputs == n ? first : Arrays.copyOf(first, inputs);
    this.events = inputs == n ? event : Arrays.copyOf(event, inputs);
  }

  private void follow(int input, Item item) {
    if (followers == null) {
      followers = new HashMap<>();
    }
    followers.computeIfAbsent(input, i -> new ArrayList<>(1)).add(item);
  }

  /** How many occurrences the request holds (its inputs; items sharing a uuid count once). */
  int size() {
    return firsts.length;
  }

  /** The items of input {@code i}: its first is the one sent. */
  List<Item> input(int i) {
    List<Item> more = followers == null ? null : followers.get(i);
    if (more == null) {
      return Collections.singletonList(firsts[i]);
    }
    List<Item> all = new ArrayList<>(1 + more.size());
    all.add(firsts[i]);
    all.addAll(more);
    return all;
  }

  /** The uuid of each input, in order (null where it has none). */
  List<String> uuids() {
    return uuids;
  }

  /**
   * Whether some occurrence of this batch, of a partition {@code partitions} accepts, still
   * belongs to the task (not cancelled or done).
   */
  boolean anyPendingIn(Predicate<TopicPartition> partitions) {
    for (Item item : items) {
      if (item.pending() && partitions.test(item.partition)) {
        return true;
      }
    }
    return false;
  }

  /** The request's occurrences: one per input. */
  List<Occurrence> occurrences() {
    List<Occurrence> list = new ArrayList<>(firsts.length);
    for (Item first : firsts) {
      list.add(first.occurrence());
    }
    return list;
  }

  void failed(long nowMs) {
    failures++;
    if (firstFailureMs < 0) {
      firstFailureMs = nowMs;
    }
  }

  /** Starts the retry clock afresh (after the daily limit, which is waited out, not retried). */
  void resetFailures() {
    failures = 0;
    firstFailureMs = -1;
  }

  /** This batch without the items no longer pending (cancelled); null when none is left. */
  Batch live() {
    int pending = 0;
    for (Item item : items) {
      if (item.pending()) {
        pending++;
      }
    }
    if (pending == items.size()) {
      return this;
    }
    if (pending == 0) {
      return null;
    }
    List<Item> kept = new ArrayList<>(pending);
    for (Item item : items) {
      if (item.pending()) {
        kept.add(item);
      }
    }
    Batch b = new Batch(kept, dueMs);
    b.failures = failures;
    b.firstFailureMs = firstFailureMs;
    b.split = split; // still the same half of the same split
    b.half = half;
    return b;
  }

  /** A new batch of the pending items of every input but {@code done}; null when none is left. */
  Batch without(Collection<Integer> done, long nowMs) {
    List<Item> kept = new ArrayList<>();
    for (int i = 0; i < firsts.length; i++) {
      if (!done.contains(i)) {
        for (Item item : input(i)) {
          if (item.pending()) {
            kept.add(item);
          }
        }
      }
    }
    return kept.isEmpty() ? null : new Batch(kept, nowMs);
  }

  /**
   * The two halves (by inputs, an input's items together) to send instead of a batch HubSpot
   * refused (bisection); new retry clocks. {@code signature}: the refusal's request-level
   * signature ({@link RetryPolicy#requestLevelSignature}), null when it named inputs or was not a
   * 400; the halves remember it.
   */
  List<Batch> halves(long nowMs, String signature) {
    int mid = firsts.length / 2;
    List<Item> first = new ArrayList<>();
    List<Item> second = new ArrayList<>();
    for (int i = 0; i < firsts.length; i++) {
      (i < mid ? first : second).addAll(input(i));
    }
    Split s = new Split(signature);
    Batch a = new Batch(first, nowMs);
    Batch b = new Batch(second, nowMs);
    a.split = s;
    b.split = s;
    a.half = 0;
    b.half = 1;
    return List.of(a, b);
  }

  /**
   * Whether this batch is a half of a split and both halves are now refused with the request-level
   * {@code signature} of the batch they were split from: counts this half's refusal. Called with
   * the engine's lock held.
   */
  boolean bothHalvesRefusedWith(String signature) {
    return split != null && split.refused(half, signature);
  }

  /**
   * One bisection step: the request-level signature of the refusal that split a batch, and which
   * of its two halves have been refused with that same signature since.
   */
  private static final class Split {
    private final String signature;
    private final boolean[] refused = new boolean[2];

    Split(String signature) {
      this.signature = signature;
    }

    boolean refused(int half, String s) {
      if (signature == null || !signature.equals(s)) {
        return false;
      }
      refused[half] = true;
      return refused[0] && refused[1];
    }
  }

  /** "N occurrence(s) starting at topic-partition@offset", for logs and messages. */
  String describe() {
    return items.size() + " occurrence(s) starting at " + items.get(0).coordinates();
  }
}
