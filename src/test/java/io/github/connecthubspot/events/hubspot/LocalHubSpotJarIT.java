package io.github.connecthubspot.events.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target/local-hubspot-<version>.jar}, as a user runs it: {@code java -jar ... --port 0 --token T} in its
 * own JVM, then the guide's example completion over HTTP, then the ledger, then a stop.
 */
class LocalHubSpotJarIT {
  private static final String TOKEN = "pat-jar-it";
  private static final Pattern LISTENING = Pattern.compile("LocalHubSpot listening on (http://127\\.0\\.0\\.1:(\\d+))");
  private static final String GUIDE_EXAMPLE =
      "{\"eventName\":\"pe1234567_manually_tracked_event\","
          + "\"properties\":{\"hs_page_title\":\"Sweepstakes Sign Up\",\"hs_page_content_type\":\"LANDING_PAGE\"},"
          + "\"objectId\":\"6091051\"}";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private Process process;

  @AfterEach
  void killLeftover() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Test
  void servesFromItsOwnJarAndStopsCleanly(@TempDir Path dir) throws Exception {
    Path jar = Path.of("target", "local-hubspot-" + System.getProperty("plugin.version") + ".jar");
    assertThat(jar).as("the jar written by mvn package").isRegularFile();
    Path log = dir.resolve("local-hubspot.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--port",
                "0",
                "--token",
                TOKEN)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().remove("CLASSPATH");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    process = pb.start();

    Matcher m =
        await("the listening line in " + log)
            .atMost(Duration.ofSeconds(60))
            .until(() -> listening(log), Optional::isPresent)
            .get();
    String baseUrl = m.group(1);
    int port = Integer.parseInt(m.group(2));
    assertThat(port).isPositive();

    HttpResponse<String> sent =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/events/v3/send"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GUIDE_EXAMPLE))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);

    HttpResponse<String> ledger =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/_sim/ledger")).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ledger.statusCode()).isEqualTo(200);
    JsonNode occurrences = new ObjectMapper().readTree(ledger.body());
    assertThat(occurrences).hasSize(1);
    assertThat(occurrences.get(0).path("eventName").asText()).isEqualTo("pe1234567_manually_tracked_event");
    assertThat(occurrences.get(0).path("completion")).isEqualTo(new ObjectMapper().readTree(GUIDE_EXAMPLE));

    process.destroy(); // SIGTERM: the shutdown hook closes the server
    await("the jar's JVM to end").atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    assertThat(ProcessHandle.of(process.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    await("port " + port + " to be free")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                  .isInstanceOf(ConnectException.class);
              try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
              }
            });
  }

  /** The listening line once printed; fails at once, with the output, if the JVM has already ended. */
  private Optional<Matcher> listening(Path log) throws IOException {
    String out = Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    Matcher m = LISTENING.matcher(out);
    if (m.find()) {
      return Optional.of(m);
    }
    if (!process.isAlive()) {
      throw new AssertionError("java -jar exited with " + process.exitValue() + ":\n" + out);
    }
    return Optional.empty();
  }
}
