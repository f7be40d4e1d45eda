package io.github.connecthubspot.events.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;

/** Holds each submitted send until the test runs it, in the order it chooses. */
final class ManualExecutor implements Executor {
  private final List<Runnable> queued = new ArrayList<>();

  @Override
  public synchronized void execute(Runnable command) {
    queued.add(command);
  }

  synchronized int queued() {
    return queued.size();
  }

  /** Runs the oldest held send; false when none. */
  boolean runNext() {
    Runnable r;
    synchronized (this) {
      if (queued.isEmpty()) {
        return false;
      }
      r = queued.remove(0);
    }
    r.run();
    return true;
  }

  /** Runs one held send chosen at random; false when none. */
  boolean runRandom(Random random) {
    Runnable r;
    synchronized (this) {
      if (queued.isEmpty()) {
        return false;
      }
      r = queued.remove(random.nextInt(queued.size()));
    }
    r.run();
    return true;
  }

  /** Runs the held sends, not those they cause. */
  void runQueued() {
    List<Runnable> now;
    synchronized (this) {
      now = new ArrayList<>(queued);
      queued.clear();
    }
    now.forEach(Runnable::run);
  }
}
