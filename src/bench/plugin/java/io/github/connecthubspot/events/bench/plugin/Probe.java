package io.github.connecthubspot.events.bench.plugin;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The benchmark's counters inside the Connect worker, registered once as the MBean {@value #NAME}.
 * {@link StampArrival} and {@link NoOpSinkTask} share them: both are loaded by the class loader of
 * the benchmark's plugin folder, whichever connector uses them.
 */
public final class Probe implements ProbeMBean {
  /** The benchmark reads it by this name (its {@code BenchPlugin.PROBE}: keep both the same). */
  public static final String NAME = "io.github.connecthubspot.bench:type=probe";
  private static final Probe INSTANCE = register(new Probe());

  private final LongAdder stamped = new LongAdder();
  private final AtomicLong firstStamp = new AtomicLong(-1);
  private final LongAdder put = new LongAdder();
  private final AtomicLong lastPut = new AtomicLong(-1);

  private Probe() {}

  static Probe get() {
    return INSTANCE;
  }

  private static Probe register(Probe probe) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      ObjectName name = new ObjectName(NAME);
      if (!server.isRegistered(name)) {
        server.registerMBean(probe, name);
      }
    } catch (JMException e) {
      throw new IllegalStateException("could not register " + NAME, e);
    }
    return probe;
  }

  void stamped(long nowMillis) {
    stamped.increment();
    if (firstStamp.get() < 0) {
      firstStamp.compareAndSet(-1, nowMillis);
    }
  }

  void put(int records, long nowMillis) {
    put.add(records);
    lastPut.accumulateAndGet(nowMillis, Math::max);
  }

  @Override
  public long getStamped() {
    return stamped.sum();
  }

  @Override
  public long getFirstStampMillis() {
    return firstStamp.get();
  }

  @Override
  public long getPut() {
    return put.sum();
  }

  @Override
  public long getLastPutMillis() {
    return lastPut.get();
  }

  @Override
  public void reset() {
    stamped.reset();
    firstStamp.set(-1);
    put.reset();
    lastPut.set(-1);
  }
}
