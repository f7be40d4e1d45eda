package io.github.connecthubspot.events.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A PropertyMap answers as a LinkedHashMap does, whatever is done to both. */
class PropertyMapTest {

  @Test
  void itBehavesAsALinkedHashMapUnderRandomOperations() {
    Random random = new Random(14);
    for (int round = 0; round < 2_000; round++) {
      PropertyMap ours = new PropertyMap(1 + random.nextInt(4));
      Map<String, String> reference = new LinkedHashMap<>();
      int ops = random.nextInt(120);
      for (int op = 0; op < ops; op++) {
        // few distinct names, some equal but not the same instance, a null name and null values
        String key = random.nextInt(40) == 0 ? null : new String("p" + random.nextInt(30));
        String value = random.nextInt(10) == 0 ? null : "v" + random.nextInt(5);
        switch (random.nextInt(6)) {
          case 0:
          case 1:
          case 2:
            assertThat(ours.put(key, value)).isEqualTo(reference.put(key, value));
            break;
          case 3:
            assertThat(ours.remove(key)).isEqualTo(reference.remove(key));
            break;
          case 4:
            assertThat(ours.get(key)).isEqualTo(reference.get(key));
            assertThat(ours.containsKey(key)).isEqualTo(reference.containsKey(key));
            break;
          default:
            if (random.nextInt(20) == 0) {
              ours.clear();
              reference.clear();
            }
        }
        assertThat(ours.size()).isEqualTo(reference.size());
      }
      assertThat(new ArrayList<>(ours.entrySet())).isEqualTo(new ArrayList<>(reference.entrySet()));
      List<String> visited = new ArrayList<>();
      ours.forEach((k, v) -> visited.add(k + "=" + v));
      List<String> expected = new ArrayList<>();
      reference.forEach((k, v) -> expected.add(k + "=" + v));
      assertThat(visited).isEqualTo(expected);
      assertThat(ours).isEqualTo(reference);
      assertThat(reference).isEqualTo(ours);
      assertThat(ours.hashCode()).isEqualTo(reference.hashCode());
      assertThat(ours.toString()).isEqualTo(reference.toString());
    }
  }

  @Test
  void itsIteratorRemovesTheEntryItJustGave() {
    PropertyMap map = new PropertyMap(2);
    for (int i = 0; i < 5; i++) {
      map.put("p" + i, "v" + i);
    }
    for (Iterator<Map.Entry<String, String>> it = map.entrySet().iterator(); it.hasNext(); ) {
      String key = it.next().getKey();
      if (key.equals("p1") || key.equals("p2") || key.equals("p4")) {
        it.remove();
      }
    }
    assertThat(map.keySet()).containsExactly("p0", "p3");
    assertThat(map.get("p3")).isEqualTo("v3");
  }
}
