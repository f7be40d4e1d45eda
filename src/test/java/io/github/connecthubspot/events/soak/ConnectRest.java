package io.github.connecthubspot.events.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import io.github.connecthubspot.events.quickstart.Http;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A Connect worker's REST API: create a connector, read its status, restart it and its tasks. */
final class ConnectRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Http http = new Http(Duration.ofSeconds(30));
  private final String url;
  private final String workerId;

  ConnectRest(int port) {
    this.url = "http://127.0.0.1:" + port;
    this.workerId = "127.0.0.1:" + port;
  }

  /** The id a worker's tasks carry in a status: its advertised host and port. */
  String workerId() {
    return workerId;
  }

  /** Whether the REST API answers {@code GET /connectors} with 200 (false while it starts). */
  boolean ready() throws InterruptedException {
    return http.status("GET", url + "/connectors") == 200;
  }

  /**
   * {@code POST /connectors}: true once created, false while the worker still joins its group or
   * rebalances (409), an error for anything else.
   */
  boolean create(String name, Map<String, String> config) throws IOException, InterruptedException {
    HttpResponse<String> r = send("POST", "/connectors", JSON.createObjectNode().put("name", name)
        .set("config", JSON.valueToTree(config)));
    if (r.statusCode() == 409) {
      return false;
    }
    if (r.statusCode() != 201) {
      throw new IllegalStateException("POST /connectors answered " + r.statusCode() + ": " + r.body());
    }
    return true;
  }

  /** {@code GET /connectors/<name>/status}, or null while the worker does not know it (404, 409). */
  JsonNode status(String name) throws IOException, InterruptedException {
    HttpResponse<String> r = send("GET", "/connectors/" + name + "/status", null);
    return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
  }

  /** {@code POST /connectors/<name>/restart?includeTasks=true}: the status code (202 once accepted). */
  int restartWithTasks(String name) throws IOException, InterruptedException {
    return send("POST", "/connectors/" + name + "/restart?includeTasks=true", null).statusCode();
  }

  private HttpResponse<String> send(String method, String path, JsonNode body) throws IOException, InterruptedException {
    return http.send(method, url + path, body);
  }
}
