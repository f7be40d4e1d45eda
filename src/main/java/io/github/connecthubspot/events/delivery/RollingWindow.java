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
  /** The connector's whole window, of which {@link #limit} is this task's share. */
  private final int connectorLimit;
  private final long windowMs;
  private final Time time;
  /** When the answers still in the window came back, oldest first (a ring of {@code limit}). */
  private final long[] answeredAtMs;
  private int head;
  private int answered;
  /** Let through, not yet answered: in the window until they are, and {@code windowMs} after. */
  private int open;

  RollingWindow(int limit, long windowMs, Time time) {
    this(limit, limit, windowMs, time);
  }

  /** This task's share {@code limit} of the connector's {@code connectorLimit} per {@code windowMs}. */
  RollingWindow(int limit, int connectorLimit, long windowMs, Time time) {
    if (limit < 1 || windowMs < 1) {
      throw new IllegalArgumentException("limit and window must be positive: " + limit + " per "
          + windowMs + " ms");
    }
    this.limit = limit;
    this.connectorLimit = Math.max(limit, connectorLimit);
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
    countFrom(now);
  }

  /**
   * A request this task sent outside the dispatcher (the credentials check at start) came back:
   * it counts as one of this task's requests, {@code windowMs} from now. Nothing is counted when
   * the window is already full (it went anyway; HubSpot's answers will tell, see {@link #heed}).
   */
  synchronized void sentAside() {
    long now = time.milliseconds();
    expire(now);
    if (open + answered < limit) {
      countFrom(now);
    }
  }

  /**
   * HubSpot's {@code X-HubSpot-RateLimit-Remaining} in an answer just back: what its window has
   * left once it counted that request. When that is less than this task's room, requests this
   * task did not send fill HubSpot's window (another app on the same token, a check sent before
   * the task started): the room above what is left is filled with requests counted from now,
   * which leave the window {@code windowMs} from now, when whatever HubSpot counted has left its
   * window too. Nothing is held longer than that, and no more than HubSpot says is taken.
   *
   * <p>With one task its room becomes exactly what is left. With several, each keeps at most all
   * of what is left: the tasks' windows add up to the connector's, so their own requests never
   * fill HubSpot's and nothing is lost while only they send; when others fill it too, the tasks
   * together may pass it by what is left once per task but one, and HubSpot's 429 (with nothing
   * left, filling every task's room on its way back) is waited out as any. Splitting what is left
   * by share instead would cost a request whenever one task ran ahead of another, all the time,
   * against a 429 now and then.
   *
   * <p>Only when HubSpot's window ({@code X-HubSpot-RateLimit-Max}, when it says) holds at least
   * the connector's: a budget set above it was raised on purpose, for send endpoints HubSpot
   * documents as exempt from that window, and the header then speaks of the app's other requests.
   *
   * @param max {@code X-HubSpot-RateLimit-Max}, or 0 when absent
   * @return how many requests were counted for others (0 when the room was within what is left),
   *     or -1 when HubSpot's window is smaller than the connector's and was not heeded
   */
  synchronized int heed(long remaining, long max) {
    if (max > 0 && max < connectorLimit) {
      return -1;
    }
    long now = time.milliseconds();
    expire(now);
    int room = limit - open - answered;
    int fill = (int) Math.max(0, room - Math.max(0, remaining));
    for (int i = 0; i < fill; i++) {
      countFrom(now);
    }
    return fill;
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

  /** One more request in the window until {@code windowMs} after {@code now}; room for it is there. */
  private void countFrom(long now) {
    answeredAtMs[(head + answered) % limit] = now;
    answered++;
  }

  private void expire(long now) {
    while (answered > 0 && answeredAtMs[head] <= now - windowMs) {
      head = (head + 1) % limit;
      answered--;
    }
  }
}
