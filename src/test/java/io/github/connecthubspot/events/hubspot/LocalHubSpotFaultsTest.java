package io.github.connecthubspot.events.hubspot;

import static io.github.connecthubspot.events.hubspot.SimHttp.completion;
import static io.github.connecthubspot.events.hubspot.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalHubSpotFaultsTest {
  private static final String BODY = completion("pe1_e", "{}");
  private static final String BODY_WITH_UUID = completion("pe1_e", "{}", "\"uuid\":\"u-1\"");

  private final ManualClock clock = ManualClock.atDefaultInstant();
  private LocalHubSpot sim;
  private SimHttp http;

  @BeforeEach
  void start() {
    sim = LocalHubSpot.builder().clock(clock).start();
    http = new SimHttp(sim.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  /** Status code, or -1 when the connection was closed without an answer. */
  private int statusOrClosed(SimHttp h, String body) {
    try {
      return h.postRaw("/events/v3/send", body).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void failNextAnswersTheNextRequestsThenRecovers() {
    sim.failNext(3, 503);
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = http.send(BODY);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(json(r).get("category").asText()).isEqualTo("SERVICE_UNAVAILABLE");
    }
    assertThat(http.send(BODY).statusCode()).isEqualTo(204);
    assertThat(sim.ledger().acceptedCount()).isEqualTo(1);
    assertThat(sim.stats().faultsInjected()).containsEntry("STATUS(503)", 3L);
    assertThat(sim.stats().requestsByStatus()).containsEntry(503, 3L).containsEntry(204, 1L);
  }

  @ParameterizedTest
  @ValueSource(ints = {502, 504, 521, 523, 524})
  void gatewayErrorsHaveAnHtmlBody(int status) {
    sim.failNext(1, status);
    HttpResponse<String> r = http.send(BODY);
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("text/html");
    assertThat(r.body()).contains("<title>" + status + " ").contains("cloudflare");
  }

  @Test
  void internalError500HasAJsonBody() {
    sim.failNext(1, 500);
    HttpResponse<String> r = http.send(BODY);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(json(r).get("category").asText()).isEqualTo("INTERNAL_ERROR");
  }

  @Test
  void lockedAndMigration() {
    sim.failNext(1, 423).failNext(1, 477);
    HttpResponse<String> locked = http.send(BODY);
    assertThat(locked.statusCode()).isEqualTo(423);
    assertThat(json(locked).get("category").asText()).isEqualTo("LOCKED");
    assertThat(locked.headers().firstValue("Retry-After")).isEmpty();
    HttpResponse<String> migrating = http.send(BODY);
    assertThat(migrating.statusCode()).isEqualTo(477);
    assertThat(migrating.headers().firstValue("Retry-After")).contains("3");
    assertThat(json(migrating).get("category").asText()).isEqualTo("MIGRATION_IN_PROGRESS");
    sim.faults(Faults.seeded(1).status(477, 1.0).retryAfter477Seconds(9));
    assertThat(http.send(BODY).headers().firstValue("Retry-After")).contains("9");
  }

  @Test
  void scripted429IsARateLimitAnswer() {
    sim.failNext(1, 429);
    HttpResponse<String> r = http.send(BODY);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(json(r).get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
    assertThat(json(r).get("errorType").asText()).isEqualTo("RATE_LIMIT");
  }

  @Test
  void customScriptedAnswer() {
    sim.script(Scripted.respond(400, "{\"weird\":true}", Map.of("X-Extra", "1")));
    HttpResponse<String> r = http.send(BODY);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"weird\":true}");
    assertThat(r.headers().firstValue("X-Extra")).contains("1");
    assertThat(sim.scriptedRemaining()).isZero();
  }

  @Test
  void resetClosesTheConnectionAndRecordsNothing() {
    sim.script(Scripted.reset());
    assertThatThrownBy(() -> http.postRaw("/events/v3/send", BODY)).isInstanceOf(IOException.class);
    assertThat(sim.ledger().acceptedCount()).isZero();
    assertThat(sim.stats().status(0)).isEqualTo(1);
    assertThat(http.send(BODY).statusCode()).isEqualTo(204);
  }

  @Test
  void acceptThenFailRecordsAndAnswers5xxSoARetryWithoutUuidDuplicates() {
    sim.script(Scripted.acceptThenFail(502));
    assertThat(http.send(BODY).statusCode()).isEqualTo(502);
    assertThat(http.send(BODY).statusCode()).isEqualTo(204); // the naive retry
    assertThat(sim.ledger().acceptedCount()).isEqualTo(2);
  }

  @Test
  void acceptThenResetRecordsButTheRetryWithUuidIsRefused() {
    sim.script(Scripted.acceptThenReset());
    assertThatThrownBy(() -> http.postRaw("/events/v3/send", BODY_WITH_UUID)).isInstanceOf(IOException.class);
    assertThat(sim.ledger().acceptedCount()).isEqualTo(1);
    assertThat(http.send(BODY_WITH_UUID).statusCode()).isEqualTo(204);
    assertThat(sim.ledger().acceptedCount()).isEqualTo(1);
    assertThat(sim.ledger().duplicatesRefused()).isEqualTo(1);
  }

  @Test
  void delayLongerThanTheClientTimeoutStillRecords() {
    sim.script(Scripted.delay(Duration.ofMillis(400)));
    SimHttp impatient = new SimHttp(sim.baseUrl(), LocalHubSpot.DEFAULT_TOKEN).timeout(Duration.ofMillis(100));
    assertThatThrownBy(() -> impatient.postRaw("/events/v3/send", BODY)).isInstanceOf(HttpTimeoutException.class);
    assertThat(sim.ledger().acceptedCount()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> sim.ledger().acceptedCount() == 1);
  }

  @Test
  void delayShorterThanTheTimeoutAnswersNormally() {
    sim.script(Scripted.delay(Duration.ofMillis(50)));
    assertThat(http.send(BODY).statusCode()).isEqualTo(204);
  }

  @Test
  void seededRandomFaultsAreReproducible() {
    Faults faults =
        Faults.seeded(42).status(503, 0.2).status(500, 0.1).status(423, 0.05).reset(0.1).acceptThenFail(0.1, 504).acceptThenReset(0.05);
    sim.faults(faults);
    List<Integer> first = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      first.add(statusOrClosed(http, BODY));
    }
    long accepted = sim.ledger().acceptedCount();
    sim.reset(); // rewinds the seed
    List<Integer> second = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      second.add(statusOrClosed(http, BODY));
    }
    assertThat(second).isEqualTo(first);
    assertThat(sim.ledger().acceptedCount()).isEqualTo(accepted);
    assertThat(first).contains(204, 503, 500, -1, 504);
    // accept-then-fail and accept-then-reset were recorded although they did not answer 204
    assertThat(accepted).isGreaterThan(first.stream().filter(s -> s == 204).count());

    try (LocalHubSpot other = LocalHubSpot.builder().clock(clock).faults(
        Faults.seeded(42).status(503, 0.2).status(500, 0.1).status(423, 0.05).reset(0.1).acceptThenFail(0.1, 504).acceptThenReset(0.05)).start()) {
      SimHttp h = new SimHttp(other.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
      List<Integer> third = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        third.add(statusOrClosed(h, BODY));
      }
      assertThat(third).isEqualTo(first);
    }
  }

  @Test
  void randomDelaysUseTheConfiguredDelay() {
    sim.faults(Faults.seeded(3).delay(1.0, Duration.ofMillis(300)));
    SimHttp impatient = new SimHttp(sim.baseUrl(), LocalHubSpot.DEFAULT_TOKEN).timeout(Duration.ofMillis(80));
    assertThatThrownBy(() -> impatient.postRaw("/events/v3/send", BODY)).isInstanceOf(HttpTimeoutException.class);
    await().atMost(Duration.ofSeconds(5)).until(() -> sim.ledger().acceptedCount() == 1);
    sim.faults(Faults.none());
    assertThat(http.send(BODY).statusCode()).isEqualTo(204);
  }

  @Test
  void scriptedAnswersTakePrecedenceOverRandomFaults() {
    sim.faults(Faults.seeded(1).status(500, 1.0));
    sim.failNext(1, 423);
    assertThat(http.send(BODY).statusCode()).isEqualTo(423);
    assertThat(http.send(BODY).statusCode()).isEqualTo(500);
  }

  @Test
  void faultSharesMustAddUpToAtMostOne() {
    assertThatThrownBy(() -> Faults.seeded(1).status(503, 0.6).reset(0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("fault shares add up to more than 1");
  }

  @Test
  void downRefusesConnectionsAndUpListensOnTheSamePort() throws Exception {
    int port = sim.port();
    assertThat(http.send(BODY).statusCode()).isEqualTo(204);
    sim.down();
    assertThat(sim.isUp()).isFalse();
    assertThatThrownBy(() -> http.postRaw("/events/v3/send", BODY)).isInstanceOf(ConnectException.class);
    sim.up();
    assertThat(sim.isUp()).isTrue();
    assertThat(sim.port()).isEqualTo(port);
    assertThat(http.send(BODY).statusCode()).isEqualTo(204);
    assertThat(sim.ledger().acceptedCount()).isEqualTo(2);
  }
}
