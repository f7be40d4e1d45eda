package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small HTTP client for the simulator's tests (java.net.http, HTTP/1.1). */
final class SimHttp {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private String token;
  private Duration timeout = Duration.ofSeconds(10);

  SimHttp(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  SimHttp token(String t) {
    this.token = t;
    return this;
  }

  SimHttp timeout(Duration t) {
    this.timeout = t;
    return this;
  }

  HttpResponse<String> send(String body) {
    return post("/events/v3/send", body);
  }

  HttpResponse<String> batch(String body) {
    return post("/events/v3/send/batch", body);
  }

  HttpResponse<String> post(String path, String body) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      rb.header("Authorization", "Bearer " + token);
    }
    return exchange(rb.build());
  }

  /** Sends and throws the raw IOException (for reset / refused tests). */
  HttpResponse<String> postRaw(String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      rb.header("Authorization", "Bearer " + token);
    }
    return client.send(rb.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> form(String path, String form) {
    return exchange(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  HttpResponse<String> get(String path) {
    return exchange(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).GET().build());
  }

  HttpResponse<String> request(HttpRequest r) {
    return exchange(r);
  }

  private HttpResponse<String> exchange(HttpRequest r) {
    try {
      return client.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid completion with the given extra JSON members spliced in (e.g. {@code "\"uuid\":\"u1\""}). */
  static String completion(String eventName, String propertiesJson, String... extraMembers) {
    StringBuilder sb = new StringBuilder("{\"eventName\":\"").append(eventName).append("\",\"properties\":")
        .append(propertiesJson).append(",\"objectId\":\"6091051\"");
    for (String m : extraMembers) {
      sb.append(',').append(m);
    }
    return sb.append('}').toString();
  }

  static String batchOf(String... completions) {
    return "{\"inputs\":[" + String.join(",", completions) + "]}";
  }
}
