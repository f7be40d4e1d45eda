package io.github.connecthubspot.events.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stand-in for the project's local HubSpot simulator until it is on this branch: answers 204 to
 * {@code POST /events/v3/send/batch} and {@code /events/v3/send} with the right bearer token (401
 * otherwise) on 127.0.0.1, and keeps every request.
 */
final class CaptureEndpoint implements AutoCloseable {
  record Request(String path, String authorization, String userAgent, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String token;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "capture-endpoint");
    t.setDaemon(true);
    return t;
  });
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  CaptureEndpoint(String token) throws IOException {
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/events/v3/send", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (!"POST".equals(exchange.getRequestMethod())
          || !(path.equals("/events/v3/send") || path.equals("/events/v3/send/batch"))) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (!("Bearer " + token).equals(auth)) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      requests.add(new Request(path, auth, exchange.getRequestHeaders().getFirst("User-Agent"),
          JSON.readTree(body)));
      exchange.sendResponseHeaders(204, -1);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Every occurrence received, in arrival order. */
  List<JsonNode> occurrences() {
    List<JsonNode> all = new ArrayList<>();
    for (Request r : requests) {
      if (r.path().endsWith("/batch")) {
        r.body().path("inputs").forEach(all::add);
      } else {
        all.add(r.body());
      }
    }
    return all;
  }

  void reset() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
