package io.github.connecthubspot.events.quickstart;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The jars of one Kafka release, as Maven resolves them from {@code src/it/kafka-<version>/pom.xml}
 * (a pom listing the broker and/or Connect runtime and a logging binding). The classpath Maven
 * answers is cached in {@code <workDir>/kafka-<version>.classpath} and reused while it is newer
 * than the pom and every jar it names still exists. {@code ./quickstart} writes the same cache
 * (in {@code target/}) the same way, with {@code mvn dependency:build-classpath}.
 *
 * <p>Maven runs as a child process. It must not take the build machine's Maven lock: the build
 * that runs a test using this already holds it. System properties {@code packaged.it.maven.home}
 * and {@code packaged.it.maven.repo.local} name the Maven and local repository to use.
 */
public final class KafkaJars {
  private KafkaJars() {}

  public static List<Path> classpath(Path baseDir, Path workDir, String kafkaVersion)
      throws IOException, InterruptedException {
    Path pom = baseDir.resolve("src/it/kafka-" + kafkaVersion + "/pom.xml");
    if (!Files.isRegularFile(pom)) {
      throw new IllegalStateException("no pom for Kafka " + kafkaVersion + " at " + pom);
    }
    Path cache = workDir.resolve("kafka-" + kafkaVersion + ".classpath");
    List<Path> cached = readIfFresh(cache, pom);
    if (cached != null) {
      return cached;
    }
    Files.createDirectories(workDir);
    Path answer = workDir.resolve("kafka-" + kafkaVersion + ".classpath.tmp");
    Files.deleteIfExists(answer);
    List<String> command = new ArrayList<>(List.of(mvn(), "-q", "-B", "-f", pom.toString(),
        "dependency:build-classpath",
        "-Dmdep.outputFile=" + answer,
        "-Dmdep.pathSeparator=" + File.pathSeparator));
    String repo = System.getProperty("packaged.it.maven.repo.local", "");
    if (!repo.isBlank()) {
      command.add("-Dmaven.repo.local=" + repo);
    }
    Path log = workDir.resolve("mvn-kafka-" + kafkaVersion + ".log");
    Process mvn = new ProcessBuilder(command).directory(pom.getParent().toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = mvn.waitFor(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS);
    if (!done) {
      mvn.destroyForcibly().waitFor();
      throw new IllegalStateException("Maven did not resolve Kafka " + kafkaVersion + " within 5 minutes; see " + log);
    }
    if (mvn.exitValue() != 0 || !Files.isRegularFile(answer)) {
      throw new IllegalStateException("Maven could not resolve Kafka " + kafkaVersion + " (exit "
          + mvn.exitValue() + "): " + String.join(" ", command) + "\n" + Files.readString(log));
    }
    Files.move(answer, cache, StandardCopyOption.REPLACE_EXISTING);
    List<Path> jars = readIfFresh(cache, pom);
    if (jars == null) {
      throw new IllegalStateException("Maven answered a classpath naming missing jars: " + cache);
    }
    return jars;
  }

  private static List<Path> readIfFresh(Path cache, Path pom) throws IOException {
    if (!Files.isRegularFile(cache)
        || Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(pom)) < 0) {
      return null;
    }
    String text = Files.readString(cache, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      return null;
    }
    List<Path> jars = Arrays.stream(text.split(File.pathSeparator)).map(Path::of).toList();
    return jars.stream().allMatch(Files::isRegularFile) ? jars : null;
  }

  /** {@code mvn} of the Maven running this build when known, else the one on the PATH. */
  private static String mvn() {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    String home = System.getProperty("packaged.it.maven.home", "");
    if (!home.isBlank()) {
      Path bin = Path.of(home, "bin", windows ? "mvn.cmd" : "mvn");
      if (Files.isRegularFile(bin)) {
        return bin.toString();
      }
    }
    return windows ? "mvn.cmd" : "mvn";
  }
}
