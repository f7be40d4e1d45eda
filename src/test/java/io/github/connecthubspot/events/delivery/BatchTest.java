package io.github.connecthubspot.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.Occurrence;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class BatchTest {

  private static Item item(long offset, String event, String uuid) {
    SinkRecord r = Records.record("t", 0, offset);
    Completion c = Completion.builder().eventName(event).email("u@example.com").uuid(uuid).build();
    return new Item(r, Occurrence.of(c), Item.PENDING, 0);
  }

  @Test
  void aUuidIsOneInputPerEventNameAndItsLaterItemsFollowTheFirst() {
    List<Item> items = new ArrayList<>();
    items.add(item(0, "pe1_a", "u1"));
    items.add(item(1, "pe1_b", "u1")); // the same uuid, another event: another occurrence
    items.add(item(2, "pe1_a", "u2"));
    items.add(item(3, "pe1_a", "u1")); // follows offset 0
    items.add(item(4, "pe1_b", "u1")); // follows offset 1
    items.add(item(5, "pe1_a", null)); // no uuid: always its own input
    items.add(item(6, "pe1_a", null));
    Batch batch = new Batch(items, 0);

    assertThat(batch.size()).isEqualTo(5);
    assertThat(batch.uuids()).containsExactly("u1", "u1", "u2", null, null);
    assertThat(batch.occurrences()).extracting(Occurrence::eventName)
        .containsExactly("pe1_a", "pe1_b", "pe1_a", "pe1_a", "pe1_a");
    assertThat(batch.input(0)).extracting(i -> i.offset).containsExactly(0L, 3L);
    assertThat(batch.input(1)).extracting(i -> i.offset).containsExactly(1L, 4L);
    assertThat(batch.input(2)).extracting(i -> i.offset).containsExactly(2L);
    assertThat(batch.halves(0, null)).extracting(b -> b.items.size()).containsExactly(4, 3);
    assertThat(batch.without(List.of(0, 1), 0).items).extracting(i -> i.offset)
        .containsExactly(2L, 5L, 6L);
  }
}
