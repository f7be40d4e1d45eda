package io.github.connecthubspot.events;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.model.EventDefinitions.Lookup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event names a connector's settings name ({@code event.name}, {@code
 * event.name.topic.mapping}), and what it means when the portal has no such event: the task does
 * not start, and {@code validate()} marks the setting.
 */
final class ConfiguredEventNames {
  private ConfiguredEventNames() {}

  /** Each configured event name, with the setting it comes from. */
  static Map<String, String> of(HubSpotSinkConnectorConfig config) {
    Map<String, String> names = new LinkedHashMap<>();
    config.eventName().ifPresent(n -> names.put(n, HubSpotSinkConnectorConfig.EVENT_NAME_CONFIG));
    config.eventNamesByTopic().values().forEach(n ->
        names.putIfAbsent(n, HubSpotSinkConnectorConfig.EVENT_NAME_TOPIC_MAPPING_CONFIG));
    return names;
  }

  /** Setting to its errors: one for each name of {@code names} that {@code lookups} says is missing. */
  static Map<String, List<String>> missing(Map<String, String> names, Map<String, Lookup> lookups) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    names.forEach((name, setting) -> {
      Lookup lookup = lookups.get(name);
      if (lookup != null && lookup.isMissing()) {
        errors.computeIfAbsent(setting, k -> new ArrayList<>()).add(message(name, setting));
      }
    });
    return errors;
  }

  static String message(String name, String setting) {
    return "HubSpot has no event '" + name + "' in this portal (its event definitions answered"
        + " 404): set " + setting + " to the fully qualified internal name (pe<portalId>_<name>)"
        + " of an event the portal defines, or create the event in HubSpot";
  }
}
