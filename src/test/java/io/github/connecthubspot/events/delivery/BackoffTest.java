package io.github.connecthubspot.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesUpToTheMaximumWithJitterInTheUpperHalf() {
    Backoff low = new Backoff(500, 30_000, () -> 0.0);
    Backoff high = new Backoff(500, 30_000, () -> 0.999_999);
    long[] ceilings = {500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
    for (int failures = 1; failures <= ceilings.length; failures++) {
      long ceiling = ceilings[failures - 1];
      assertThat(low.delayMs(failures)).isEqualTo(Math.max(500, ceiling / 2));
      assertThat(high.delayMs(failures)).isEqualTo(ceiling);
    }
  }

  @Test
  void staysWithinItsBoundsForAnyNumberOfFailures() {
    Backoff backoff = new Backoff(100, 1_000, Math::random);
    for (int failures = 0; failures < 200; failures++) {
      assertThat(backoff.delayMs(failures)).isBetween(100L, 1_000L);
    }
  }
}
