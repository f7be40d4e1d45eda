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
import java.util.Map;
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
      items.add(new Item(r, io.github.connecthubspot.events.model.Occurrence.of(completion(r)), Item.PENDING, 0));
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

  private static HubSpotError.Detail duplicateAt(String in) {
    HubSpotError.Detail d = new HubSpotError.Detail();
    d.message = "Duplicate uuid: an occurrence with this uuid was already accepted";
    d.in = in;
    d.code = "DUPLICATE_UUID";
    return d;
  }

  @Test
  void aDuplicateThatNamesNoInputSplitsABatchAndCountsASingleOccurrenceAsDelivered() {
    HubSpotError error = error("VALIDATION_ERROR", "Duplicate uuid", "c");
    error.subCategory = "DUPLICATE_UUID";
    HubSpotException dup = answer(400, error);
    assertThat(decide(dup, batch(2)).action).isEqualTo(Action.SPLIT);
    assertThat(decide(dup, batch(1)).action).isEqualTo(Action.DELIVERED);
  }

  @Test
  void aDuplicateErrorForEveryInputCountsTheWholeBatchAsDelivered() {
    HubSpotError error = error("VALIDATION_ERROR", "Invalid input", "c");
    error.errors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      error.errors.add(duplicateAt("inputs[" + i + "].uuid"));
    }
    Decision all = decide(answer(400, error), batch(3));
    assertThat(all.action).isEqualTo(Action.DELIVERED);
    assertThat(all.inputs).isNull();
    Decision some = decide(answer(400, error), batch(4));
    assertThat(some.action).isEqualTo(Action.DELIVERED);
    assertThat(some.inputs).containsExactly(0, 1, 2);
  }

  @Test
  void onlyTheInputsADuplicateAnswerNamesInItsStructuredFieldsCountAsDelivered() {
    // Two errors, both about the first input: the second was not accepted and must be sent.
    HubSpotError error = error("VALIDATION_ERROR", "Invalid input (1 of 2 inputs failed): t-0-1",
        "c");
    error.errors = new ArrayList<>(List.of(duplicateAt("inputs[0].uuid"),
        duplicateAt("inputs[0].uuid")));
    Decision d = decide(answer(400, error), batch(2));
    assertThat(d.action).isEqualTo(Action.DELIVERED);
    assertThat(d.inputs).containsExactly(0);

    // Named by a duplicate key's value, exactly: 't-0-1' is not named by 't-0-10'.
    HubSpotError keyed = error("VALIDATION_ERROR", "Duplicate uuids t-0-0 t-0-1", "c");
    keyed.context = java.util.Map.of("duplicateUuids", List.of("t-0-10"));
    assertThat(decide(answer(400, keyed), batch(2)).action).isEqualTo(Action.SPLIT);
    keyed.context = java.util.Map.of("duplicateUuids", List.of("t-0-1"));
    Decision byValue = decide(answer(400, keyed), batch(2));
    assertThat(byValue.action).isEqualTo(Action.DELIVERED);
    assertThat(byValue.inputs).containsExactly(1);
  }

  @Test
  void aConflictNamingAUuidCountsThatInputAsDelivered() {
    HubSpotError conflict = error("CONFLICT", "exists", "c");
    conflict.context = java.util.Map.of("uuid", List.of("t-0-1"));
    Batch b = batch(3);
    Decision d = decide(failure(409, conflict, OptionalLong.empty(), RateLimitInfo.NONE, b.uuids()),
        b);
    assertThat(d.action).isEqualTo(Action.DELIVERED);
    assertThat(d.inputs).containsExactly(1);
  }

  @Test
  void waitsNeverOverflow() {
    assertThat(RetryPolicy.plus(Long.MAX_VALUE - 1, 5)).isEqualTo(Long.MAX_VALUE);
    assertThat(RetryPolicy.plus(NOW, 5)).isEqualTo(NOW + 5);
    HubSpotException huge = failure(477, null, OptionalLong.of(Long.MAX_VALUE), RateLimitInfo.NONE);
    assertThat(huge.retryAfterMs()).hasValue(86_400_000L);
    Decision d = decide(huge, batch(1));
    assertThat(d.action).as("a day is past retry.timeout.ms").isEqualTo(Action.FAIL);
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

  @Test
  void aRefreshTokenRefusedWhileRunningFailsNamingTheOAuthSettingsNotTheAccessToken() throws Exception {
    String secret = "client-secret-4711";
    String refresh = "refresh-token-4711";
    try (io.github.connecthubspot.events.hubspot.LocalHubSpot hubspot =
            io.github.connecthubspot.events.hubspot.LocalHubSpot.builder()
                .oauthClient("app-1", secret, refresh)
                .accessTokenTtl(java.time.Duration.ofMinutes(30)).start();
        org.apache.hc.client5.http.impl.classic.CloseableHttpClient http =
            org.apache.hc.client5.http.impl.classic.HttpClients.createDefault()) {
      org.apache.kafka.common.utils.MockTime time = new org.apache.kafka.common.utils.MockTime();
      io.github.connecthubspot.events.client.OAuthTokenProvider provider =
          io.github.connecthubspot.events.client.OAuthTokenProvider.create(
              new io.github.connecthubspot.events.client.OAuthSettings(
                  io.github.connecthubspot.events.client.OAuthGrant.REFRESH_TOKEN, "app-1",
                  new org.apache.kafka.common.config.types.Password(secret),
                  new org.apache.kafka.common.config.types.Password(refresh),
                  java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1),
                  java.time.Duration.ofSeconds(5)),
              hubspot.baseUrl() + "/oauth/2026-03/token", http, "retry-policy-test", time);
      assertThat(provider.accessToken()).isNotBlank();
      hubspot.revokeRefreshToken(refresh);
      time.sleep(java.time.Duration.ofMinutes(29).toMillis()); // in the token's last minute: it must refresh

      HubSpotException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
          HubSpotException.class, provider::accessToken);
      Decision d = decide(refused, batch(2));

      assertThat(d.action).isEqualTo(RetryPolicy.Action.FAIL);
      assertThat(d.message).isEqualTo(refused.getMessage()).contains("hubspot.oauth.refresh.token")
          .doesNotContain("hubspot.access.token").doesNotContain(refresh).doesNotContain(secret);
    }
  }

  // ---------------------------------------------------------------- a 400 about the request

  private static String signature(int status, HubSpotError error, Batch batch) {
    return RetryPolicy.requestLevelSignature(
        failure(status, error, OptionalLong.empty(), RateLimitInfo.NONE, batch.uuids()), batch);
  }

  @Test
  void aRequestLevelSignatureIgnoresTheCorrelationIdButNotTheWords() {
    Batch b = batch(4);
    String first = signature(400, error("VALIDATION_ERROR", "Unknown event", "c-1"), b);
    assertThat(first).isNotNull()
        .isEqualTo(signature(400, error("VALIDATION_ERROR", "Unknown event", "c-2"), batch(2)));
    assertThat(signature(400, error("VALIDATION_ERROR", "Unknown event!", "c-1"), b))
        .isNotEqualTo(first);
    assertThat(signature(400, error("INVALID", "Unknown event", "c-1"), b)).isNotEqualTo(first);
    HubSpotError text = error(null, "<html>400 Bad Request</html>", null); // a body not JSON
    assertThat(signature(400, text, b)).isEqualTo(signature(400, text, batch(1)));
    assertThat(signature(400, null, b)).isEqualTo("400 with no body");
  }

  @Test
  void anAnswerThatNamesAnInputOrIsNotA400HasNoRequestLevelSignature() {
    Batch b = batch(4);
    for (String in : new String[] {"inputs[0].eventName", "inputs[3]"}) {
      HubSpotError named = error("VALIDATION_ERROR", "Invalid input", "c");
      HubSpotError.Detail d = new HubSpotError.Detail();
      d.message = "Unknown event";
      d.in = in;
      named.errors = List.of(d);
      assertThat(signature(400, named, b)).as(in).isNull();
      assertThat(signature(400, named, batch(1))).as(in + ", one input").isNull();
    }
    HubSpotError indexed = error("VALIDATION_ERROR", "Invalid input", "c");
    indexed.context = Map.of("failedInputs", List.of("2"));
    assertThat(signature(400, indexed, b)).isNull();
    HubSpotError byUuid = error("VALIDATION_ERROR", "Invalid input", "c");
    byUuid.context = Map.of("uuid", List.of(b.uuids().get(1)));
    assertThat(signature(400, byUuid, b)).isNull();
    assertThat(signature(400, byUuid, batch(1))).as("the uuid of another batch's input")
        .isNotNull();
    HubSpotError plain = error("VALIDATION_ERROR", "Request entity too large", "c");
    assertThat(signature(413, plain, b)).isNull();
    assertThat(signature(422, plain, b)).isNull();
  }
}
