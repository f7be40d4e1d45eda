package io.github.connecthubspot.events.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's sample events and expectations in config/quickstart/ agree with each other. */
class SampleEventsTest {
  private static final Path DIR = Path.of("config/quickstart");

  @Test
  void theShippedSampleCountsAddUpAndUseTheConnectorsTopics() throws IOException {
    SampleEvents sample = SampleEvents.read(DIR.resolve("events.jsonl"), DIR.resolve("quickstart.properties"));
    List<String> topics = List.of(new ObjectMapper().readTree(DIR.resolve("connector.json").toFile())
        .path("config").path("topics").asText().split(","));

    assertThat(sample.events()).hasSize(sample.expectedDelivered() + sample.expectedDeadLettered());
    assertThat(sample.events().size()).isBetween(100, 200);
    assertThat(sample.expectedDeadLettered()).as("about one in ten is invalid")
        .isBetween(sample.events().size() / 15, sample.events().size() / 7);
    assertThat(sample.events()).extracting(SampleEvents.Event::topic).isSubsetOf(topics).containsAll(topics);
    assertThat(topics).allSatisfy(t -> assertThat(sample.partitions(t)).isBetween(1, 3));
  }

  @Test
  void countsThatDoNotAddUpAreRefused(@TempDir Path dir) throws IOException {
    Path events = Files.writeString(dir.resolve("events.jsonl"),
        "{\"topic\":\"a\",\"value\":{\"email\":\"a@example.com\"}}\n\n{\"topic\":\"a\",\"value\":\"x\"}\n");
    Path settings = Files.writeString(dir.resolve("q.properties"), "expected.delivered=2\nexpected.dead.lettered=1\n");

    assertThatThrownBy(() -> SampleEvents.read(events, settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be the number of events").hasMessageContaining("(2)");
  }
}
