package io.github.connecthubspot.events;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/** Sink connector that sends Kafka records to HubSpot as custom behavioral event occurrences. */
public class HubSpotBehavioralEventSinkConnector extends SinkConnector {
  private Map<String, String> props;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    new HubSpotSinkConnectorConfig(props); // fails fast with the key to fix
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return HubSpotBehavioralEventSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      configs.add(new HashMap<>(props));
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return HubSpotSinkConnectorConfig.CONFIG_DEF;
  }

  /** Per-key validation, then the cross-key checks, each message attached to every key involved. */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, List<String>> crossKey = HubSpotSinkConnectorConfig.crossKeyErrors(config.configValues());
    for (ConfigValue value : config.configValues()) {
      for (String message : crossKey.getOrDefault(value.name(), List.of())) {
        value.addErrorMessage(message);
      }
    }
    return config;
  }
}
