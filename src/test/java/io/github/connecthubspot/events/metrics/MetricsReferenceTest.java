package io.github.connecthubspot.events.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's metrics table lists every attribute of the MBean, with its plugin-metric name. */
class MetricsReferenceTest {

  @Test
  void everyMetricHasItsRowInTheReadme() throws IOException {
    List<String> rows = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("| `")).collect(Collectors.toList());
    for (Method getter : PluginMetricsBridge.getters()) {
      String row = "| `" + getter.getName().substring(3) + "` | `"
          + PluginMetricsBridge.metricName(getter.getName()) + "` | ";
      assertThat(rows).as("README metrics table row for %s", getter.getName())
          .anyMatch(r -> r.startsWith(row));
    }
  }
}
