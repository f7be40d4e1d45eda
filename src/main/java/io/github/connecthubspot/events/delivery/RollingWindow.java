package io.github.connecthubspot.events.delivery;

import org.apache.kafka.common.utils.Time;

/**
 * HubSpot's rolling window, kept exactly on our side: at most {@code limit} requests in any
 * {@code windowMs}. HubSpot counts a request when it arrives, which is after we send it and before
 * its answer comes back; so a request counts here from the moment it is let through until {@code
 * windowMs} after its answer (or failure) came back. Two requests {@code limit} apart therefore
 * reach HubSpot at least {@code windowMs} apart, whatever the network and the sender threads
 * delayed, with no margin to guess. What this costs: with answers taking {@code L} ms, the
 * steady rate is at most {@code limit / (windowMs + L)}.
 *
 * <p>Used by the dispatcher thread (admissions) and the sender threads (answers): synchronized.
 */
final class RollingWindow {
  private final int limit;
  private final long windowMs;
  private final Time time;
  /** When the answers still in the window came back, oldest first (a ring of {@code limit}). */
  private final long[] answeredAtMs;
  private int head;
  private int answered;
  /** Let through, not yet answered: in the window until they are, and {@code windowMs} after. */
  private int open;

  RollingWindow(int limit, long windowMs, Time time) {
    if (limit < 1 || windowMs < 1) {
      throw new IllegalArgumentException("limit and window must be positive: " + limit + " per "
          + windowMs + " ms");
    }
    this.limit = limit;
    this.windowMs = windowMs;
    this.time = time;
    this.answeredAtMs = new long[limit];
  }

  /** Whether one more request may go now. */
  synchronized boolean hasRoom() {
    expire(time.milliseconds());
    return open + answered < limit;
  }

  /** Lets one request through when the window has room for it now. */
  synchronized boolean tryAdmit() {
    if (!hasRoom()) {
      return false;
    }
    open++;
    return true;
  }

  /** A request let through came back (answered or failed): it leaves the window {@code windowMs} from now. */
  synchronized void answered() {
    if (open == 0) {
      return;
    }
    long now = time.milliseconds();
    expire(now);
    open--;
    answeredAtMs[(head + answered) % limit] = now;
    answered++;
  }

  /**
   * How long until {@link #tryAdmit()} may succeed, in ms (at least 1), counting only answers
   * already back; when every slot is taken by a request still on the wire, its answer signals the
   * dispatcher, and this says to look again a window from now at the latest.
   */
  synchronized long retryDelayMs() {
    long now = time.milliseconds();
    expire(now);
    if (open + answered < limit) {
      return 1;
    }
    if (answered == 0) {
      return windowMs;
    }
    return Math.max(1, answeredAtMs[head] + windowMs - now);
  }

  /** Requests counted in the window now (on the wire or answered within it). */
  synchronized int inWindow() {
    expire(time.milliseconds());
    return open + answered;
  }

  int limit() {
    return limit;
  }

  private void expire(long now) {
    while (answered > 0 && answeredAtMs[head] <= now - windowMs) {
      head = (head + 1) % limit;
      answered--;
    }
  }
}
