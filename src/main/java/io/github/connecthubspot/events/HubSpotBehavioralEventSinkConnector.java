package io.github.connecthubspot.events;

import io.github.connecthubspot.events.client.ApiPathNotFoundException;
import io.github.connecthubspot.events.client.EventDefinitionsCache;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.config.Misspellings;
import io.github.connecthubspot.events.config.SecurityConfigs;
import io.github.connecthubspot.events.delivery.DeliveryEngine;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final HubSpotCheck hubSpotCheck;
  private Map<String, String> props;
  private HubSpotSinkConnectorConfig config;

  /** What HubSpot says of a config that is right on its own: each setting to its errors. */
  @FunctionalInterface
  interface HubSpotCheck {
    Map<String, List<String>> errors(HubSpotSinkConnectorConfig config);
  }

  public HubSpotBehavioralEventSinkConnector() {
    this(HubSpotBehavioralEventSinkConnector::checkHubSpot);
  }

  /** For tests: {@code hubSpotCheck} answers what HubSpot says of a config. */
  HubSpotBehavioralEventSinkConnector(HubSpotCheck hubSpotCheck) {
    this.hubSpotCheck = hubSpotCheck;
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
      // Only now, when every setting is right on its own: ask HubSpot whether it takes the
      // credentials, serves the API version, and defines the configured events.
      Map<String, List<String>> errors =
          hubSpotCheck.errors(new HubSpotSinkConnectorConfig(connectorConfigs));
      for (ConfigValue v : values) {
        errors.getOrDefault(v.name(), List.of()).forEach(v::addErrorMessage);
      }
    }
    return new Config(values);
  }

  /** {@code why} on each setting that holds the credentials {@code config} authenticates with. */
  private static Map<String, List<String>> onCredentials(HubSpotSinkConnectorConfig config,
      String why) {
    List<String> keys = config.usesOAuth()
        ? List.of(SecurityConfigs.OAUTH_CLIENT_ID_CONFIG, SecurityConfigs.OAUTH_CLIENT_SECRET_CONFIG,
            SecurityConfigs.OAUTH_REFRESH_TOKEN_CONFIG)
        : List.of(HubSpotSinkConnectorConfig.ACCESS_TOKEN_CONFIG);
    Map<String, List<String>> errors = new LinkedHashMap<>();
    keys.forEach(k -> errors.put(k, List.of(why)));
    return errors;
  }

  /**
   * What HubSpot says of {@code config}: whether it refuses the credentials (asked with an empty
   * batch, which creates no event) or has no path for the API version; then, when definitions are
   * read, whether the portal lacks a configured event. Nothing when it takes them or says nothing
   * (no answer, 5xx, no scope to read definitions).
   */
  static Map<String, List<String>> checkHubSpot(HubSpotSinkConnectorConfig config) {
    try (HubSpotClientFactory.Connection connection =
        HubSpotClientFactory.connect(config, Time.SYSTEM, true)) {
      DeliveryEngine.checkCredentials(connection.client());
      if (connection.definitions() == null) {
        return Map.of();
      }
      Map<String, String> names = ConfiguredEventNames.of(config);
      EventDefinitionsCache cache = new EventDefinitionsCache(connection.definitions(),
          Time.SYSTEM, config.requestTimeout(), Duration.ZERO);
      return ConfiguredEventNames.missing(names, cache.start(names.keySet()));
    } catch (ApiPathNotFoundException e) {
      return Map.of(HubSpotSinkConnectorConfig.API_VERSION_CONFIG, List.of(e.getMessage()));
    } catch (ConnectException e) { // refused by HubSpot, or by its OAuth token endpoint
      return onCredentials(config, e.getMessage());
    }
  }

  static Map<String, String> misspellings(Map<String, String> props) {
    return Misspellings.find(props, HubSpotSinkConnectorConfig.CONFIG_DEF.names());
  }
}
