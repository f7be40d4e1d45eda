package io.github.connecthubspot.events.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.connecthubspot.events.model.HubSpotError;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "400, BAD_REQUEST", "401, AUTHENTICATION", "403, AUTHORIZATION", "404, FATAL", "413, BAD_REQUEST",
      "423, TRANSIENT", "429, RATE_LIMITED", "477, TRANSIENT", "500, TRANSIENT", "502, TRANSIENT",
      "503, TRANSIENT", "504, TRANSIENT", "521, TRANSIENT", "523, TRANSIENT", "524, TRANSIENT"})
  void byStatus(int status, FailureKind kind) {
    assertThat(FailureClassifier.classify(status, null)).isEqualTo(kind);
  }

  @Test
  void dailyLimitIsItsOwnKind() {
    HubSpotError e = new HubSpotError();
    e.policyName = "DAILY";
    assertThat(FailureClassifier.classify(429, e)).isEqualTo(FailureKind.DAILY_LIMIT);
    e.policyName = "TEN_SECONDLY_ROLLING";
    assertThat(FailureClassifier.classify(429, e)).isEqualTo(FailureKind.RATE_LIMITED);
  }

  @Test
  void duplicateUuidOnlyWhenEveryMessageSaysSo() {
    HubSpotError e = new HubSpotError();
    e.message = "Duplicate uuid: an occurrence with this uuid was already accepted";
    assertThat(FailureClassifier.classify(400, e)).isEqualTo(FailureKind.DUPLICATE);

    HubSpotError.Detail dup = new HubSpotError.Detail();
    dup.message = "uuid 123 already exists";
    HubSpotError.Detail other = new HubSpotError.Detail();
    other.message = "Property hs_x does not exist";
    e.errors = List.of(dup, other);
    assertThat(FailureClassifier.classify(400, e)).isEqualTo(FailureKind.BAD_REQUEST);

    HubSpotError.Detail coded = new HubSpotError.Detail();
    coded.message = "Invalid input";
    coded.code = "DUPLICATE_UUID";
    e.errors = List.of(dup, coded);
    assertThat(FailureClassifier.classify(400, e)).isEqualTo(FailureKind.DUPLICATE);
  }

  @Test
  void nullElementsOfAnErrorBodyAreNoCrash() {
    HubSpotError e = new HubSpotError();
    e.errors = java.util.Arrays.asList((HubSpotError.Detail) null, new HubSpotError.Detail());
    assertThat(FailureClassifier.classify(400, e)).isEqualTo(FailureKind.BAD_REQUEST);
  }
}
