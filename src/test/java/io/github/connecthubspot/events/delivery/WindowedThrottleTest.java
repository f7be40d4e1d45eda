package io.github.connecthubspot.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

/** The exact rolling window over the rate, on a mock clock. */
class WindowedThrottleTest {
  private static final long WINDOW = 10_000;
  private final MockTime time = new MockTime(0, 1_000_000, 0);

  @Test
  void aBurstOfSavedPermitsStopsAtTheWindowAndTheWindowRollsFromEachAnswer() {
    // The rate grants everything (a bursty limiter that saved permits while idle): the window
    // alone decides. 4 requests/s is 40 per rolling 10 s.
    FakeThrottle rate = new FakeThrottle();
    WindowedThrottle throttle = new WindowedThrottle(rate, new RollingWindow(40, WINDOW, time));

    for (int i = 0; i < 40; i++) {
      assertThat(throttle.tryAcquire()).as("request %d", i).isTrue();
    }
    assertThat(throttle.tryAcquire()).as("the 41st in the same window").isFalse();
    assertThat(rate.acquired).as("no permit of the rate spent on a refusal").isEqualTo(40);
    // None answered yet: each is still on the wire, counted whenever HubSpot sees it.
    time.sleep(WINDOW * 3);
    assertThat(throttle.tryAcquire()).isFalse();

    throttle.answered(); // the first answer comes back now: it counts for 10 s more
    time.sleep(WINDOW - 1);
    assertThat(throttle.tryAcquire()).isFalse();
    assertThat(throttle.retryDelayMs()).isEqualTo(1);
    time.sleep(1);
    assertThat(throttle.tryAcquire()).isTrue();
    assertThat(throttle.tryAcquire()).isFalse();
  }

  @Test
  void neverMoreThanTheLimitInAnyRollingWindowWhateverTheAnswerTimes() {
    FakeThrottle rate = new FakeThrottle();
    RollingWindow window = new RollingWindow(13, WINDOW, time);
    WindowedThrottle throttle = new WindowedThrottle(rate, window);
    java.util.Random random = new java.util.Random(7);
    java.util.List<Long> all = new java.util.ArrayList<>();
    int open = 0;
    for (int step = 0; step < 20_000; step++) {
      time.sleep(random.nextInt(300));
      if (open > 0 && random.nextInt(3) == 0) {
        throttle.answered();
        open--;
      }
      if (throttle.tryAcquire()) {
        all.add(time.milliseconds());
        open++;
      }
    }
    // HubSpot sees each request somewhere between its admission and its answer; at the latest
    // its admission: any 14 consecutive admissions span at least the window.
    for (int i = 13; i < all.size(); i++) {
      assertThat(all.get(i) - all.get(i - 13)).isGreaterThanOrEqualTo(WINDOW);
    }
    assertThat(all.size()).as("the window is used, not starved").isGreaterThan(1000);
  }

  @Test
  void theRateStillPacesBelowTheWindowAndItsSignalsPassThrough() {
    FakeThrottle rate = new FakeThrottle();
    WindowedThrottle throttle = new WindowedThrottle(rate, new RollingWindow(40, WINDOW, time));
    rate.grant(2);
    assertThat(throttle.tryAcquire()).isTrue();
    assertThat(throttle.tryAcquire()).isTrue();
    assertThat(throttle.tryAcquire()).isFalse();
    assertThat(throttle.retryDelayMs()).isEqualTo(100); // the rate's
    throttle.slowDown();
    throttle.recover();
    assertThat(rate.slowDowns).isEqualTo(1);
    assertThat(rate.recoveries).isEqualTo(1);
    assertThat(throttle.rate()).isEqualTo(10);
  }

  @Test
  void aWindowFullOfRequestsOnTheWireLooksAgainAWindowLaterAtTheLatest() {
    RollingWindow window = new RollingWindow(2, WINDOW, time);
    assertThat(window.tryAdmit()).isTrue();
    assertThat(window.tryAdmit()).isTrue();
    assertThat(window.tryAdmit()).isFalse();
    assertThat(window.retryDelayMs()).isEqualTo(WINDOW);
    window.answered();
    time.sleep(2_500);
    assertThat(window.retryDelayMs()).isEqualTo(WINDOW - 2_500);
    assertThat(window.inWindow()).isEqualTo(2);
  }
}
