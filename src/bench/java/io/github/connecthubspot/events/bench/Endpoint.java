package io.github.connecthubspot.events.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.connecthubspot.events.quickstart.ChildJvm;
import io.github.connecthubspot.events.quickstart.Http;
import io.github.connecthubspot.events.quickstart.Ports;
import io.github.connecthubspot.events.quickstart.Stack;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The local HubSpot endpoint of the run, in the mode a case wants: started again (same port) when
 * the mode changes, else its counters reset with {@code POST /_sim/reset}. Always {@code --counts-only}.
 */
final class Endpoint {
  private final Stack stack;
  private final Path jar;
  private final Http http;
  private ChildJvm jvm;
  private List<String> mode;

  Endpoint(Stack stack, Path jar, Http http) {
    this.stack = stack;
    this.jar = jar;
    this.http = http;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + stack.port("endpoint");
  }

  /** Running with {@code options} (plus {@code --counts-only}) and every counter at zero. */
  void ensure(List<String> options) throws Exception {
    List<String> wanted = new ArrayList<>(List.of("--counts-only"));
    wanted.addAll(options);
    if (jvm != null && jvm.isAlive() && wanted.equals(mode)) {
      http.expect("POST", baseUrl() + "/_sim/reset", null, 204);
      return;
    }
    if (jvm != null) {
      jvm.stop(Duration.ofSeconds(10));
      int port = stack.port("endpoint");
      Bench.await("the endpoint's port to be free", Duration.ofSeconds(30), () -> Ports.isFree(port));
    }
    mode = wanted;
    jvm = stack.startEndpoint(jar, wanted);
    ChildJvm started = jvm;
    int port = stack.port("endpoint");
    Bench.await("the local HubSpot endpoint", Duration.ofSeconds(60), () -> {
      started.ensureAlive();
      return Ports.isListening(port);
    });
  }

  /** {@code GET /_sim/stats?byUuid=false}. */
  JsonNode stats() throws IOException, InterruptedException {
    return http.json("GET", baseUrl() + "/_sim/stats?byUuid=false", null, 200);
  }

  /** The running endpoint's pid, or -1 when none was started or it has ended. */
  long pid() {
    ChildJvm running = jvm;
    return running != null && running.isAlive() ? running.pid() : -1;
  }

  String mode() {
    return String.join(" ", mode);
  }
}
