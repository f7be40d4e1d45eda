package io.github.connecthubspot.events.delivery;

import static io.github.connecthubspot.events.delivery.Records.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.connecthubspot.events.client.HttpHubSpotClient;
import io.github.connecthubspot.events.client.StaticAccessToken;
import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.Occurrence;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of HubSpot's answers: the real HTTP client and the real delivery engine (on an injected
 * clock) against a local server that answers each request with a generated status, headers and
 * body: every documented answer, and truncated, huge, mistyped, null-filled, lying and garbage ones,
 * resets and absurd waits. Whatever comes back:
 *
 * <ul>
 *   <li>no record's offset is committed unless the answers showed HubSpot accepted it (a 2xx that
 *       did not name it as failed, or structured evidence that HubSpot already had its uuid) or it
 *       went to the dead-letter queue;
 *   <li>the engine never spins: a bounded number of requests at any instant, and in all;
 *   <li>the task fails only with a documented fatal reason (the token, the URL, or
 *       retry.timeout.ms), and otherwise delivers everything once the answers turn good.
 * </ul>
 *
 * <p>Seeded: {@code -Dfuzz.seed=N} replays, {@code -Dfuzz.scenarios=N} runs more.
 */
class AnswerFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
  private static final int SCENARIOS = Integer.getInteger("fuzz.scenarios", 300);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "pat-fuzz-token";
  private static final long T0 = Instant.parse("2026-05-04T10:07:00Z").toEpochMilli();
  private static final int MAX_STEPS = 2_000;

  private HttpServer server;
  private volatile Scenario scenario;
  private int answersTotal;

  /** One request as the server saw it, and what it answered. */
  private static final class Exchange {
    final List<String> uuids;
    final int status;
    /** Uuids this answer showed HubSpot to have (accepted now, or already). */
    final Set<String> accepted;
    final long atMs;

    Exchange(List<String> uuids, int status, Set<String> accepted, long atMs) {
      this.uuids = uuids;
      this.status = status;
      this.accepted = accepted;
      this.atMs = atMs;
    }
  }

  /** The answers of one scenario: generated until {@code badAnswers} were given, then 204s. */
  private static final class Scenario {
    final Random random;
    final int badAnswers;
    final MockTime time;
    final List<Exchange> exchanges = new ArrayList<>();
    int given;

    Scenario(Random random, int badAnswers, MockTime time) {
      this.random = random;
      this.badAnswers = badAnswers;
      this.time = time;
    }
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void noAnswerCommitsWhatHubSpotDidNotTakeSpinsOrKillsTheTaskWithoutAReason() throws Exception {
    Random seeds = new Random(SEED);
    int failedTasks = 0;
    for (int i = 0; i < SCENARIOS; i++) {
      long seed = seeds.nextLong();
      try {
        failedTasks += run(seed) ? 1 : 0;
      } catch (AssertionError e) {
        throw new AssertionError("scenario " + i + " (replay with -Dfuzz.seed=" + SEED
            + ", scenario seed " + seed + "): " + e.getMessage(), e);
      }
    }
    System.out.printf("AnswerFuzzTest: %d scenarios, %d answers (seed %d), %d ended in a documented"
        + " task failure%n", SCENARIOS, answersTotal, SEED, failedTasks);
    assertThat(answersTotal).isGreaterThan(SCENARIOS * 3);
  }

  /** One scenario; true when it ended in a (documented) task failure. */
  private boolean run(long seed) throws Exception {
    Random random = new Random(seed);
    MockTime time = new MockTime(0, T0, 0);
    Scenario s = new Scenario(random, 1 + random.nextInt(12), time);
    scenario = s;
    ManualExecutor executor = new ManualExecutor();
    RecordingReporter reporter = new RecordingReporter();
    int maxInFlight = 1 + random.nextInt(4);
    DeliverySettings settings = settings("batch.size", String.valueOf(1 + random.nextInt(8)),
        "linger.ms", "0", "max.in.flight.requests", String.valueOf(maxInFlight),
        "retry.backoff.ms", "10", "retry.backoff.max.ms", "2000", "retry.timeout.ms", "600000",
        "max.buffered.records", "1000");
    HttpHubSpotClient client = new HttpHubSpotClient(new HttpHubSpotClient.Settings(
        "http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(2),
        Duration.ofSeconds(5), maxInFlight, "answer-fuzz"), new StaticAccessToken(new Password(TOKEN)));
    DeliveryEngine engine = new DeliveryEngine(settings, client, reporter, new RecordingPartitionControl(),
        time, executor, new FakeThrottle(), random::nextDouble);
    Map<TopicPartition, Long> ends = new HashMap<>();
    Map<String, SinkRecord> byUuid = new HashMap<>();
    int records = 1 + random.nextInt(24);
    for (int n = 0; n < records; n++) {
      TopicPartition tp = new TopicPartition("t", random.nextInt(2));
      long offset = ends.merge(tp, 1L, Long::sum) - 1;
      SinkRecord r = new SinkRecord(tp.topic(), tp.partition(), null, null, null, Map.of(), offset);
      Completion c = Completion.builder().eventName("pe1_fuzz").email("u" + n + "@example.com")
          .uuid("uuid-" + tp.partition() + "-" + offset).build();
      byUuid.put(c.uuid(), r);
      engine.submit(r, Occurrence.of(c));
    }
    try {
      for (int step = 0; step < MAX_STEPS; step++) {
        long wake = engine.dispatch();
        while (executor.runRandom(random)) {
          engine.dispatch();
        }
        try {
          engine.poll();
        } catch (ConnectException e) {
          assertDocumentedFailure(e, s);
          assertOnlyAcceptedCommitted(engine, s, reporter, byUuid);
          return true;
        }
        assertOnlyAcceptedCommitted(engine, s, reporter, byUuid);
        if (committed(engine).equals(ends)) {
          assertBoundedRequests(s, records);
          return false;
        }
        long now = time.milliseconds();
        long next = wake == Long.MAX_VALUE ? now + 60_000 : Math.max(now + 1, wake);
        time.setCurrentTimeMs(Math.min(next, now + 16 * 60_000)); // a daily probe is at most 15 min away
      }
      fail("not done after %d steps: %d request(s), committed %s of %s", MAX_STEPS,
          s.exchanges.size(), committed(engine), ends);
      return false;
    } finally {
      engine.close(ends.keySet()); // nothing left to wait for: close() returns at once
      engine.close();
    }
  }

  private static Map<TopicPartition, Long> committed(DeliveryEngine engine) {
    Map<TopicPartition, OffsetAndMetadata> safe;
    try {
      safe = engine.preCommit(Map.of());
    } catch (ConnectException e) {
      return Map.of(); // surfaced by poll() too
    }
    return safe.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static void assertOnlyAcceptedCommitted(DeliveryEngine engine, Scenario s,
      RecordingReporter reporter, Map<String, SinkRecord> byUuid) {
    Set<String> accepted = new HashSet<>();
    synchronized (s) {
      s.exchanges.forEach(x -> accepted.addAll(x.accepted));
    }
    Set<SinkRecord> reported = reporter.reports().stream().map(r -> r.record).collect(Collectors.toSet());
    Map<TopicPartition, Long> committed = committed(engine);
    byUuid.forEach((uuid, record) -> {
      TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
      if (record.kafkaOffset() < committed.getOrDefault(tp, 0L)) {
        assertThat(accepted.contains(uuid) || reported.contains(record))
            .as("record %s committed although no answer accepted it and it was not reported;"
                + " answers: %s", uuid, describe(s)).isTrue();
      }
    });
  }

  private static void assertDocumentedFailure(ConnectException e, Scenario s) {
    String message = String.valueOf(e.getMessage());
    assertThat(message).as("a task failure with a documented reason; answers: %s", describe(s))
        .containsAnyOf("hubspot.access.token", "check hubspot.base.url", "retry.timeout.ms");
    assertThat(message).doesNotContain(TOKEN);
  }

  /** Bisection may send about twice as many requests as records at one instant; nothing more. */
  private static void assertBoundedRequests(Scenario s, int records) {
    Map<Long, Long> perInstant = s.exchanges.stream()
        .collect(Collectors.groupingBy(x -> x.atMs, Collectors.counting()));
    long most = perInstant.values().stream().mapToLong(Long::longValue).max().orElse(0);
    assertThat(most).as("requests at one instant; answers: %s", describe(s))
        .isLessThanOrEqualTo(4L * records + 8);
    assertThat((long) s.exchanges.size()).as("requests in all").isLessThanOrEqualTo(
        (long) (s.badAnswers + 1) * (4L * records + 8));
  }

  private static String describe(Scenario s) {
    synchronized (s) {
      return s.exchanges.stream().map(x -> x.status + x.uuids.toString() + "->" + x.accepted)
          .collect(Collectors.joining(", "));
    }
  }

  // ---------------------------------------------------------------- the server

  private void answer(HttpExchange exchange) throws IOException {
    Scenario s = scenario;
    List<String> uuids = uuids(exchange.getRequestBody().readAllBytes());
    Answer a;
    synchronized (s) {
      a = s.given < s.badAnswers ? generate(s.random, uuids) : Answer.ok(uuids);
      s.given++;
      answersTotal++;
      s.exchanges.add(new Exchange(uuids, a.status, a.accepted, s.time.milliseconds()));
    }
    if (a.status == 0) {
      exchange.close(); // no answer: the connection closes
      return;
    }
    a.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    if (a.body.length == 0) {
      exchange.sendResponseHeaders(a.status, -1);
    } else {
      exchange.sendResponseHeaders(a.status, a.body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(a.body);
      }
    }
    exchange.close();
  }

  private static List<String> uuids(byte[] body) throws IOException {
    JsonNode json = JSON.readTree(body);
    List<String> uuids = new ArrayList<>();
    if (json.has("inputs")) {
      json.get("inputs").forEach(i -> uuids.add(i.path("uuid").asText()));
    } else {
      uuids.add(json.path("uuid").asText());
    }
    return uuids;
  }

  private static final class Answer {
    final int status;
    final Map<String, String> headers;
    final byte[] body;
    final Set<String> accepted;

    Answer(int status, Map<String, String> headers, String body, Set<String> accepted) {
      this(status, headers, body.getBytes(StandardCharsets.UTF_8), accepted);
    }

    Answer(int status, Map<String, String> headers, byte[] body, Set<String> accepted) {
      this.status = status;
      this.headers = headers;
      this.body = body;
      this.accepted = accepted;
    }

    static Answer ok(List<String> uuids) {
      return new Answer(204, Map.of(), "", Set.copyOf(uuids));
    }
  }

  private static final String[] GARBAGE = {
    "", "null", "[]", "{}", "{\"status\":\"COMPLETE\"}", "{\"results\":[]}", "\"done\"", "{\"a\":",
    "<html><body>Bad gateway</body></html>", "\u0000\u0001\u00ff", "{\"context\":\"x\"}",
    "{\"errors\":null}", "{\"message\":null,\"category\":null}", "{\"context\":{\"k\":null}}",
    "{\"context\":{\"k\":[null, 3, {}]}}", "{\"errors\":[null]}", "{\"errors\":{}}",
    "{\"errors\":[{\"context\":null}]}", "{\"errors\":[1,\"x\",[]]}", "{\"policyName\":42}",
    "{\"category\":[\"VALIDATION_ERROR\"]}", "{\"message\":{\"nested\":true}}",
  };

  /** Any answer HubSpot gives or could give, and the uuids it shows HubSpot has. */
  private static Answer generate(Random r, List<String> uuids) {
    Set<String> none = Set.of();
    if (r.nextInt(25) == 0) { // rarely, an answer that must end the task: it ends the scenario
      return r.nextBoolean()
          ? new Answer(r.nextBoolean() ? 401 : 403, Map.of(), "{\"category\":\"INVALID_AUTHENTICATION\","
              + "\"message\":\"" + TOKEN + "\",\"context\":{\"t\":[\"" + TOKEN + "\"]}}", none)
          : new Answer(new int[] {404, 405, 301, 418}[r.nextInt(4)], Map.of(),
              GARBAGE[r.nextInt(GARBAGE.length)], none);
    }
    switch (r.nextInt(17)) {
      case 0:
        return Answer.ok(uuids);
      case 1: { // a 2xx with a body that says nothing of errors: accepted
        String body = r.nextBoolean() ? "{\"status\":\"COMPLETE\",\"results\":[]}" : "";
        return new Answer(r.nextBoolean() ? 200 : 202, Map.of(), body, Set.copyOf(uuids));
      }
      case 2: { // multi-status: the named inputs failed, the others were recorded
        Set<Integer> failed = new HashSet<>();
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < uuids.size(); i++) {
          if (r.nextInt(3) == 0) {
            failed.add(i);
            errors.append(errors.length() == 0 ? "" : ",").append("{\"message\":\"bad\",\"context\":{\"inputIndex\":[\"")
                .append(i).append("\"]}}");
          }
        }
        Set<String> ok = new HashSet<>();
        for (int i = 0; i < uuids.size(); i++) {
          if (!failed.contains(i)) {
            ok.add(uuids.get(i));
          }
        }
        return new Answer(207, Map.of(), "{\"status\":\"COMPLETE\",\"results\":[],\"numErrors\":"
            + failed.size() + ",\"errors\":[" + errors + "]}", ok);
      }
      case 3: // a 2xx that reports errors no input can be matched to: nothing may count as accepted
        return new Answer(r.nextBoolean() ? 200 : 207, Map.of(), "{\"numErrors\":1,\"errors\":[{\"message\":\"failed\""
            + (r.nextBoolean() ? ",\"context\":{\"inputIndex\":[\"" + (uuids.size() + r.nextInt(5)) + "\"]}" : "")
            + "}]}", none);
      case 4: // HubSpot's validation error, naming no uuid
        return new Answer(400, Map.of(), "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\",\"message\":"
            + "\"Invalid input (1 of " + uuids.size() + " inputs failed)\",\"correlationId\":\"c\"}", none);
      case 5: { // structured evidence that HubSpot already has one uuid of the request
        String u = uuids.get(r.nextInt(uuids.size()));
        if (r.nextBoolean()) {
          return new Answer(409, Map.of(), "{\"category\":\"CONFLICT\",\"message\":\"exists\",\"context\":{\"uuid\":[\""
              + u + "\"]}}", Set.of(u));
        }
        return new Answer(400, Map.of(), "{\"category\":\"VALIDATION_ERROR\",\"errors\":[{\"message\":\"Duplicate uuid\","
            + "\"code\":\"DUPLICATE_UUID\",\"context\":{\"uuid\":[\"" + u + "\"]}}]}", Set.of(u));
      }
      case 6: // words that look like a duplicate, without evidence: not accepted
        return new Answer(400, Map.of(), "{\"message\":\"uuid 'duplicate-" + uuids.get(0)
            + "' already used is not a valid UUID\"}", none);
      case 7:
        return new Answer(r.nextBoolean() ? 413 : 422, Map.of(), GARBAGE[r.nextInt(GARBAGE.length)], none);
      case 8: // transient, with an absurd or odd Retry-After
        return new Answer(new int[] {500, 502, 503, 504, 521, 523, 524, 423, 477}[r.nextInt(9)],
            r.nextBoolean() ? Map.of("Retry-After", retryAfter(r)) : Map.of(),
            GARBAGE[r.nextInt(GARBAGE.length)], none);
      case 9:
      case 10: { // rate limits, some with absurd waits
        String policy = new String[] {"TEN_SECONDLY_ROLLING", "SECONDLY", "DAILY", "", "WEIRD"}[r.nextInt(5)];
        Map<String, String> headers = new HashMap<>();
        if (r.nextBoolean()) {
          headers.put("Retry-After", retryAfter(r));
        }
        if (r.nextBoolean()) {
          headers.put("X-HubSpot-RateLimit-Interval-Milliseconds", r.nextBoolean() ? "1e300" : "-10000");
          headers.put("X-HubSpot-RateLimit-Remaining", "0");
        }
        return new Answer(429, headers, "{\"status\":\"error\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\""
            + policy + "\",\"message\":\"limit\"}", none);
      }
      case 11: // no answer at all
        return new Answer(0, Map.of(), "", none);
      case 12: // garbage of every shape, with an error status
        return new Answer(new int[] {400, 500, 503, 429, 502}[r.nextInt(5)], Map.of(),
            GARBAGE[r.nextInt(GARBAGE.length)], none);
      case 13: { // huge
        byte[] body = new byte[(1 << 20) + r.nextInt(1 << 20)];
        java.util.Arrays.fill(body, (byte) 'x');
        return new Answer(r.nextBoolean() ? 400 : 503, Map.of(), body, none);
      }
      case 14: // a 2xx with a rate-limit header that is used up, or nonsense
        return new Answer(204, Map.of("X-HubSpot-RateLimit-Remaining", r.nextBoolean() ? "0" : "x",
            "X-HubSpot-RateLimit-Interval-Milliseconds", r.nextBoolean() ? "9223372036854775807" : "-1"), "",
            Set.copyOf(uuids));
      default:
        return Answer.ok(uuids);
    }
  }

  private static String retryAfter(Random r) {
    return new String[] {"1", "0", "-5", "1e300", "abc", "9223372036854775807", "2.5", "NaN",
        "Wed, 21 Oct 2015 07:28:00 GMT", ""}[r.nextInt(10)];
  }
}
