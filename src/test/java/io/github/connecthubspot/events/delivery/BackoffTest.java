package io.github.connecthubspot.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesUpToTheMaximumWithJitterFromTheBaseToTwiceIt() {
    Backoff low = new Backoff(500, 30_000, () -> 0.0);
    Backoff middle = new Backoff(500, 30_000, () -> 0.5);
    Backoff high = new Backoff(500, 30_000, () -> 0.999_999);
    long[] lows = {500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
    long[] middles = {750, 1_500, 3_000, 6_000, 12_000, 24_000, 30_000, 30_000};
    long[] highs = {999, 1_999, 3_999, 7_999, 15_999, 30_000, 30_000, 30_000};
    for (int failures = 1; failures <= lows.length; failures++) {
      assertThat(low.delayMs(failures)).isEqualTo(lows[failures - 1]);
      assertThat(middle.delayMs(failures)).isEqualTo(middles[failures - 1]);
      assertThat(high.delayMs(failures)).isEqualTo(highs[failures - 1]);
    }
  }

  @Test
  void theFirstWaitIsJitteredToo() {
    // tasks that fail together do not all retry at exactly retry.backoff.ms
    assertThat(new Backoff(500, 30_000, () -> 0.0).delayMs(1)).isEqualTo(500);
    assertThat(new Backoff(500, 30_000, () -> 0.25).delayMs(1)).isEqualTo(625);
    assertThat(new Backoff(500, 30_000, () -> 0.999_999).delayMs(1)).isEqualTo(999);
  }

  @Test
  void staysWithinItsBoundsForAnyNumberOfFailures() {
    Backoff backoff = new Backoff(100, 1_000, Math::random);
    for (int failures = 0; failures < 200; failures++) {
      assertThat(backoff.delayMs(failures)).isBetween(100L, 1_000L);
    }
  }
}
