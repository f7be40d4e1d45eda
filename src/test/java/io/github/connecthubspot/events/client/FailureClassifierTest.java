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
  void aDuplicateOnlyOnTheEvidenceOfCodesNeverOnWords() {
    HubSpotError e = new HubSpotError();
    e.message = "Duplicate uuid: an occurrence with this uuid was already accepted";
    assertThat(FailureClassifier.classify(400, e)).as("words prove nothing")
        .isEqualTo(FailureKind.BAD_REQUEST);
    e.subCategory = "DUPLICATE_UUID";
    assertThat(FailureClassifier.classify(400, e)).isEqualTo(FailureKind.DUPLICATE);
    e.subCategory = null;

    HubSpotError.Detail coded = new HubSpotError.Detail();
    coded.message = "Invalid input";
    coded.code = "DUPLICATE_UUID";
    coded.in = "inputs[0].uuid";
    HubSpotError.Detail other = new HubSpotError.Detail();
    other.message = "uuid 123 already exists";
    e.errors = List.of(coded, other);
    assertThat(FailureClassifier.classify(400, e)).as("every error must be a duplicate")
        .isEqualTo(FailureKind.BAD_REQUEST);
    e.errors = List.of(coded);
    assertThat(FailureClassifier.classify(400, e)).isEqualTo(FailureKind.DUPLICATE);
    assertThat(FailureClassifier.classify(422, e)).isEqualTo(FailureKind.DUPLICATE);

    HubSpotError.Detail property = new HubSpotError.Detail();
    property.code = "DUPLICATE_PROPERTY";
    property.in = "inputs[0].properties.plan";
    e.errors = List.of(property);
    assertThat(FailureClassifier.classify(400, e)).as("a duplicate property is no duplicate uuid")
        .isEqualTo(FailureKind.BAD_REQUEST);

    HubSpotError keyed = new HubSpotError();
    keyed.context = java.util.Map.of("duplicateUuids", List.of("u-1"));
    assertThat(FailureClassifier.classify(400, keyed)).isEqualTo(FailureKind.DUPLICATE);
  }

  @Test
  void aConflictIsADuplicateWhenItNamesAUuidOfTheRequestAndOtherwiseAboutTheContent() {
    HubSpotError e = new HubSpotError();
    e.category = "CONFLICT";
    e.context = java.util.Map.of("uuid", List.of("u-2"));
    assertThat(FailureClassifier.classify(409, e, java.util.Arrays.asList("u-1", "u-2")))
        .isEqualTo(FailureKind.DUPLICATE);
    assertThat(FailureClassifier.classify(409, e, List.of("u-1"))).isEqualTo(FailureKind.BAD_REQUEST);
    assertThat(FailureClassifier.classify(409, null)).isEqualTo(FailureKind.BAD_REQUEST);
    assertThat(FailureClassifier.classify(422, null)).isEqualTo(FailureKind.BAD_REQUEST);
  }

  @Test
  void nullElementsOfAnErrorBodyAreNoCrash() {
    HubSpotError e = new HubSpotError();
    e.errors = java.util.Arrays.asList((HubSpotError.Detail) null, new HubSpotError.Detail());
    assertThat(FailureClassifier.classify(400, e)).isEqualTo(FailureKind.BAD_REQUEST);
  }
}
