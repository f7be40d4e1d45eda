package io.github.connecthubspot.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GuavaThrottleTest {

  @Test
  void slowsDownByHalvesToAFloorAndRecoversInTenthsNeverPastTheBudget() {
    GuavaThrottle throttle = new GuavaThrottle(8.0);
    assertThat(throttle.rate()).isEqualTo(8.0);
    throttle.slowDown();
    assertThat(throttle.rate()).isEqualTo(4.0);
    for (int i = 0; i < 10; i++) {
      throttle.slowDown();
    }
    assertThat(throttle.rate()).isEqualTo(0.5);
    assertThat(throttle.retryDelayMs()).isEqualTo(2_000);

    throttle.recover();
    assertThat(throttle.rate()).isEqualTo(1.3);
    for (int i = 0; i < 20; i++) {
      throttle.recover();
      assertThat(throttle.rate()).isLessThanOrEqualTo(throttle.budget());
    }
    assertThat(throttle.rate()).isEqualTo(8.0);
  }

  @Test
  void grantsTheFirstPermitAtOnceAndNeverBlocks() {
    GuavaThrottle throttle = new GuavaThrottle(0.01);
    assertThat(throttle.tryAcquire()).isTrue();
    assertThat(throttle.tryAcquire()).isFalse(); // the next is 100 s away: refused, not awaited
    assertThat(throttle.retryDelayMs()).isEqualTo(100_000);
  }

  @Test
  void sendsAtTheFullRateFromTheFirstSecondWithNoWarmUp() {
    // A warm-up limiter starts cold, at a third of its rate; the default "smooth bursty" one
    // starts at its rate (its burst after idling is capped by WindowedThrottle's exact window).
    GuavaThrottle throttle = new GuavaThrottle(4.0);
    assertThat(throttle.limiter().getClass().getSimpleName()).isEqualTo("SmoothBursty");
    assertThat(throttle.limiter().getRate()).isEqualTo(4.0);
    assertThat(throttle.tryAcquire()).isTrue();
  }

  @Test
  void refusesANonPositiveBudget() {
    assertThatThrownBy(() -> new GuavaThrottle(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
