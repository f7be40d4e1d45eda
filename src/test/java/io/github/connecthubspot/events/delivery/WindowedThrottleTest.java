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

  @Test
  void hubSpotsRemainingFillsTheRoomOthersTookUntilAWindowFromNow() {
    RollingWindow window = new RollingWindow(40, WINDOW, time);
    for (int i = 0; i < 10; i++) {
      assertThat(window.tryAdmit()).isTrue();
      window.answered();
    }
    time.sleep(1_000);
    // HubSpot has 28 left, not the 30 this task has: two requests are someone else's.
    assertThat(window.heed(28, 0)).isEqualTo(2);
    assertThat(window.inWindow()).isEqualTo(12);
    for (int i = 0; i < 28; i++) {
      assertThat(window.tryAdmit()).as("request %d of what is left", i).isTrue();
    }
    assertThat(window.tryAdmit()).isFalse();
    time.sleep(WINDOW - 1_000);
    assertThat(window.inWindow()).as("this task's first ten left the window").isEqualTo(30);
    time.sleep(1_000);
    assertThat(window.inWindow()).as("the two counted for others left a window after").isEqualTo(28);
  }

  @Test
  void aRemainingAboveTheRoomNeverWidensIt() {
    RollingWindow window = new RollingWindow(40, WINDOW, time);
    window.tryAdmit();
    window.answered();
    // HubSpot's own limit is above the budget (190 per 10 s): nothing to take into account.
    assertThat(window.heed(150, 0)).isZero();
    assertThat(window.inWindow()).isEqualTo(1);
    for (int i = 0; i < 39; i++) {
      window.tryAdmit();
    }
    assertThat(window.heed(150, 0)).isZero();
    assertThat(window.tryAdmit()).as("still 40 per window, whatever HubSpot allows").isFalse();
  }

  @Test
  void noneLeftFillsTheWindowAndARefusedPermitOfTheRateIsNotSpent() {
    FakeThrottle rate = new FakeThrottle();
    RollingWindow window = new RollingWindow(40, WINDOW, time);
    WindowedThrottle throttle = new WindowedThrottle(rate, window);
    assertThat(throttle.tryAcquire()).isTrue();
    throttle.answered();
    assertThat(throttle.heed(0, 0)).isTrue();
    assertThat(throttle.tryAcquire()).isFalse();
    assertThat(rate.acquired).isEqualTo(1);
    assertThat(throttle.retryDelayMs()).isEqualTo(WINDOW);
    assertThat(rate.slowDowns).as("the window waits it out; the rate stays").isZero();
    time.sleep(WINDOW);
    assertThat(throttle.tryAcquire()).isTrue();
  }

  @Test
  void tasksThatAloneFillHubSpotsWindowNeverLoseRoomToWhatIsLeft() {
    // The connector's 40 per 10 s over 3 tasks (14, 13, 13), nobody else sending: HubSpot has
    // left at least what the tasks have (it lets a request go when it arrived 10 s ago, the tasks
    // 10 s after its answer). Heeding it never takes a task's room; with others' requests in it,
    // each task keeps at most what is left.
    java.util.Random random = new java.util.Random(11);
    int[] shares = {14, 13, 13};
    for (int round = 0; round < 5_000; round++) {
      RollingWindow[] windows = new RollingWindow[3];
      int rooms = 0;
      for (int t = 0; t < 3; t++) {
        windows[t] = new RollingWindow(shares[t], WINDOW, time);
        int own = random.nextInt(shares[t] + 1);
        for (int i = 0; i < own; i++) {
          windows[t].tryAdmit();
          if (random.nextBoolean()) {
            windows[t].answered();
          }
        }
        rooms += shares[t] - own;
      }
      int others = random.nextInt(3) == 0 ? random.nextInt(rooms + 1) : 0;
      int remaining = rooms - others + random.nextInt(3); // + what HubSpot let go earlier
      for (int t = 0; t < 3; t++) {
        int before = shares[t] - windows[t].inWindow();
        windows[t].heed(remaining, 0);
        int after = shares[t] - windows[t].inWindow();
        assertThat(after).as("round %d, task %d", round, t).isEqualTo(Math.min(before, remaining));
        if (others == 0) {
          assertThat(after).as("round %d, task %d: no one else sends", round, t).isEqualTo(before);
        }
      }
    }
  }

  @Test
  void withOneTaskItsRoomIsExactlyWhatIsLeft() {
    java.util.Random random = new java.util.Random(5);
    for (int round = 0; round < 2_000; round++) {
      RollingWindow window = new RollingWindow(40, WINDOW, time);
      int own = random.nextInt(41);
      for (int i = 0; i < own; i++) {
        window.tryAdmit();
      }
      int remaining = random.nextInt(41 - own);
      window.heed(remaining, 0);
      assertThat(40 - window.inWindow()).isEqualTo(Math.min(40 - own, remaining));
    }
  }

  @Test
  void aRequestSentAsideCountsForAWindowFromItsAnswer() {
    RollingWindow window = new RollingWindow(2, WINDOW, time);
    window.sentAside();
    assertThat(window.tryAdmit()).isTrue();
    assertThat(window.tryAdmit()).as("the check at start took one of the two").isFalse();
    time.sleep(WINDOW);
    assertThat(window.tryAdmit()).isTrue();
    window.sentAside(); // a full window counts nothing more
    assertThat(window.inWindow()).isEqualTo(2);
  }

  @Test
  void aBudgetRaisedAboveHubSpotsWindowIsNotCutToIt() {
    // 1000 requests/s (10,000 per 10 s), raised on purpose for send endpoints HubSpot documents as
    // exempt; HubSpot's headers speak of the app's general window, 190 per 10 s, 150 left.
    RollingWindow window = new RollingWindow(10_000, WINDOW, time);
    WindowedThrottle throttle = new WindowedThrottle(new FakeThrottle(), window);
    assertThat(throttle.tryAcquire()).isTrue();
    throttle.answered();
    assertThat(throttle.heed(150, 190)).as("not heeded: the caller holds only on 0").isFalse();
    assertThat(window.inWindow()).isEqualTo(1);
    // A window at least the connector's: heeded.
    RollingWindow within = new RollingWindow(40, WINDOW, time);
    assertThat(within.heed(30, 40)).isEqualTo(10);
    assertThat(within.heed(30, 0)).as("no Max: heeded").isZero();
    // A task's share of the connector's 40: HubSpot's 40 is the connector's, heeded.
    assertThat(new RollingWindow(14, 40, WINDOW, time).heed(5, 40)).isEqualTo(9);
    assertThat(new RollingWindow(14, 40, WINDOW, time).heed(5, 30)).isEqualTo(-1);
  }
}
