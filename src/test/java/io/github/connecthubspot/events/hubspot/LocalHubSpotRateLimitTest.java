package io.github.connecthubspot.events.hubspot;

import static io.github.connecthubspot.events.hubspot.SimHttp.completion;
import static io.github.connecthubspot.events.hubspot.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalHubSpotRateLimitTest {
  private static final String BODY = completion("pe1_e", "{}");
  private final ManualClock clock = ManualClock.atDefaultInstant();

  private static String header(HttpResponse<String> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void tenSecondRollingWindow() {
    try (LocalHubSpot sim = LocalHubSpot.builder().clock(clock).tenSecondlyLimit(3).secondlyLimit(0).start()) {
      SimHttp h = new SimHttp(sim.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
      HttpResponse<String> first = h.send(BODY);
      assertThat(first.statusCode()).isEqualTo(204);
      assertThat(header(first, "X-HubSpot-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
      assertThat(header(first, "X-HubSpot-RateLimit-Max")).isEqualTo("3");
      assertThat(header(first, "X-HubSpot-RateLimit-Remaining")).isEqualTo("2");
      clock.advance(Duration.ofSeconds(4));
      assertThat(h.send(BODY).statusCode()).isEqualTo(204);
      assertThat(header(h.send(BODY), "X-HubSpot-RateLimit-Remaining")).isEqualTo("0");

      HttpResponse<String> limited = h.send(BODY);
      assertThat(limited.statusCode()).isEqualTo(429);
      JsonNode body = json(limited);
      assertThat(body.get("status").asText()).isEqualTo("error");
      assertThat(body.get("message").asText()).isEqualTo("You have reached your ten_secondly_rolling limit.");
      assertThat(body.get("errorType").asText()).isEqualTo("RATE_LIMIT");
      assertThat(body.get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
      assertThat(body.get("correlationId").asText()).hasSize(36);
      assertThat(header(limited, "X-HubSpot-RateLimit-Remaining")).isEqualTo("0");

      // the first request leaves the window 10 s after it arrived (t=10 s), the next two at t=14 s
      clock.advance(Duration.ofMillis(5999));
      assertThat(h.send(BODY).statusCode()).isEqualTo(429);
      clock.advance(Duration.ofMillis(1));
      assertThat(h.send(BODY).statusCode()).isEqualTo(204);
      assertThat(h.send(BODY).statusCode()).isEqualTo(429);
      clock.advance(Duration.ofSeconds(4));
      HttpResponse<String> after = h.send(BODY);
      assertThat(after.statusCode()).isEqualTo(204);
      assertThat(header(after, "X-HubSpot-RateLimit-Remaining")).isEqualTo("1");
      assertThat(sim.stats().rateLimitedByPolicy()).containsEntry("TEN_SECONDLY_ROLLING", 3L);
      assertThat(sim.stats().status(429)).isEqualTo(3);
      assertThat(sim.ledger().acceptedCount()).isEqualTo(5);
    }
  }

  @Test
  void perSecondLimit() {
    try (LocalHubSpot sim = LocalHubSpot.builder().clock(clock).secondlyLimit(2).retryAfterOn429(true).start()) {
      SimHttp h = new SimHttp(sim.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
      assertThat(h.send(BODY).statusCode()).isEqualTo(204);
      clock.advanceMillis(300);
      HttpResponse<String> second = h.send(BODY);
      assertThat(header(second, "X-HubSpot-RateLimit-Secondly")).isEqualTo("2");
      assertThat(header(second, "X-HubSpot-RateLimit-Secondly-Remaining")).isEqualTo("0");
      HttpResponse<String> r = h.send(BODY);
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(json(r).get("policyName").asText()).isEqualTo("SECONDLY");
      assertThat(json(r).get("message").asText()).isEqualTo("You have reached your secondly limit.");
      assertThat(header(r, "Retry-After")).isEqualTo("1");
      clock.advanceMillis(700);
      assertThat(h.send(BODY).statusCode()).isEqualTo(204);
      assertThat(h.send(BODY).statusCode()).isEqualTo(429);
    }
  }

  @Test
  void dailyLimitResetsAtMidnightUtc() {
    clock.set(Instant.parse("2026-01-15T23:59:58Z"));
    try (LocalHubSpot sim = LocalHubSpot.builder().clock(clock).dailyLimit(2).retryAfterOn429(true).start()) {
      SimHttp h = new SimHttp(sim.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
      HttpResponse<String> first = h.send(BODY);
      assertThat(header(first, "X-HubSpot-RateLimit-Daily")).isEqualTo("2");
      assertThat(header(first, "X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("1");
      assertThat(h.send(BODY).statusCode()).isEqualTo(204);
      HttpResponse<String> r = h.send(BODY);
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(json(r).get("policyName").asText()).isEqualTo("DAILY");
      assertThat(json(r).get("message").asText()).isEqualTo("You have reached your daily limit.");
      assertThat(header(r, "Retry-After")).isEqualTo("2");
      // ten seconds later it is still refused: DAILY does not clear with the rolling window
      clock.advanceMillis(1999);
      assertThat(h.send(BODY).statusCode()).isEqualTo(429);
      clock.advanceMillis(1);
      HttpResponse<String> tomorrow = h.send(BODY);
      assertThat(tomorrow.statusCode()).isEqualTo(204);
      assertThat(header(tomorrow, "X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("1");
    }
  }

  @Test
  void dailyLimitZoneIsConfigurable() {
    clock.set(Instant.parse("2026-01-15T04:59:59Z")); // 23:59:59 in New York
    try (LocalHubSpot sim =
        LocalHubSpot.builder().clock(clock).dailyLimit(1).dailyLimitZone(ZoneId.of("America/New_York")).start()) {
      SimHttp h = new SimHttp(sim.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
      assertThat(h.send(BODY).statusCode()).isEqualTo(204);
      assertThat(h.send(BODY).statusCode()).isEqualTo(429);
      clock.advanceMillis(1000);
      assertThat(h.send(BODY).statusCode()).isEqualTo(204);
    }
  }

  @Test
  void headersOnEveryAnswerOfTheSendEndpoints() {
    try (LocalHubSpot sim = LocalHubSpot.builder().clock(clock).token("t").start()) {
      SimHttp h = new SimHttp(sim.baseUrl(), "t");
      HttpResponse<String> ok = h.send(BODY);
      HttpResponse<String> invalid = h.send("{}");
      HttpResponse<String> unauthorized = new SimHttp(sim.baseUrl(), "nope").send(BODY);
      sim.failNext(1, 503);
      HttpResponse<String> fault = h.send(BODY);
      for (HttpResponse<String> r : List.of(ok, invalid, unauthorized, fault)) {
        assertThat(header(r, "X-HubSpot-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
        assertThat(header(r, "X-HubSpot-RateLimit-Max")).isEqualTo("12500");
        assertThat(header(r, "X-HubSpot-RateLimit-Daily")).isEqualTo("1000000");
        assertThat(header(r, "X-HubSpot-RateLimit-Secondly")).isEqualTo("1250");
      }
      assertThat(header(ok, "X-HubSpot-RateLimit-Remaining")).isEqualTo("12499");
      assertThat(header(invalid, "X-HubSpot-RateLimit-Remaining")).isEqualTo("12498");
      // refused before the budget: not counted
      assertThat(header(unauthorized, "X-HubSpot-RateLimit-Remaining")).isEqualTo("12498");
      assertThat(header(fault, "X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("999998");
    }
  }

  @Test
  void resetClearsTheWindows() {
    try (LocalHubSpot sim = LocalHubSpot.builder().clock(clock).tenSecondlyLimit(1).start()) {
      SimHttp h = new SimHttp(sim.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
      assertThat(h.send(BODY).statusCode()).isEqualTo(204);
      assertThat(h.send(BODY).statusCode()).isEqualTo(429);
      sim.reset();
      assertThat(h.send(BODY).statusCode()).isEqualTo(204);
    }
  }

  @Test
  void noRateLimitsMeansNoHeaders() {
    try (LocalHubSpot sim = LocalHubSpot.builder().clock(clock).noRateLimits().start()) {
      HttpResponse<String> r = new SimHttp(sim.baseUrl(), LocalHubSpot.DEFAULT_TOKEN).send(BODY);
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.headers().firstValue("X-HubSpot-RateLimit-Max")).isEmpty();
    }
  }
}
