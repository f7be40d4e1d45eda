package io.github.connecthubspot.events.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP/1.1 to the Connect REST API and the endpoint's {@code /_sim} routes. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  HttpResponse<String> send(String method, String url, JsonNode body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
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
  int status(String method, String url) throws InterruptedException {
    try {
      return send(method, url, null).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  HttpResponse<String> expect(String method, String url, JsonNode body, int... statuses)
      throws IOException, InterruptedException {
    HttpResponse<String> r = send(method, url, body);
    for (int s : statuses) {
      if (r.statusCode() == s) {
        return r;
      }
    }
    throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
  }

  JsonNode json(String method, String url, JsonNode body, int status) throws IOException, InterruptedException {
    return JSON.readTree(expect(method, url, body, status).body());
  }
}
