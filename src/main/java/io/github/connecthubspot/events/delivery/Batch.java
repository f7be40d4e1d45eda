package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.model.Completion;
import java.util.ArrayList;
import java.util.List;

/** One request's worth of items, and what its attempts so far have been. */
final class Batch {
  final List<Item> items;
  /** Attempts that failed transiently or were rate limited. */
  int failures;
  /** When the first of them failed; -1 before any. */
  long firstFailureMs = -1;
  /** Not sent before this time. */
  long dueMs;

  Batch(List<Item> items, long dueMs) {
    this.items = items;
    this.dueMs = dueMs;
  }

  int size() {
    return items.size();
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

  List<Completion> completions() {
    List<Completion> list = new ArrayList<>(items.size());
    for (Item item : items) {
      list.add(item.completion());
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
    return b;
  }

  /** The two halves to send instead of a batch HubSpot refused (bisection); new retry clocks. */
  List<Batch> halves(long nowMs) {
    int mid = items.size() / 2;
    return List.of(
        new Batch(new ArrayList<>(items.subList(0, mid)), nowMs),
        new Batch(new ArrayList<>(items.subList(mid, items.size())), nowMs));
  }

  /** "N occurrence(s) starting at topic-partition@offset", for logs and messages. */
  String describe() {
    return items.size() + " occurrence(s) starting at " + items.get(0).coordinates();
  }
}
