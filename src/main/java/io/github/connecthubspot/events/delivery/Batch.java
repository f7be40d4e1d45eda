package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.model.Completion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
  /** The request's inputs, in order: each the items sharing one uuid, the first one sent. */
  private final List<List<Item>> inputs;
  private final List<String> uuids;
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
    this.inputs = new ArrayList<>(items.size());
    this.uuids = new ArrayList<>(items.size());
    Map<String, List<Item>> byUuid = new HashMap<>();
    for (Item item : items) {
      Completion c = item.completion();
      String key = c == null || c.uuid() == null ? null : c.eventName() + '\u0000' + c.uuid();
      List<Item> input = key == null ? null : byUuid.get(key);
      if (input == null) {
        input = new ArrayList<>(1);
        inputs.add(input);
        uuids.add(c == null ? null : c.uuid());
        if (key != null) {
          byUuid.put(key, input);
        }
      }
      input.add(item);
    }
  }

  /** How many occurrences the request holds (its inputs; items sharing a uuid count once). */
  int size() {
    return inputs.size();
  }

  /** The items of input {@code i}: its first is the one sent. */
  List<Item> input(int i) {
    return inputs.get(i);
  }

  /** The uuid of each input, in order (null where it has none). */
  List<String> uuids() {
    return uuids;
  }

  /** Whether some occurrence of this batch still belongs to the task (not cancelled or done). */
  boolean anyPending() {
    for (Item item : items) {
      if (item.pending()) {
        return true;
      }
    }
    return false;
  }

  /** The request's occurrences: one per input. */
  List<Completion> completions() {
    List<Completion> list = new ArrayList<>(inputs.size());
    for (List<Item> input : inputs) {
      list.add(input.get(0).completion());
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
    for (int i = 0; i < inputs.size(); i++) {
      if (!done.contains(i)) {
        for (Item item : inputs.get(i)) {
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
    int mid = inputs.size() / 2;
    List<Item> first = new ArrayList<>();
    List<Item> second = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      (i < mid ? first : second).addAll(inputs.get(i));
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
