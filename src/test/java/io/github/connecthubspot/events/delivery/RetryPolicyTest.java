package io.github.connecthubspot.events.delivery;

import static io.github.connecthubspot.events.delivery.Records.completion;
import static io.github.connecthubspot.events.delivery.Records.record;
import static io.github.connecthubspot.events.delivery.Records.settings;
import static io.github.connecthubspot.events.delivery.ScriptedClient.error;
import static io.github.connecthubspot.events.delivery.ScriptedClient.failure;
import static io.github.connecthubspot.events.delivery.ScriptedClient.rateLimit;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.connecthubspot.events.client.HubSpotException;
import io.github.connecthubspot.events.client.RateLimitInfo;
import io.github.connecthubspot.events.delivery.RetryPolicy.Action;
import io.github.connecthubspot.events.delivery.RetryPolicy.Decision;
import io.github.connecthubspot.events.model.HubSpotError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final long NOW = Instant.parse("2026-05-04T23:52:10Z").toEpochMilli();

  private final RetryPolicy policy = new RetryPolicy(
      settings("retry.backoff.ms", "500", "retry.backoff.max.ms", "4000",
          "retry.timeout.ms", "60000"),
      new Backoff(500, 4000, () -> 0.999_999));

  private static Batch batch(int size) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      SinkRecord r = record("t", 0, i);
      items.add(new Item(r, completion(r), Item.PENDING, 0));
    }
    Batch b = new Batch(items, 0);
    b.failed(NOW);
    return b;
  }

  private Decision decide(HubSpotException e, Batch batch) {
    return policy.decide(e, batch, NOW);
  }

  private static HubSpotException answer(int status, HubSpotError error) {
    return failure(status, error, OptionalLong.empty(), RateLimitInfo.NONE);
  }

  @Test
  void aServerErrorIsRetriedAfterTheBackoff() {
    Batch b = batch(3);
    // jitter 0.999999: just under twice the base, 500 then 2000
    assertThat(decide(answer(503, null), b).atMs).isEqualTo(NOW + 999);
    b.failed(NOW);
    b.failed(NOW);
    Decision third = decide(answer(502, null), b);
    assertThat(third.action).isEqualTo(Action.RETRY);
    assertThat(third.atMs).isEqualTo(NOW + 3999);
  }

  @Test
  void aLockedAnswerWaitsTwoSecondsAndARetryAfterIsHonoured() {
    assertThat(decide(answer(423, null), batch(1)).atMs).isEqualTo(NOW + 2000);
    HubSpotException migrating = failure(477, null, OptionalLong.of(9_000), RateLimitInfo.NONE);
    assertThat(decide(migrating, batch(1)).atMs).isEqualTo(NOW + 9_000);
  }

  @Test
  void rateLimitsWaitTheirWindowOrRetryAfter() {
    Decision tenSecondly = decide(answer(429, rateLimit("TEN_SECONDLY_ROLLING")), batch(1));
    assertThat(tenSecondly.action).isEqualTo(Action.RATE_LIMITED);
    assertThat(tenSecondly.atMs).isEqualTo(NOW + 10_000);
    assertThat(decide(answer(429, rateLimit("SECONDLY")), batch(1)).atMs).isEqualTo(NOW + 1_000);
    HubSpotException withRetryAfter =
        failure(429, rateLimit("TEN_SECONDLY_ROLLING"), OptionalLong.of(4_000), RateLimitInfo.NONE);
    assertThat(decide(withRetryAfter, batch(1)).atMs).isEqualTo(NOW + 4_000);
  }

  @Test
  void theDailyLimitWaitsForTheNextQuarterHourOfUtc() {
    Decision daily = decide(answer(429, rateLimit("DAILY")), batch(1));
    assertThat(daily.action).isEqualTo(Action.DAILY_LIMIT);
    assertThat(Instant.ofEpochMilli(daily.atMs)).isEqualTo(Instant.parse("2026-05-05T00:00:00Z"));
  }

  @Test
  void theDailyLimitFailsWhenSoConfigured() {
    RetryPolicy failing = new RetryPolicy(settings("behavior.on.daily.limit", "FAIL"),
        new Backoff(500, 4000, () -> 0.5));
    Decision d = failing.decide(answer(429, rateLimit("DAILY")), batch(1), NOW);
    assertThat(d.action).isEqualTo(Action.FAIL);
    assertThat(d.message).startsWith("HubSpot's daily API limit is reached (HubSpot answered 429:"
        + " You have reached your daily limit. [correlationId=corr-429]) and"
        + " behavior.on.daily.limit=fail; set behavior.on.daily.limit=pause");
  }

  @Test
  void aBadRequestSplitsABatchAndRefusesASingleOccurrence() {
    HubSpotException bad = answer(400, error("VALIDATION_ERROR", "bad", "c"));
    assertThat(decide(bad, batch(2)).action).isEqualTo(Action.SPLIT);
    assertThat(decide(bad, batch(1)).action).isEqualTo(Action.REFUSED);
  }

  @Test
  void aDuplicateUuidSplitsABatchAndCountsASingleOccurrenceAsDelivered() {
    HubSpotException dup = answer(400, error("VALIDATION_ERROR", "Duplicate uuid", "c"));
    assertThat(decide(dup, batch(2)).action).isEqualTo(Action.SPLIT);
    assertThat(decide(dup, batch(1)).action).isEqualTo(Action.DELIVERED);
  }

  @Test
  void aDuplicateErrorForEveryOccurrenceCountsTheWholeBatchAsDelivered() {
    HubSpotError error = error("VALIDATION_ERROR", "Invalid input", "c");
    error.errors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HubSpotError.Detail d = new HubSpotError.Detail();
      d.message = "Duplicate uuid 't-0-" + i + "': an occurrence with this uuid was already accepted";
      d.in = "inputs[" + i + "].uuid";
      error.errors.add(d);
    }
    assertThat(decide(answer(400, error), batch(3)).action).isEqualTo(Action.DELIVERED);
    assertThat(decide(answer(400, error), batch(4)).action).isEqualTo(Action.SPLIT);
  }

  @Test
  void duplicateErrorsThatDoNotNameEveryOccurrenceSplitTheBatch() {
    // Two errors, both about the first occurrence: the second was not accepted and must be sent.
    HubSpotError error = error("VALIDATION_ERROR", "Invalid input", "c");
    error.errors = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      HubSpotError.Detail d = new HubSpotError.Detail();
      d.message = "Duplicate uuid 't-0-0': an occurrence with this uuid was already accepted";
      error.errors.add(d);
    }
    assertThat(decide(answer(400, error), batch(2)).action).isEqualTo(Action.SPLIT);

    // 't-0-1' is not named by 't-0-10': only whole uuids count.
    error.errors.get(1).message = "Duplicate uuid 't-0-10': already accepted";
    assertThat(decide(answer(400, error), batch(2)).action).isEqualTo(Action.SPLIT);
    error.errors.get(1).message = "Duplicate uuid 't-0-1': already accepted";
    assertThat(decide(answer(400, error), batch(2)).action).isEqualTo(Action.DELIVERED);
  }

  @Test
  void authenticationAndAuthorizationFailuresNameTheToken() {
    Decision unauthorized = decide(answer(401, error("INVALID_AUTHENTICATION", "expired", "c1")),
        batch(1));
    assertThat(unauthorized.action).isEqualTo(Action.FAIL);
    assertThat(unauthorized.message).isEqualTo("HubSpot refused the access token (HubSpot answered"
        + " 401: expired [correlationId=c1]): set hubspot.access.token to a valid private-app"
        + " access token with the scope analytics.behavioral_events.send");
    Decision forbidden = decide(answer(403, error("MISSING_SCOPES", "missing", "c2")), batch(1));
    assertThat(forbidden.message).isEqualTo("HubSpot refused the request for a missing scope"
        + " (HubSpot answered 403: missing [correlationId=c2]): the token in hubspot.access.token"
        + " needs the scope analytics.behavioral_events.send");
  }

  @Test
  void anyOtherAnswerFailsNamingTheBaseUrl() {
    Decision d = decide(answer(404, error("NOT_FOUND", "no such path", "c")), batch(1));
    assertThat(d.action).isEqualTo(Action.FAIL);
    assertThat(d.message).contains("hubspot.base.url");
  }

  @Test
  void givesUpWhenTheNextAttemptWouldPassTheRetryTimeout() {
    Batch b = batch(2);
    b.firstFailureMs = NOW - 59_001; // the wait is 999: the attempt would be at 60000, allowed
    assertThat(decide(answer(503, null), b).action).isEqualTo(Action.RETRY);
    b.firstFailureMs = NOW - 59_002; // at 60001: past it
    Decision d = decide(answer(503, null), b);
    assertThat(d.action).isEqualTo(Action.FAIL);
    assertThat(d.message).startsWith("Gave up on 2 occurrence(s) starting at t-0@0 after 1 failed"
        + " attempt(s), the last: HubSpot answered 503. Retrying would pass retry.timeout.ms=60000"
        + " (waits from retry.backoff.ms=500 to retry.backoff.max.ms=4000)");
    HubSpotException longRetryAfter = failure(477, null, OptionalLong.of(120_000), RateLimitInfo.NONE);
    assertThat(decide(longRetryAfter, batch(1)).action).isEqualTo(Action.FAIL);
  }
}
