package io.github.connecthubspot.events;

import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.config.Misspellings;
import io.github.connecthubspot.events.config.SecurityConfigs;
import io.github.connecthubspot.events.delivery.DeliveryEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sink connector that sends Kafka records to HubSpot as custom behavioral event occurrences. */
public class HubSpotBehavioralEventSinkConnector extends SinkConnector {
  private static final Logger log = LoggerFactory.getLogger(HubSpotBehavioralEventSinkConnector.class);
  private final Function<HubSpotSinkConnectorConfig, Optional<String>> credentialsCheck;
  private Map<String, String> props;
  private HubSpotSinkConnectorConfig config;

  public HubSpotBehavioralEventSinkConnector() {
    this(HubSpotBehavioralEventSinkConnector::checkCredentials);
  }

  /** For tests: {@code credentialsCheck} answers why HubSpot would refuse a config's credentials. */
  HubSpotBehavioralEventSinkConnector(
      Function<HubSpotSinkConnectorConfig, Optional<String>> credentialsCheck) {
    this.credentialsCheck = credentialsCheck;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    this.config = new HubSpotSinkConnectorConfig(props); // fails fast with the key to fix
    this.props = Map.copyOf(props);
    misspellings(props).forEach((key, meant) -> log.warn(Misspellings.message(key, meant)));
  }

  @Override
  public Class<? extends Task> taskClass() {
    return HubSpotBehavioralEventSinkTask.class;
  }

  /**
   * One config per task, each with a share of {@code rate.limit.requests.per.second}, so the
   * tasks together never exceed the connector's budget: the requests the budget allows in
   * HubSpot's rolling 10-second window, split in whole requests (40 over 3 tasks: 14, 13, 13),
   * and each task's rate in proportion to its share (1.4, 1.3, 1.3 per second).
   */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    int tasks = Math.max(1, maxTasks);
    double budget = config.rateLimit();
    int window = HubSpotSinkConnectorConfig.windowLimit(budget);
    List<Map<String, String>> configs = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      int share = HubSpotSinkConnectorConfig.taskWindowShare(window, tasks, i);
      double rate = window >= tasks ? budget * share / window : budget / tasks;
      Map<String, String> config = new HashMap<>(props);
      config.put(HubSpotSinkConnectorConfig.TASK_RATE_LIMIT_CONFIG, Double.toString(rate));
      config.put(HubSpotSinkConnectorConfig.TASK_WINDOW_LIMIT_CONFIG, Integer.toString(share));
      config.put(HubSpotSinkConnectorConfig.TASK_ID_CONFIG, Integer.toString(i));
      configs.add(config);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return HubSpotSinkConnectorConfig.CONFIG_DEF;
  }

  /**
   * Per-key validation, then the cross-key checks, each message attached to every key involved;
   * and an error on each key that is not ours but is close to one of ours (a misspelling).
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, List<String>> crossKey = HubSpotSinkConnectorConfig.crossKeyErrors(config.configValues());
    for (ConfigValue value : config.configValues()) {
      for (String message : crossKey.getOrDefault(value.name(), List.of())) {
        value.addErrorMessage(message);
      }
    }
    List<ConfigValue> values = new ArrayList<>(config.configValues());
    misspellings(connectorConfigs).forEach((key, meant) -> {
      ConfigValue value = new ConfigValue(key, connectorConfigs.get(key), List.of(), new ArrayList<>());
      value.addErrorMessage(Misspellings.message(key, meant));
      values.add(value);
    });
    if (values.stream().allMatch(v -> v.errorMessages().isEmpty())) {
      // Only now, when every setting is right on its own: ask HubSpot whether it takes the credentials.
      credentialsCheck.apply(new HubSpotSinkConnectorConfig(connectorConfigs)).ifPresent(why -> {
        for (ConfigValue v : values) {
          if (credentialKeys(connectorConfigs).contains(v.name())) {
            v.addErrorMessage(why);
          }
        }
      });
    }
    return new Config(values);
  }

  /** The settings that hold the credentials this config authenticates with. */
  private static List<String> credentialKeys(Map<String, String> props) {
    String token = props.get(HubSpotSinkConnectorConfig.ACCESS_TOKEN_CONFIG);
    return token != null && !token.isBlank()
        ? List.of(HubSpotSinkConnectorConfig.ACCESS_TOKEN_CONFIG)
        : List.of(SecurityConfigs.OAUTH_CLIENT_ID_CONFIG, SecurityConfigs.OAUTH_CLIENT_SECRET_CONFIG,
            SecurityConfigs.OAUTH_REFRESH_TOKEN_CONFIG);
  }

  /**
   * Why HubSpot refuses {@code config}'s credentials, asked with an empty batch (no event is
   * created); empty when it takes them or says nothing about them (no answer, 5xx).
   */
  static Optional<String> checkCredentials(HubSpotSinkConnectorConfig config) {
    try (HubSpotClient client = HubSpotClientFactory.create(config, Time.SYSTEM)) {
      DeliveryEngine.checkCredentials(client);
      return Optional.empty();
    } catch (ConnectException e) { // refused by HubSpot, or by its OAuth token endpoint
      return Optional.of(e.getMessage());
    }
  }

  static Map<String, String> misspellings(Map<String, String> props) {
    return Misspellings.find(props, HubSpotSinkConnectorConfig.CONFIG_DEF.names());
  }
}
