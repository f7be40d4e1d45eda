package io.github.connecthubspot.events.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The local HubSpot endpoint's {@code /_sim} routes, for an endpoint running in another JVM. */
final class EndpointAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  EndpointAdmin(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** {@code GET /_sim/stats?byUuid=false}: the counters without the (long) duplicates per uuid. */
  JsonNode stats() throws IOException, InterruptedException {
    return JSON.readTree(get("/_sim/stats?byUuid=false"));
  }

  /** Occurrences accepted so far. */
  long accepted() throws IOException, InterruptedException {
    return stats().path("occurrencesAccepted").asLong();
  }

  /** {@code GET /_sim/uuids?eventName=..}: the uuids accepted for the event, sorted. */
  List<String> acceptedUuids(String eventName) throws IOException, InterruptedException {
    return get("/_sim/uuids?eventName=" + eventName).lines().filter(l -> !l.isEmpty()).toList();
  }

  /** {@code POST /_sim/fail-next}: the next {@code count} send requests answer {@code status}. */
  void failNext(int count, int status) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create(baseUrl + "/_sim/fail-next?count=" + count + "&status=" + status))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 204) {
      throw new IllegalStateException("POST /_sim/fail-next answered " + r.statusCode() + ": " + r.body());
    }
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
