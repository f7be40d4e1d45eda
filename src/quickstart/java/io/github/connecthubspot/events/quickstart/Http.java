package io.github.connecthubspot.events.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON over HTTP/1.1 to the Connect REST API and the local endpoint's {@code /_sim} routes, for the
 * quickstart and the benchmark.
 */
public final class Http {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final Duration requestTimeout;

  /** Each request waits at most {@code requestTimeout} for its answer. */
  public Http(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public HttpResponse<String> send(String method, String url, JsonNode body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
        .header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status, or -1 when nothing listens yet. */
  public int status(String method, String url) throws InterruptedException {
    try {
      return send(method, url, null).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  public HttpResponse<String> expect(String method, String url, JsonNode body, int... statuses)
      throws IOException, InterruptedException {
    HttpResponse<String> r = send(method, url, body);
    for (int s : statuses) {
      if (r.statusCode() == s) {
        return r;
      }
    }
    throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
  }

  public JsonNode json(String method, String url, JsonNode body, int status) throws IOException, InterruptedException {
    return JSON.readTree(expect(method, url, body, status).body());
  }
}
