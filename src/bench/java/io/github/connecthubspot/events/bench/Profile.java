package io.github.connecthubspot.events.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code --profile}: a JDK Flight Recorder recording of the worker over one case (started and
 * stopped with the JDK's {@code jcmd}, JFR's {@code profile} settings: a Java stack sample every
 * 10 ms per running thread), and where the samples went: by thread role, then, for each role, the
 * methods whose frames the most samples hold (inclusive), of Connect, Kafka's clients, Jackson,
 * HttpClient and ours. The recording stays in {@code target/bench/} for JDK Mission Control or
 * {@code jfr print}.
 */
final class Profile {
  private static final String[] PACKAGES = {"io.github.connecthubspot.", "org.apache.kafka.connect.",
      "org.apache.kafka.clients.", "org.apache.kafka.common.", "com.fasterxml.", "org.apache.hc.",
      "java.util.zip."};
  private static final int TOP = 12;

  private final long pid;
  private final Path file;
  private final String name;

  private Profile(long pid, Path file, String name) {
    this.pid = pid;
    this.file = file;
    this.name = name;
  }

  static Profile start(long pid, Path file, String name) throws IOException, InterruptedException {
    Profile p = new Profile(pid, file.toAbsolutePath(), name);
    p.jcmd("JFR.start", "name=" + name, "settings=profile");
    return p;
  }

  /** Stops the recording, writes it to the file, and describes its samples. */
  List<String> stop() throws IOException, InterruptedException {
    jcmd("JFR.stop", "name=" + name, "filename=" + file);
    return describe(RecordingFile.readAllEvents(file));
  }

  private void jcmd(String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid)));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out.contains("Could not")) {
      throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out.trim());
    }
  }

  static List<String> describe(List<RecordedEvent> events) {
    Map<String, Integer> byRole = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> methods = new HashMap<>();
    int total = 0;
    int collections = 0;
    double pauses = 0;
    int compilations = 0;
    double compiling = 0;
    for (RecordedEvent e : events) {
      String type = e.getEventType().getName();
      if (type.equals("jdk.GarbageCollection")) {
        collections++;
        pauses += e.getDuration("sumOfPauses").toNanos() / 1e9;
        continue;
      }
      if (type.equals("jdk.Compilation")) {
        compilations++;
        compiling += e.getDuration().toNanos() / 1e9;
        continue;
      }
      if (!type.equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      String thread = e.getThread("sampledThread") == null ? "" : e.getThread("sampledThread").getJavaName();
      // JFR keeps the name a thread had when it first saw it: Connect names its task threads
      // when a task starts, on a pooled thread; their stacks say what they are.
      String role = runsASinkTask(e) ? ThreadRoles.TASK : ThreadRoles.role(thread == null ? "" : thread);
      byRole.merge(role, 1, Integer::sum);
      total++;
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : e.getStackTrace().getFrames()) {
        String frameType = f.getMethod().getType().getName();
        if (interesting(frameType)) {
          String method = frameType.substring(frameType.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
          if (seen.add(method)) {
            methods.computeIfAbsent(role, r -> new HashMap<>()).merge(method, 1, Integer::sum);
          }
        }
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%,d stack samples of the worker's Java threads (%s); %,d garbage collections,"
        + " %s s of pauses in all; %,d JIT compilations over %s ms (JFR records those longer than 100 ms"
        + " only, in its profile settings)", total, shares(byRole, total), collections, Results.fmt("%.2f", pauses),
        compilations, Results.fmt("%.0f", compiling * 1000)));
    for (Map.Entry<String, Integer> role : byRole.entrySet()) {
      Map<String, Integer> m = methods.getOrDefault(role.getKey(), Map.of());
      List<Map.Entry<String, Integer>> top = new ArrayList<>(m.entrySet());
      top.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
      Map<String, Integer> shown = new LinkedHashMap<>();
      top.stream().limit(TOP).forEach(x -> shown.put(x.getKey(), x.getValue()));
      lines.add(role.getKey() + ", methods in the most of its samples: " + shares(shown, role.getValue()));
    }
    return lines;
  }

  private static boolean runsASinkTask(RecordedEvent e) {
    for (RecordedFrame f : e.getStackTrace().getFrames()) {
      if (f.getMethod().getType().getName().equals("org.apache.kafka.connect.runtime.WorkerSinkTask")) {
        return true;
      }
    }
    return false;
  }

  private static boolean interesting(String type) {
    for (String p : PACKAGES) {
      if (type.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static String shares(Map<String, Integer> counts, int of) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
          .append(Results.fmt("%.0f", of > 0 ? 100.0 * e.getValue() / of : 0)).append('%');
    }
    return out.toString();
  }
}
