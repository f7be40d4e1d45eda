package io.github.connecthubspot.events.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Completion is immutable: neither its builder nor the map it was made from can change it. */
class CompletionTest {
  @Test
  void aBuilderUsedAgainAfterBuildLeavesTheFirstOccurrenceAsItWas() {
    Completion.Builder b = Completion.builder().eventName("pe1_e").property("a", "1");
    Completion first = b.build();
    Completion second = b.property("b", "2").build();
    Completion third = b.properties(Map.of("c", "3")).build();
    assertThat(first.properties()).containsExactly(Map.entry("a", "1"));
    assertThat(second.properties()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(third.properties())
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3"));
    assertThat(b.build()).isEqualTo(third).isNotSameAs(third);
  }

  @Test
  void theMapItWasMadeFromIsCopied() {
    Map<String, String> source = new LinkedHashMap<>();
    source.put("a", "1");
    Completion c = new Completion("pe1_e", null, null, null, null, null, source);
    Completion.Builder b = Completion.builder().properties(source);
    source.put("b", "2");
    assertThat(c.properties()).containsExactly(Map.entry("a", "1"));
    assertThat(b.build().properties()).containsExactly(Map.entry("a", "1"));
  }

  @Test
  void itsPropertiesCannotBeChanged() {
    Completion built = Completion.builder().property("a", "1").build();
    Completion made = new Completion("pe1_e", null, null, null, null, null, Map.of("a", "1"));
    assertThatThrownBy(() -> built.properties().put("b", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> made.properties().put("b", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new Completion("e", null, null, null, null, null, null).properties()).isEmpty();
  }

  @Test
  void propertiesKeepTheirOrder() {
    Completion.Builder b = Completion.builder();
    for (int i = 20; i > 0; i--) {
      b.property("p" + i, Integer.toString(i));
    }
    assertThat(b.build().properties().keySet()).startsWith("p20", "p19", "p18").endsWith("p1");
  }

  /** A map handed over is taken as it is, and neither the builder nor the occurrence changes it. */
  @Test
  void takenPropertiesAreNeverChangedByTheBuilder() {
    PropertyMap taken = new PropertyMap();
    taken.put("plan", "pro");
    Completion.Builder builder = Completion.builder().eventName("pe1_x").objectId("1").takeProperties(taken);
    Completion first = builder.build();
    Completion second = builder.property("seats", "3").build();

    assertThat(taken).containsExactly(Map.entry("plan", "pro"));
    assertThat(first.properties()).containsExactly(Map.entry("plan", "pro"));
    assertThat(second.properties()).containsExactly(Map.entry("plan", "pro"),
        Map.entry("seats", "3"));
    assertThat(Completion.builder().takeProperties(Map.of()).property("a", "b").build()
        .properties()).containsExactly(Map.entry("a", "b")); // an immutable map, copied
    assertThatThrownBy(() -> Completion.builder().takeProperties(null))
        .isInstanceOf(NullPointerException.class);
  }

  /** A builder makes its map only when a property comes: none gives {@code {}}, which cannot change. */
  @Test
  void anOccurrenceWithoutPropertiesHasAnEmptyMapThatCannotChange() {
    Completion.Builder b = Completion.builder().eventName("pe1_e");
    Completion none = b.build();
    assertThat(none.properties()).isEmpty();
    assertThat(none).isEqualTo(new Completion("pe1_e", null, null, null, null, null, null));
    assertThat(none.hashCode())
        .isEqualTo(new Completion("pe1_e", null, null, null, null, null, Map.of()).hashCode());
    assertThatThrownBy(() -> none.properties().put("a", "1"))
        .isInstanceOf(UnsupportedOperationException.class);
    Completion one = b.property("a", "1").build();
    Completion two = b.property("b", "2").build();
    assertThat(none.properties()).isEmpty();
    assertThat(one.properties()).containsExactly(Map.entry("a", "1"));
    assertThat(two.properties()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
  }
}
