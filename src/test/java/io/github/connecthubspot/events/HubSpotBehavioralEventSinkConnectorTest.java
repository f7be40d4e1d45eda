package io.github.connecthubspot.events;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class HubSpotBehavioralEventSinkConnectorTest {
  /** HubSpot is not asked about the credentials here (see the tests that say so). */
  private final HubSpotBehavioralEventSinkConnector connector =
      new HubSpotBehavioralEventSinkConnector(config -> Map.of());

  private static Map<String, List<String>> errors(Config config) {
    return config.configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  @Test
  void validConfigHasNoErrors() {
    assertThat(errors(connector.validate(minimal()))).isEmpty();
  }

  @Test
  void validateAttachesEachErrorToItsKeys() {
    Map<String, String> props = minimal(
        "hubspot.access.token", null,
        "batch.size", "501",
        "hubspot.base.url", "http://hubspot.example.com",
        "event.name.topic.mapping", "clicks:pe1_click");

    Map<String, List<String>> errors = errors(connector.validate(props));

    assertThat(errors).containsOnlyKeys("hubspot.access.token", "hubspot.oauth.client.id",
        "hubspot.oauth.client.secret", "hubspot.oauth.refresh.token", "batch.size",
        "hubspot.base.url", "event.name", "event.name.topic.mapping");
    String noCredentials = "no credentials: set hubspot.access.token (a private-app access token"
        + " or service key), or OAuth: hubspot.oauth.client.id, hubspot.oauth.client.secret and"
        + " hubspot.oauth.refresh.token (or hubspot.oauth.grant.type=client_credentials with the"
        + " client id and secret)";
    for (String key : List.of("hubspot.access.token", "hubspot.oauth.client.id",
        "hubspot.oauth.client.secret", "hubspot.oauth.refresh.token")) {
      assertThat(errors.get(key)).as(key).containsExactly(noCredentials);
    }
    assertThat(errors.get("batch.size")).containsExactly(
        "Invalid value 501 for configuration batch.size: Value must be no more than 500");
    assertThat(errors.get("hubspot.base.url")).singleElement().asString()
        .contains("plain http is allowed only to a loopback host");
    assertThat(errors.get("event.name")).containsExactly(
        "event.name and event.name.topic.mapping conflict: set one of them, not both");
    assertThat(errors.get("event.name.topic.mapping")).containsExactly(
        "event.name and event.name.topic.mapping conflict: set one of them, not both");
  }

  @Test
  void aKeyCloseToOneOfOursIsAnErrorThatSaysWhichWasMeant() {
    Map<String, String> props = minimal(
        "occured.at.source", "field",      // one letter missing
        "identifier_email_field", "mail",  // underscores for dots
        "Linger.ms", "5",                  // case
        "batch.szie", "10",                // two letters swapped
        // Connect's own keys, a converter's, a transform's, and a key far from any of ours: not ours, not errors.
        "errors.tolerance", "all", "value.converter.schemas.enable", "false",
        "transforms.x.type", "org.apache.kafka.connect.transforms.InsertField$Value",
        "topics", "clicks", "my.own.note", "x");

    Map<String, List<String>> errors = errors(connector.validate(props));

    assertThat(errors).containsOnlyKeys("occured.at.source", "identifier_email_field", "Linger.ms", "batch.szie");
    assertThat(errors.get("occured.at.source")).containsExactly("'occured.at.source' is not a setting"
        + " of this connector (Connect ignores it): did you mean 'occurred.at.source'?");
    assertThat(errors.get("identifier_email_field")).singleElement().asString()
        .endsWith("did you mean 'identifier.email.field'?");
    assertThat(errors.get("Linger.ms")).singleElement().asString().endsWith("did you mean 'linger.ms'?");
    assertThat(errors.get("batch.szie")).singleElement().asString().endsWith("did you mean 'batch.size'?");
    assertThat(HubSpotBehavioralEventSinkConnector.misspellings(minimal())).isEmpty();
  }

  @Test
  void dependentFieldsAreVisibleOnlyWhenTheirSourceIsField() {
    Map<String, ConfigValue> values = connector.validate(minimal("uuid.source", "field", "uuid.field", "id"))
        .configValues().stream().collect(Collectors.toMap(ConfigValue::name, v -> v));
    assertThat(values.get("uuid.field").visible()).isTrue();
    assertThat(values.get("occurred.at.field").visible()).isFalse();
    assertThat(values.get("occurred.at.source").recommendedValues())
        .containsExactly("record.timestamp", "field", "none");
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(connector.version()).isEqualTo(Version.get()).isNotEqualTo("unknown").doesNotContain("${");
  }

  private static List<Map<String, String>> taskConfigs(int maxTasks, String... keyValues) {
    HubSpotBehavioralEventSinkConnector started = new HubSpotBehavioralEventSinkConnector();
    started.start(minimal(keyValues));
    return started.taskConfigs(maxTasks);
  }

  @Test
  void taskConfigsSplitTheBudgetEvenlySoTheTasksNeverExceedIt() {
    List<Map<String, String>> configs = taskConfigs(4, "rate.limit.requests.per.second", "10");

    assertThat(configs).hasSize(4);
    double total = 0;
    for (Map<String, String> c : configs) {
      HubSpotSinkConnectorConfig config = new HubSpotSinkConnectorConfig(c);
      assertThat(config.taskRateLimit()).isEqualTo(2.5);
      assertThat(config.rateLimit()).isEqualTo(10.0);
      assertThat(c).containsEntry("event.name", "pe1234567_manually_tracked_event");
      total += config.taskRateLimit();
    }
    assertThat(total).isLessThanOrEqualTo(10.0);
  }

  @Test
  void theDefaultBudgetIsEightRequestsPerSecondSplitOverTheTasks() {
    List<Map<String, String>> configs = taskConfigs(3);
    double total = 0;
    for (Map<String, String> c : configs) {
      total += new HubSpotSinkConnectorConfig(c).taskRateLimit();
    }
    assertThat(total).isCloseTo(8.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void theRollingWindowIsSplitInWholeRequestsThatAddUpToTheBudgetsAndTheRatesFollow() {
    // 4 requests/s is 40 per rolling 10 s: 14 + 13 + 13, not 3 x 13 (39, budget lost) nor
    // 3 x 14 (42, HubSpot's 429s); each task's rate in proportion.
    List<Map<String, String>> configs = taskConfigs(3, "rate.limit.requests.per.second", "4");
    List<Integer> windows = new java.util.ArrayList<>();
    double rates = 0;
    for (Map<String, String> c : configs) {
      HubSpotSinkConnectorConfig config = new HubSpotSinkConnectorConfig(c);
      windows.add(config.taskWindowLimit());
      rates += config.taskRateLimit();
    }
    assertThat(windows).containsExactly(14, 13, 13);
    assertThat(rates).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(new HubSpotSinkConnectorConfig(configs.get(0)).taskRateLimit())
        .isCloseTo(1.4, org.assertj.core.data.Offset.offset(1e-9));
    // a task started on its own: the window of its own rate
    assertThat(new HubSpotSinkConnectorConfig(minimal("rate.limit.requests.per.second", "4"))
        .taskWindowLimit()).isEqualTo(40);
    assertThat(HubSpotSinkConnectorConfig.windowLimit(0.01)).isEqualTo(1);
  }

  @Test
  void aShareSetByHandIsReplacedAndATaskAloneGetsTheWholeBudget() {
    List<Map<String, String>> configs = taskConfigs(2, "rate.limit.requests.per.second", "5",
        HubSpotSinkConnectorConfig.TASK_RATE_LIMIT_CONFIG, "100");
    assertThat(new HubSpotSinkConnectorConfig(configs.get(1)).taskRateLimit()).isEqualTo(2.5);
    assertThat(new HubSpotSinkConnectorConfig(minimal("rate.limit.requests.per.second", "5"))
        .taskRateLimit()).isEqualTo(5.0);
  }

  @Test
  void theShareIsInternalSoTheReferenceTableLeavesItOut() {
    assertThat(HubSpotSinkConnectorConfig.CONFIG_DEF.toRst())
        .contains("rate.limit.requests.per.second")
        .contains("behavior.on.daily.limit")
        .doesNotContain(HubSpotSinkConnectorConfig.TASK_RATE_LIMIT_CONFIG);
  }

  @Test
  void theDeliveryGroupHasItsDefaults() {
    HubSpotSinkConnectorConfig config = new HubSpotSinkConnectorConfig(minimal());
    assertThat(config.batchSize()).isEqualTo(500);
    assertThat(config.linger().toMillis()).isEqualTo(1_000);
    // 0.2 s answers of 500 occurrences: 32 x 500 / 0.2 s = 80,000/s, far above 15,000/s
    assertThat(config.maxInFlightRequests()).isEqualTo(32);
    assertThat(config.rateLimit()).isEqualTo(8.0);
    assertThat(config.retryBackoff().toMillis()).isEqualTo(500);
    assertThat(config.retryBackoffMax().toMillis()).isEqualTo(30_000);
    assertThat(config.retryTimeout().toMillis()).isEqualTo(300_000);
    assertThat(config.behaviorOnDailyLimit())
        .isEqualTo(HubSpotSinkConnectorConfig.DailyLimitBehavior.PAUSE);
    assertThat(config.maxBufferedRecords()).isEqualTo(10_000);
    assertThat(config.stopDrainTimeout().toMillis()).isEqualTo(4_000);
  }

  @Test
  void validateAttachesDeliveryCrossKeyErrorsToEveryKeyInvolved() {
    Map<String, List<String>> errors = errors(connector.validate(minimal("retry.backoff.ms", "5000",
        "retry.backoff.max.ms", "1000", "batch.size", "500", "max.buffered.records", "100")));

    String backoff = "retry.backoff.max.ms (1000) must be at least retry.backoff.ms (5000)";
    String buffer = "max.buffered.records (100) must be at least batch.size (500)";
    assertThat(errors).containsOnly(
        Map.entry("retry.backoff.ms", List.of(backoff)),
        Map.entry("retry.backoff.max.ms", List.of(backoff)),
        Map.entry("batch.size", List.of(buffer)),
        Map.entry("max.buffered.records", List.of(buffer)));
  }

  @Test
  void validateChecksEachDeliveryKey() {
    Map<String, List<String>> errors = errors(connector.validate(minimal("rate.limit.requests.per.second", "0",
        "behavior.on.daily.limit", "retry", "max.in.flight.requests", "0", "linger.ms", "-1")));

    assertThat(errors).containsOnlyKeys("rate.limit.requests.per.second",
        "behavior.on.daily.limit", "max.in.flight.requests", "linger.ms");
    assertThat(errors.get("behavior.on.daily.limit").get(0)).contains("[pause, fail]");
  }

  @Test
  void whenEverySettingIsRightValidateAsksHubSpotWhetherItTakesTheCredentials() {
    try (io.github.connecthubspot.events.hubspot.LocalHubSpot hubspot =
        io.github.connecthubspot.events.hubspot.LocalHubSpot.builder().token("pat-good")
            .token("pat-no-scope", "crm.objects.contacts.read").start()) {
      HubSpotBehavioralEventSinkConnector asking = new HubSpotBehavioralEventSinkConnector();
      Map<String, String> good = minimal("hubspot.base.url", hubspot.baseUrl(), "hubspot.access.token", "pat-good");
      assertThat(errors(asking.validate(good))).isEmpty();
      assertThat(hubspot.stats().sendRequests()).as("one empty batch").isEqualTo(1);
      assertThat(hubspot.stats().occurrencesAccepted()).isZero();

      Map<String, List<String>> wrong = errors(asking.validate(minimal("hubspot.base.url",
          hubspot.baseUrl(), "hubspot.access.token", "pat-wrong-0123")));
      assertThat(wrong).containsOnlyKeys("hubspot.access.token");
      assertThat(wrong.get("hubspot.access.token")).singleElement().asString()
          .startsWith("HubSpot refused the access token (HubSpot answered 401")
          .endsWith("set hubspot.access.token to a valid private-app access token with the scope"
              + " analytics.behavioral_events.send")
          .doesNotContain("pat-wrong-0123");

      Map<String, List<String>> scope = errors(asking.validate(minimal("hubspot.base.url",
          hubspot.baseUrl(), "hubspot.access.token", "pat-no-scope")));
      assertThat(scope.get("hubspot.access.token")).singleElement().asString()
          .contains("403").contains("needs the scope analytics.behavioral_events.send");

      // Nothing is asked while another setting is wrong.
      long asked = hubspot.stats().sendRequests();
      assertThat(errors(asking.validate(minimal("hubspot.base.url", hubspot.baseUrl(),
          "hubspot.access.token", "pat-wrong-0123", "batch.size", "501"))))
          .containsOnlyKeys("batch.size");
      assertThat(hubspot.stats().sendRequests()).isEqualTo(asked);
    }
  }

  @Test
  void anEndpointThatDoesNotAnswerSaysNothingAboutTheCredentials() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    HubSpotBehavioralEventSinkConnector asking = new HubSpotBehavioralEventSinkConnector();
    assertThat(errors(asking.validate(minimal("hubspot.base.url", "http://127.0.0.1:" + port,
        "hubspot.connect.timeout.ms", "500")))).isEmpty();
  }
}
