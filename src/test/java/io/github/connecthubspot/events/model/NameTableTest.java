package io.github.connecthubspot.events.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NameTableTest {

  @Test
  void findsANameByEqualityNotOnlyByIdentity() {
    NameTable<String> table = new NameTable<>();
    table.put("plan", "one");
    assertThat(table.get(new String("plan"))).isEqualTo("one");
    assertThat(table.get("seats")).isNull();
    table.put(new String("plan"), "two");
    assertThat(table.get("plan")).isEqualTo("two");
  }

  @Test
  void namesOfTheSameHashAreKeptApart() {
    NameTable<Integer> table = new NameTable<>();
    // "Aa" and "BB" share a hash code, as do their concatenations
    table.put("Aa", 1);
    table.put("BB", 2);
    table.put("AaBB", 3);
    table.put("BBAa", 4);
    assertThat(table.get("Aa")).isEqualTo(1);
    assertThat(table.get("BB")).isEqualTo(2);
    assertThat(table.get("AaBB")).isEqualTo(3);
    assertThat(table.get("BBAa")).isEqualTo(4);
    assertThat(table.get("AaAa")).isNull();
  }

  /** Whatever it answers is what was put last for that name; past its room it keeps no new name. */
  @Test
  void answersOnlyWhatWasPutForTheName() {
    Random random = new Random(14);
    for (int round = 0; round < 50; round++) {
      NameTable<Integer> table = new NameTable<>();
      Map<String, Integer> reference = new HashMap<>();
      for (int step = 0; step < 4000; step++) {
        String name = "p" + random.nextInt(round < 25 ? 60 : 600);
        if (random.nextBoolean()) {
          int value = random.nextInt();
          assertThat(table.hasRoom()).isEqualTo(reference.size() < NameTable.MAX_NAMES);
          if (reference.containsKey(name) || reference.size() < NameTable.MAX_NAMES) {
            reference.put(name, value);
          }
          table.put(new String(name), value);
        } else {
          assertThat(table.get(name)).isEqualTo(reference.get(name));
        }
      }
      if (round >= 25) {
        assertThat(reference).hasSize(NameTable.MAX_NAMES); // full, and still answering
      }
    }
  }
}
