package io.github.connecthubspot.events.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The counts of a soak run, in the order they were added, as {@code name: value} lines. */
final class SoakSummary {
  private final Map<String, Object> counts = new LinkedHashMap<>();

  SoakSummary put(String name, Object value) {
    counts.put(name, value);
    return this;
  }

  String text() {
    StringBuilder sb = new StringBuilder();
    counts.forEach((name, value) -> sb.append(name).append(": ").append(value).append(System.lineSeparator()));
    return sb.toString();
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text(), StandardCharsets.UTF_8);
  }
}
