package io.github.connecthubspot.events.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * What the benchmark reads from the Connect worker: its CPU time from {@code /proc/<pid>/stat},
 * and over JMX (on loopback) its heap and the probe counters of the benchmark's plugin ({@link BenchPlugin#PROBE}).
 */
final class WorkerGauges implements Closeable {
  private final long pid;
  private final long clockTicksPerSecond;
  private final JMXConnector connector;
  private final MBeanServerConnection server;
  private final ObjectName probe;

  WorkerGauges(long pid, int jmxPort, long clockTicksPerSecond) throws IOException {
    this.pid = pid;
    this.clockTicksPerSecond = clockTicksPerSecond;
    JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
    this.connector = JMXConnectorFactory.connect(url);
    this.server = connector.getMBeanServerConnection();
    try {
      this.probe = new ObjectName(BenchPlugin.PROBE);
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }

  /** CPU seconds (user + system, all threads) the worker has used since it started. */
  double cpuSeconds() throws IOException {
    return cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat"))) / (double) clockTicksPerSecond;
  }

  /** The whole machine's CPU time from {@code /proc/stat}: {busy, total} in clock ticks, all CPUs. */
  static long[] machineTicks() throws IOException {
    String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0); // "cpu  user nice system idle iowait irq softirq steal ..."
    String[] f = cpu.trim().split("\\s+");
    long total = 0;
    for (int i = 1; i <= 8 && i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
    return new long[] {total - idle, total};
  }

  /** utime + stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line; the name (field 2) may hold spaces. */
  static long cpuTicks(String stat) {
    return ProcCpu.parse(stat).cpuTicks();
  }

  /** Each thread of the worker (JVM threads included) as {@code /proc/<pid>/task} shows it; null if unreadable. */
  Map<Long, ProcCpu.Stat> procThreads() {
    return ProcCpu.threads(pid);
  }

  long clockTicksPerSecond() {
    return clockTicksPerSecond;
  }

  /** Each live Java thread of the worker: its name and CPU time so far (JMX, one bulk read). */
  Map<Long, ThreadRoles.ThreadTime> threadTimes() throws IOException {
    com.sun.management.ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(server,
        ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
    long[] ids = threads.getAllThreadIds();
    long[] cpu = threads.getThreadCpuTime(ids);
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    Map<Long, ThreadRoles.ThreadTime> times = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] != null && cpu[i] >= 0) {
        times.put(ids[i], new ThreadRoles.ThreadTime(infos[i].getThreadName(), cpu[i]));
      }
    }
    return times;
  }

  /** Resets the peak usage of every memory pool, so {@link #peakHeapBytes()} covers what follows. */
  void resetPeaks() throws IOException, JMException {
    for (ObjectName pool : heapPools()) {
      server.invoke(pool, "resetPeakUsage", null, null);
    }
  }

  /** The sum of the heap pools' peak usage since {@link #resetPeaks()}. */
  long peakHeapBytes() throws IOException, JMException {
    long sum = 0;
    for (ObjectName pool : heapPools()) {
      sum += (Long) ((CompositeData) server.getAttribute(pool, "PeakUsage")).get("used");
    }
    return sum;
  }

  /** A full GC in the worker, then its heap in use: what is still referenced. */
  long liveHeapBytesAfterGc() throws IOException, JMException {
    ObjectName memory = new ObjectName("java.lang:type=Memory");
    server.invoke(memory, "gc", null, null);
    return (Long) ((CompositeData) server.getAttribute(memory, "HeapMemoryUsage")).get("used");
  }

  private Set<ObjectName> heapPools() throws IOException, JMException {
    return server.queryNames(new ObjectName("java.lang:type=MemoryPool,*"), null).stream()
        .filter(pool -> {
          try {
            return "HEAP".equals(String.valueOf(server.getAttribute(pool, "Type")));
          } catch (JMException | IOException e) {
            return false;
          }
        }).collect(java.util.stream.Collectors.toSet());
  }

  /** Zeroes the probe (nothing to do before the benchmark's plugin was first used). */
  void resetProbe() throws IOException, JMException {
    if (server.isRegistered(probe)) {
      server.invoke(probe, "reset", null, null);
    }
  }

  long probe(String attribute) throws IOException, JMException {
    return server.isRegistered(probe) ? (Long) server.getAttribute(probe, attribute) : -1;
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
