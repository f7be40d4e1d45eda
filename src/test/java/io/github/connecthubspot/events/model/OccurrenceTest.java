package io.github.connecthubspot.events.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An occurrence is written once; a request body is the occurrences' bytes joined, nothing else. */
class OccurrenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Completion completion(int i) {
    return Completion.builder().eventName("pe1_page_viewed").email("u" + i + "@example.com")
        .occurredAt("2026-12-03T07:00:00.123Z").uuid("uuid-" + i)
        .property("hs_page_title", "Tarifs \"été\" \u2603 \ud83d\ude00 " + i)
        .property("seats", String.valueOf(i)).build();
  }

  @Test
  void itHoldsTheBodyOfASingleSendAndWhatBatchingNeeds() throws Exception {
    Completion c = completion(7);
    Occurrence o = Occurrence.of(c);

    assertThat(o.eventName()).isEqualTo("pe1_page_viewed");
    assertThat(o.uuid()).isEqualTo("uuid-7");
    assertThat(RequestJson.single(o)).isEqualTo(RequestJson.single(c));
    assertThat(o.jsonBytes()).isEqualTo(RequestJson.single(c).length);
    assertThat(JSON.readValue(RequestJson.single(o), Completion.class)).isEqualTo(c);
    assertThat(o).isEqualTo(Occurrence.of(completion(7))).hasSameHashCodeAs(Occurrence.of(completion(7)))
        .isNotEqualTo(Occurrence.of(completion(8)));
    assertThat(o.toString()).contains("pe1_page_viewed", "uuid-7")
        .doesNotContain("u7@example.com", "Tarifs");
  }

  @Test
  void aBatchBodyIsTheOccurrencesJoinedAndReadsBackAsTheCompletions() throws Exception {
    List<Completion> completions = new ArrayList<>();
    List<Occurrence> occurrences = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      completions.add(completion(i));
      occurrences.add(Occurrence.of(completion(i)));
    }
    byte[] joined = RequestJson.join(occurrences);

    assertThat(joined).isEqualTo(RequestJson.batch(completions));
    assertThat(new String(joined, StandardCharsets.UTF_8)).startsWith("{\"inputs\":[{\"eventName\"")
        .endsWith("}]}");
    assertThat(JSON.readValue(joined, BatchRequest.class).inputs()).isEqualTo(completions);
    assertThat(new String(RequestJson.join(List.of()), StandardCharsets.UTF_8))
        .isEqualTo("{\"inputs\":[]}");
  }

  @Test
  void aBatchHoldsAtMost500() {
    List<Occurrence> occurrences = Collections.nCopies(501, Occurrence.of(completion(1)));
    assertThatThrownBy(() -> RequestJson.join(occurrences))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 500");
    assertThat(RequestJson.join(occurrences.subList(0, 500))).isNotEmpty();
  }
}
