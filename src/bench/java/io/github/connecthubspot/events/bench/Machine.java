package io.github.connecthubspot.events.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The machine a run was made on, for the results. */
final class Machine {
  private Machine() {}

  static String describe(List<String> workerJvm) {
    return "Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (nproc), "
        + cpuModel().orElse("CPU model unknown") + ", " + memory().orElse("memory unknown") + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + "; JDK "
        + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")."
        + " Kafka " + Bench.KAFKA_VERSION + " broker and Connect worker as separate JVMs with the quickstart's"
        + " settings, full JIT; broker -XX:+UseSerialGC; worker " + String.join(" ", workerJvm)
        + " (Connect's launcher's heap and G1 settings).";
  }

  private static Optional<String> cpuModel() {
    return read("/proc/cpuinfo").flatMap(text -> text.lines().filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst());
  }

  private static Optional<String> memory() {
    return read("/proc/meminfo").flatMap(text -> text.lines().filter(l -> l.startsWith("MemTotal:")).findFirst())
        .map(l -> l.replaceAll("[^0-9]", "")).filter(s -> !s.isEmpty())
        .map(kb -> String.format("%.1f GiB RAM", Long.parseLong(kb) / 1024.0 / 1024.0));
  }

  private static Optional<String> read(String file) {
    try {
      return Optional.of(Files.readString(Path.of(file)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
