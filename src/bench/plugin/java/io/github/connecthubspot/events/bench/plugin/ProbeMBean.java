package io.github.connecthubspot.events.bench.plugin;

/** What {@link Probe} shows over JMX as {@value Probe#NAME}. */
public interface ProbeMBean {
  /** Records stamped by {@link StampArrival} since the last reset. */
  long getStamped();

  /** Epoch millis of the first stamp since the last reset, or -1. */
  long getFirstStampMillis();

  /** Records handed to {@link NoOpSinkTask#put} since the last reset. */
  long getPut();

  /** Epoch millis of the last {@link NoOpSinkTask#put} with records since the last reset, or -1. */
  long getLastPutMillis();

  /** Zeroes every counter: the benchmark calls it before each case. */
  void reset();
}
