package io.github.connecthubspot.events.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The quickstart's sample events ({@code events.jsonl}: one JSON object a line, {@code topic},
 * optional {@code key}, and {@code value}, any JSON) and what it expects of them
 * ({@code quickstart.properties}: {@code expected.delivered}, {@code expected.dead.lettered},
 * {@code partitions.<topic>}). Nothing in an event says whether it is valid: the run finds out.
 */
public final class SampleEvents {
  /** One line of the file. */
  public record Event(int line, String topic, String key, String valueJson) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Event> events;
  private final Properties settings;

  private SampleEvents(List<Event> events, Properties settings) {
    this.events = events;
    this.settings = settings;
  }

  public static SampleEvents read(Path eventsFile, Path settingsFile) throws IOException {
    List<Event> events = new ArrayList<>();
    List<String> lines = Files.readAllLines(eventsFile, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException(eventsFile + " line " + (i + 1) + " is not JSON: " + e.getOriginalMessage(), e);
      }
      String topic = node.path("topic").asText("");
      if (topic.isBlank() || !node.has("value")) {
        throw new IllegalArgumentException(eventsFile + " line " + (i + 1) + " needs a \"topic\" and a \"value\"");
      }
      String key = node.path("key").isNull() || node.path("key").isMissingNode() ? null : node.path("key").asText();
      events.add(new Event(i + 1, topic, key, JSON.writeValueAsString(node.get("value"))));
    }
    Properties settings = new Properties();
    try (InputStream in = Files.newInputStream(settingsFile)) {
      settings.load(in);
    }
    SampleEvents sample = new SampleEvents(List.copyOf(events), settings);
    if (sample.expectedDelivered() + sample.expectedDeadLettered() != events.size()) {
      throw new IllegalArgumentException(settingsFile + ": expected.delivered (" + sample.expectedDelivered()
          + ") + expected.dead.lettered (" + sample.expectedDeadLettered() + ") must be the number of events in "
          + eventsFile + " (" + events.size() + ")");
    }
    return sample;
  }

  public List<Event> events() {
    return events;
  }

  public int expectedDelivered() {
    return intSetting("expected.delivered");
  }

  public int expectedDeadLettered() {
    return intSetting("expected.dead.lettered");
  }

  /** {@code partitions.<topic>}, 1 when not set. */
  public int partitions(String topic) {
    String value = settings.getProperty("partitions." + topic, "1").trim();
    return Integer.parseInt(value);
  }

  private int intSetting(String key) {
    String value = settings.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException("quickstart.properties has no " + key);
    }
    return Integer.parseInt(value.trim());
  }
}
