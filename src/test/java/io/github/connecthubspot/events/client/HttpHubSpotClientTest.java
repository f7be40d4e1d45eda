package io.github.connecthubspot.events.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.connecthubspot.events.TestConfigs;
import io.github.connecthubspot.events.model.Completion;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real HTTP client against a bare server on 127.0.0.1 that records requests and answers as told. */
class HttpHubSpotClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer server;
  private final BlockingQueue<Captured> requests = new LinkedBlockingQueue<>();
  private volatile int status = 204;
  private volatile String body = "";
  private volatile Map<String, String> headers = Map.of();
  private HttpHubSpotClient client;
  /** When set, answers instead of the status/body/headers above. */
  private volatile HttpHandler special;
  private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "trickler");
    t.setDaemon(true);
    return t;
  });

  static final class Captured {
    final String method;
    final String path;
    final Map<String, List<String>> headers;
    final String body;

    Captured(String method, String path, Map<String, List<String>> headers, String body) {
      this.method = method;
      this.path = path;
      this.headers = headers;
      this.body = body;
    }

    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      HttpHandler special = this.special;
      if (special != null) {
        special.handle(exchange);
        return;
      }
      byte[] in = exchange.getRequestBody().readAllBytes();
      requests.add(new Captured(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          Map.copyOf(exchange.getRequestHeaders()), new String(in, StandardCharsets.UTF_8)));
      headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] out = body.getBytes(StandardCharsets.UTF_8);
      if (out.length == 0) {
        exchange.sendResponseHeaders(status, -1);
      } else {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
      }
      exchange.close();
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    client = new HttpHubSpotClient(
        new HttpHubSpotClient.Settings(base, Duration.ofSeconds(5), Duration.ofSeconds(5), 2, "test-agent/1"),
        new StaticAccessToken(new Password(TestConfigs.TOKEN)));
  }

  @AfterEach
  void stop() {
    client.close();
    trickler.shutdownNow();
    server.stop(0);
  }

  private static Completion completion(String title, String objectId) {
    return Completion.builder().eventName("pe1234567_manually_tracked_event").objectId(objectId)
        .uuid("u-" + objectId).occurredAt("2024-05-01T12:00:00Z")
        .property("hs_page_title", title).property("hs_page_content_type", "LANDING_PAGE").build();
  }

  private Captured taken() throws InterruptedException {
    Captured c = requests.poll(5, TimeUnit.SECONDS);
    assertThat(c).as("a request reached the server").isNotNull();
    return c;
  }

  @Test
  void batchIsPostedWithBearerTokenAndJsonInputs() throws Exception {
    headers = Map.of("X-HubSpot-RateLimit-Max", "190", "X-HubSpot-RateLimit-Remaining", "189",
        "X-HubSpot-RateLimit-Interval-Milliseconds", "10000");

    SendResult result = client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"), completion("B", "2")));

    Captured r = taken();
    assertThat(r.method).isEqualTo("POST");
    assertThat(r.path).isEqualTo("/events/v3/send/batch");
    assertThat(r.header("Authorization")).isEqualTo("Bearer " + TestConfigs.TOKEN);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("User-Agent")).isEqualTo("test-agent/1");
    assertThat(JSON.readTree(r.body)).isEqualTo(JSON.readTree(
        "{\"inputs\":["
            + "{\"eventName\":\"pe1234567_manually_tracked_event\",\"objectId\":\"1\",\"uuid\":\"u-1\","
            + "\"occurredAt\":\"2024-05-01T12:00:00Z\",\"properties\":{\"hs_page_title\":\"A\",\"hs_page_content_type\":\"LANDING_PAGE\"}},"
            + "{\"eventName\":\"pe1234567_manually_tracked_event\",\"objectId\":\"2\",\"uuid\":\"u-2\","
            + "\"occurredAt\":\"2024-05-01T12:00:00Z\",\"properties\":{\"hs_page_title\":\"B\",\"hs_page_content_type\":\"LANDING_PAGE\"}}"
            + "]}"));
    assertThat(result.status()).isEqualTo(204);
    assertThat(result.rateLimit().max()).hasValue(190);
    assertThat(result.rateLimit().remaining()).hasValue(189);
    assertThat(result.rateLimit().intervalMs()).hasValue(10_000);
    assertThat(result.rateLimit().daily()).isEmpty();
  }

  @Test
  void loneOccurrenceGoesToTheSingleEndpoint() throws Exception {
    client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1")));

    Captured r = taken();
    assertThat(r.path).isEqualTo("/events/v3/send");
    assertThat(JSON.readTree(r.body).get("objectId").asText()).isEqualTo("1");
    assertThat(JSON.readTree(r.body).has("inputs")).isFalse();
  }

  @Test
  void validationErrorBecomesAnExceptionWithCategoryMessageAndCorrelationIdButNoToken() {
    status = 400;
    body = "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\","
        + "\"message\":\"Property values were not valid\","
        + "\"correlationId\":\"aeb5f871-7f07-4993-9211-075dc63e7cbf\","
        + "\"context\":{\"eventName\":[\"This property is required\"]},"
        + "\"errors\":[{\"message\":\"eventName is required\",\"in\":\"eventName\"}]}";

    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"), completion("B", "2"))))
        .isInstanceOfSatisfying(HubSpotException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.correlationId()).contains("aeb5f871-7f07-4993-9211-075dc63e7cbf");
          assertThat(e.error().orElseThrow().category).isEqualTo("VALIDATION_ERROR");
          assertThat(e.error().orElseThrow().errors).singleElement()
              .satisfies(d -> assertThat(d.in).isEqualTo("eventName"));
          assertThat(e.getMessage()).isEqualTo("HubSpot answered 400 VALIDATION_ERROR: Property"
              + " values were not valid context={eventName=[This property is required]}"
              + " [correlationId=aeb5f871-7f07-4993-9211-075dc63e7cbf] to POST /events/v3/send/batch"
              + " of 2 occurrence(s)");
          assertThat(e.toString()).doesNotContain(TestConfigs.TOKEN);
        });
  }

  @Test
  void aTokenEchoedInHubSpotsAnswerIsHiddenFromTheException() {
    status = 401;
    body = "{\"category\":\"INVALID_AUTHENTICATION\",\"message\":\"Bad token: " + TestConfigs.TOKEN
        + "\",\"correlationId\":\"c-9\"}";

    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"))))
        .isInstanceOfSatisfying(HubSpotException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("HubSpot answered 401 INVALID_AUTHENTICATION: Bad"
              + " token: [hidden] [correlationId=c-9] to POST /events/v3/send of 1 occurrence(s)");
          assertThat(e.toString()).doesNotContain(TestConfigs.TOKEN);
        });
  }

  @Test
  void rateLimitAnswerIsClassifiedWithPolicyAndRetryAfter() {
    status = 429;
    headers = Map.of("Retry-After", "3");
    body = "{\"status\":\"error\",\"message\":\"You have reached your ten_secondly_rolling limit.\","
        + "\"errorType\":\"RATE_LIMIT\",\"correlationId\":\"c-1\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}";

    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"))))
        .isInstanceOfSatisfying(HubSpotException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
          assertThat(e.retryAfterMs()).hasValue(3000);
          assertThat(e.getMessage()).isEqualTo("HubSpot answered 429 RATE_LIMIT (TEN_SECONDLY_ROLLING):"
              + " You have reached your ten_secondly_rolling limit. [correlationId=c-1] to POST"
              + " /events/v3/send of 1 occurrence(s)");
        });
  }

  @Test
  void unauthorizedAndUnreadableBodies() {
    status = 401;
    body = "{\"status\":\"error\",\"category\":\"INVALID_AUTHENTICATION\",\"message\":\"Authentication credentials not found.\",\"correlationId\":\"c-2\"}";
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"))))
        .isInstanceOfSatisfying(HubSpotException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION));

    status = 502;
    body = "<html>Bad gateway</html>";
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"))))
        .isInstanceOfSatisfying(HubSpotException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
          assertThat(e.getMessage()).isEqualTo(
              "HubSpot answered 502: <html>Bad gateway</html> to POST /events/v3/send of 1 occurrence(s)");
        });
  }

  @Test
  void noAnswerIsATransientFailure() {
    server.stop(0);
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"))))
        .isInstanceOfSatisfying(HubSpotException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
          assertThat(e.status()).isZero();
          assertThat(e.getMessage()).startsWith("POST /events/v3/send of 1 occurrence(s) got no answer: ");
        });
  }

  // ---------------------------------------------------------------- issue 13: answers at the edge

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"errors\":[null]}",
      "{\"message\":\"x\",\"errors\":[null,{\"message\":null,\"context\":null,\"code\":7}]}",
      "{\"context\":\"x\"}",
      "{\"errors\":{}}",
      "{\"errors\":[\"text\",[1],{\"context\":{\"a\":\"b\",\"c\":[1,null,{}],\"d\":null}}]}",
      "{\"context\":{\"a\":\"b\",\"c\":[1,null,{}],\"d\":null,\"failedInputs\":[null]}}",
      "{\"message\":5,\"category\":[],\"correlationId\":{},\"subCategory\":null}",
      "[]", "\"text\"", "null", "{", "{\"errors\":[{\"errors\":[null]}]}"})
  void anyShapeOfErrorBodyBecomesAnAnswerNeverACrash(String raw) {
    status = 400;
    body = raw;
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"), completion("B", "2"))))
        .isInstanceOfSatisfying(HubSpotException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
          assertThat(e.status()).isEqualTo(400);
        });
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"))))
        .isInstanceOfSatisfying(HubSpotException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST));
  }

  /** Runs {@code send} on another thread and waits at most 20 s for it: the test bounds its own wait. */
  private static Object sendWithin20s(HttpHubSpotClient c, List<Completion> completions)
      throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return c.send(io.github.connecthubspot.events.model.TestOccurrences.of(completions));
      } catch (HubSpotException e) {
        return e;
      }
    }).get(20, TimeUnit.SECONDS);
  }

  @Test
  void anAnswerWhoseBodyTricklesIsCutAtTheRequestDeadline() throws Exception {
    special = exchange -> { // 200, then one byte every 300 ms: each read is quick, the answer never ends
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      trickler.scheduleAtFixedRate(() -> {
        try {
          out.write(' ');
          out.flush();
        } catch (IOException e) {
          exchange.close();
          throw new IllegalStateException("client gone", e); // ends this schedule
        }
      }, 0, 300, TimeUnit.MILLISECONDS);
    };
    HttpHubSpotClient quick = new HttpHubSpotClient(new HttpHubSpotClient.Settings(
        "http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(1),
        Duration.ofSeconds(1), 2, "test-agent/1"),
        new StaticAccessToken(new Password(TestConfigs.TOKEN)));
    try {
      assertThat(sendWithin20s(quick, List.of(completion("A", "1"))))
          .isInstanceOfSatisfying(HubSpotException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).contains("no complete answer within 1000 ms");
          });
    } finally {
      quick.close();
    }
  }

  @Test
  void anEndlessSuccessBodyIsReadOnlyUpToTheCapAndCountsAsUnreadable() throws Exception {
    special = exchange -> { // 200 whose body says errors, then never ends (64 MiB of spaces)
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write("{\"numErrors\":1,\"errors\":[".getBytes(StandardCharsets.UTF_8));
        byte[] spaces = " ".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 1024; i++) {
          out.write(spaces);
        }
      } catch (IOException e) {
        // the client stopped reading: expected
      } finally {
        exchange.close();
      }
    };
    assertThat(sendWithin20s(client, List.of(completion("A", "1"), completion("B", "2"))))
        .isInstanceOfSatisfying(HubSpotException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
          assertThat(e.status()).isEqualTo(200);
        });
  }

  @Test
  void serverGivenWaitsAreClampedToADay() {
    status = 429;
    headers = Map.of("Retry-After", "1e300",
        "X-HubSpot-RateLimit-Interval-Milliseconds", "9223372036854775807");
    body = "{\"status\":\"error\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"DAILY\"}";
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"))))
        .isInstanceOfSatisfying(HubSpotException.class, e -> {
          assertThat(e.retryAfterMs()).hasValue(86_400_000L);
          assertThat(e.rateLimit().intervalMs()).hasValue(86_400_000L);
        });
  }

  @Test
  void everyStringOfAnAnswerIsRedactedAndCappedWhereItIsParsed() throws Exception {
    String t = TestConfigs.TOKEN;
    status = 403;
    body = "{\"status\":\"" + t + "\",\"category\":\"MISSING_SCOPES\",\"subCategory\":\"" + t + "\","
        + "\"message\":\"" + "m".repeat(20_000) + t + "\",\"correlationId\":\"" + t + "\","
        + "\"context\":{\"requiredScopes\":[\"" + t + "\"],\"" + t + "\":[\"x\"]},"
        + "\"links\":{\"" + t + "\":\"" + t + "\"},"
        + "\"errors\":[{\"message\":\"" + t + "\",\"in\":\"" + t + "\",\"code\":\"" + t + "\","
        + "\"subCategory\":\"" + t + "\",\"context\":{\"" + t + "\":[\"" + t + "\"]}}]}";
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"))))
        .isInstanceOfSatisfying(HubSpotException.class, e -> {
          String parsed;
          try {
            parsed = JSON.writeValueAsString(e.error().orElseThrow());
          } catch (IOException io) {
            throw new AssertionError(io);
          }
          assertThat(parsed).doesNotContain(t);
          assertThat(e.getMessage()).doesNotContain(t);
          assertThat(e.error().orElseThrow().message.length()).isLessThanOrEqualTo(1_100);
          assertThat(e.getMessage().length()).isLessThan(4_000);
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "OK", "[]", "{}", "{\"status\":\"COMPLETE\",\"results\":[]}",
      "{\"numErrors\":0,\"errors\":[]}", "{\"errors\":null}"})
  void aSuccessWithoutABodyOrWithOneThatReportsNoErrorsAcceptsEveryInput(String raw) throws Exception {
    status = raw.isEmpty() ? 204 : 200;
    body = raw;
    SendResult result = client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"), completion("B", "2")));
    assertThat(result.status()).isEqualTo(status);
    assertThat(result.refusedInputs()).isEmpty();
  }

  @Test
  void aMultiStatusThatNamesItsFailedInputsRefusesThoseAndAcceptsTheOthers() throws Exception {
    status = 207;
    headers = Map.of("X-HubSpot-Correlation-Id", "corr-207");
    body = "{\"status\":\"COMPLETE\",\"results\":[],\"numErrors\":2,\"errors\":["
        + "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\",\"message\":\"bad name\","
        + "\"context\":{\"inputIndex\":[\"2\"]}},"
        + "{\"message\":\"bad email\",\"errors\":[{\"in\":\"inputs[0].email\",\"code\":\"INVALID_EMAIL\"}]}]}";
    SendResult result = client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"), completion("B", "2"),
        completion("C", "3")));
    assertThat(result.refusedInputs()).containsOnlyKeys(0, 2);
    assertThat(result.refusedInputs().get(2)).isEqualTo("HubSpot answered 207 VALIDATION_ERROR: bad"
        + " name context={inputIndex=[2]} [correlationId=corr-207] to POST /events/v3/send/batch of 3"
        + " occurrence(s) (input 2)");
    assertThat(result.refusedInputs().get(0)).contains("bad email");
  }

  @Test
  void aSuccessReportingErrorsItDoesNotAttributeFailsTheWholeRequestAsABadRequest() {
    status = 200;
    body = "{\"status\":\"error\",\"message\":\"some inputs failed\",\"errors\":[{\"message\":\"x\"}]}";
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"), completion("B", "2"))))
        .isInstanceOfSatisfying(HubSpotException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
          assertThat(e.status()).isEqualTo(200);
        });

    body = "{\"numErrors\":2,\"errors\":[{\"context\":{\"inputIndex\":[\"0\"]}}]}"; // one unlisted
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"), completion("B", "2"))))
        .isInstanceOfSatisfying(HubSpotException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST));

    body = "{\"errors\":[{\"context\":{\"inputIndex\":[\"7\"]}}]}"; // no such input
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"), completion("B", "2"))))
        .isInstanceOfSatisfying(HubSpotException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST));
  }

  @Test
  void aSingleOccurrenceWhoseSuccessReportsAnErrorIsRefused() throws Exception {
    status = 200;
    body = "{\"status\":\"error\",\"message\":\"not recorded\"}";
    SendResult result = client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1")));
    assertThat(result.refusedInputs()).containsOnlyKeys(0);
  }

  @Test
  void aConflictNamingAUuidOfTheRequestIsADuplicateAndOtherwiseABadRequest() {
    status = 409;
    body = "{\"category\":\"CONFLICT\",\"message\":\"exists\",\"context\":{\"uuid\":[\"u-2\"]}}";
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"), completion("B", "2"))))
        .isInstanceOfSatisfying(HubSpotException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.DUPLICATE));
    body = "{\"category\":\"CONFLICT\",\"message\":\"exists\",\"context\":{\"uuid\":[\"u-9\"]}}";
    assertThatThrownBy(() -> client.send(io.github.connecthubspot.events.model.TestOccurrences.of(completion("A", "1"), completion("B", "2"))))
        .isInstanceOfSatisfying(HubSpotException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST));
  }
}
