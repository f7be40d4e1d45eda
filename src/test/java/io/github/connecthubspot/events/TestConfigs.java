package io.github.connecthubspot.events;

import java.util.HashMap;
import java.util.Map;

/** Connector settings for tests: a token and an event name, plus what each test adds. */
public final class TestConfigs {
  public static final String TOKEN = "pat-na1-test-secret-0123456789";

  private TestConfigs() {}

  public static Map<String, String> minimal(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    props.put("name", "hubspot-test");
    props.put("hubspot.access.token", TOKEN);
    props.put("event.name", "pe1234567_manually_tracked_event");
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        props.remove(keyValues[i]);
      } else {
        props.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return props;
  }
}
