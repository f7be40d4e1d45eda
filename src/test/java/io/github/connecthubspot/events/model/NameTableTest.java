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

  /** Whatever it answers is what was put last for that name; it forgets only when it starts afresh. */
  @Test
  void answersOnlyWhatWasPutForTheName() {
    Random random = new Random(14);
    for (int round = 0; round < 50; round++) {
      NameTable<Integer> table = new NameTable<>();
      Map<String, Integer> reference = new HashMap<>();
      int sincePuts = 0;
      for (int step = 0; step < 2000; step++) {
        String name = "p" + random.nextInt(round < 25 ? 60 : 400);
        if (random.nextBoolean()) {
          int value = random.nextInt();
          if (!reference.containsKey(name) && sincePuts == NameTable.MAX_NAMES) {
            reference.clear(); // full: it starts afresh
            sincePuts = 0;
          }
          if (!reference.containsKey(name)) {
            sincePuts++;
          }
          table.put(name, value);
          reference.put(name, value);
        } else {
          assertThat(table.get(name)).isEqualTo(reference.get(name));
        }
      }
      assertThat(reference.size()).isLessThanOrEqualTo(NameTable.MAX_NAMES);
    }
  }
}
