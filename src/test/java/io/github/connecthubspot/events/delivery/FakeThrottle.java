package io.github.connecthubspot.events.delivery;

/** A throttle with a permit count the test sets; records HubSpot's signals. */
final class FakeThrottle implements Throttle {
  int permits = Integer.MAX_VALUE;
  int acquired;
  int slowDowns;
  int recoveries;
  volatile double rate = 10;

  @Override
  public synchronized boolean tryAcquire() {
    if (permits <= 0) {
      return false;
    }
    if (permits != Integer.MAX_VALUE) {
      permits--;
    }
    acquired++;
    return true;
  }

  synchronized void grant(int n) {
    permits = n;
  }

  @Override
  public long retryDelayMs() {
    return 100;
  }

  @Override
  public synchronized void slowDown() {
    slowDowns++;
  }

  @Override
  public synchronized void recover() {
    recoveries++;
  }

  @Override
  public double rate() {
    return rate;
  }
}
