package io.github.connecthubspot.events.hubspot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Random faults for the send endpoints, drawn from a seeded {@link Random}: for the same seed and the
 * same sequence of requests, the same requests fail the same way. One number is drawn per send request
 * and compared with the cumulative shares in this order: each status share (in the order added), then
 * reset, delay, accept-then-fail, accept-then-reset. The shares must add up to at most 1.
 *
 * <pre>{@code
 * Faults.seeded(42).status(503, 0.05).status(477, 0.01).reset(0.01)
 *       .delay(0.01, Duration.ofSeconds(5)).acceptThenFail(0.01, 502).acceptThenReset(0.01)
 * }</pre>
 *
 * Scripted answers ({@link LocalHubSpot#script}) take precedence: no number is drawn for a request that
 * uses a scripted answer.
 */
public final class Faults {
  private final long seed;
  private final Map<Integer, Double> statusShares = new LinkedHashMap<>();
  private double resetShare;
  private double delayShare;
  private Duration delay = Duration.ofSeconds(5);
  private double acceptThenFailShare;
  private int acceptThenFailStatus = 502;
  private double acceptThenResetShare;
  private int retryAfter477Seconds = 3;
  private Random random;

  private Faults(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** No faults. */
  public static Faults none() {
    return new Faults(0);
  }

  public static Faults seeded(long seed) {
    return new Faults(seed);
  }

  /** Answer {@code status} (500, 502, 503, 504, 521, 523, 524, 423, 477, 429, ...) to a share of requests. */
  public Faults status(int status, double share) {
    checkShare(share);
    statusShares.merge(status, share, Double::sum);
    return check();
  }

  /** Close the connection without answering (nothing recorded) for a share of requests. */
  public Faults reset(double share) {
    checkShare(share);
    this.resetShare = share;
    return check();
  }

  /** Delay a share of requests by {@code delay} (real time), then process them normally. */
  public Faults delay(double share, Duration delay) {
    checkShare(share);
    this.delayShare = share;
    this.delay = delay;
    return check();
  }

  /** Accept and record a share of requests, then answer {@code status} instead of 204. */
  public Faults acceptThenFail(double share, int status) {
    checkShare(share);
    this.acceptThenFailShare = share;
    this.acceptThenFailStatus = status;
    return check();
  }

  /** Accept and record a share of requests, then close the connection without answering. */
  public Faults acceptThenReset(double share) {
    checkShare(share);
    this.acceptThenResetShare = share;
    return check();
  }

  /** Retry-After (seconds) sent with 477 answers; default 3. */
  public Faults retryAfter477Seconds(int seconds) {
    this.retryAfter477Seconds = seconds;
    return this;
  }

  public long seed() {
    return seed;
  }

  public int retryAfter477Seconds() {
    return retryAfter477Seconds;
  }

  /** Sum of all shares. */
  public double totalShare() {
    double t = resetShare + delayShare + acceptThenFailShare + acceptThenResetShare;
    for (double s : statusShares.values()) {
      t += s;
    }
    return t;
  }

  /** Restarts the random sequence from the seed. */
  public synchronized void rewind() {
    random = new Random(seed);
  }

  /** Draws the fault for the next request, or null for none. */
  Scripted draw() {
    double total = totalShare();
    if (total <= 0) {
      return null;
    }
    double r;
    synchronized (this) {
      r = random.nextDouble();
    }
    double c = 0;
    for (Map.Entry<Integer, Double> e : statusShares.entrySet()) {
      c += e.getValue();
      if (r < c) {
        return Scripted.status(e.getKey());
      }
    }
    if (r < (c += resetShare)) {
      return Scripted.reset();
    }
    if (r < (c += delayShare)) {
      return Scripted.delay(delay);
    }
    if (r < (c += acceptThenFailShare)) {
      return Scripted.acceptThenFail(acceptThenFailStatus);
    }
    if (r < c + acceptThenResetShare) {
      return Scripted.acceptThenReset();
    }
    return null;
  }

  private static void checkShare(double share) {
    if (share < 0 || share > 1 || Double.isNaN(share)) {
      throw new IllegalArgumentException("share must be within [0, 1]: " + share);
    }
  }

  private Faults check() {
    if (totalShare() > 1.0000001) {
      throw new IllegalArgumentException("fault shares add up to more than 1: " + totalShare());
    }
    return this;
  }

  @Override
  public String toString() {
    return "Faults{seed="
        + seed
        + ", status="
        + statusShares
        + ", reset="
        + resetShare
        + ", delay="
        + delayShare
        + "/"
        + delay.toMillis()
        + "ms, acceptThenFail="
        + acceptThenFailShare
        + "/"
        + acceptThenFailStatus
        + ", acceptThenReset="
        + acceptThenResetShare
        + "}";
  }
}
