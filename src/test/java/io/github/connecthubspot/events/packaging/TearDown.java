package io.github.connecthubspot.events.packaging;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a test's tear-down, each run even when an earlier one failed; the first failure is
 * thrown at the end with the others suppressed in it.
 */
public final class TearDown {
  /** One step, which may throw anything. */
  public interface Step {
    void run() throws Exception;
  }

  private final List<Throwable> failures = new ArrayList<>();

  public void run(Step step) {
    try {
      step.run();
    } catch (Throwable t) {
      failures.add(t);
    }
  }

  /** Throws the first failure, if any, with the others suppressed in it. */
  public void throwIfFailed() {
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError("tear-down failed: " + failures.get(0), failures.get(0));
      failures.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
  }
}
