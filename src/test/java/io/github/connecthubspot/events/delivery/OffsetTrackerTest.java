package io.github.connecthubspot.events.delivery;

import static io.github.connecthubspot.events.delivery.Records.completion;
import static io.github.connecthubspot.events.delivery.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private final OffsetTracker tracker = new OffsetTracker();

  private Item pending(long offset) {
    SinkRecord r = record("t", 0, offset);
    Item item = new Item(r, io.github.connecthubspot.events.model.Occurrence.of(completion(r)), Item.PENDING, 0);
    tracker.add(item);
    return item;
  }

  @Test
  void nothingIsCommittableBeforeTheFirstRecordIsDone() {
    pending(5);
    pending(6).deliver();
    tracker.advance();
    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.size()).isEqualTo(2);
  }

  @Test
  void commitsTheOffsetAfterTheDonePrefix() {
    Item a = pending(5);
    Item b = pending(6);
    Item c = pending(9); // a gap: offsets 7 and 8 do not exist (compaction, markers)
    pending(10);
    b.deliver();
    c.deliver();
    tracker.advance();
    assertThat(tracker.committable()).isEmpty();

    a.deliver();
    assertThat(tracker.advance()).isEqualTo(3);
    assertThat(tracker.committable()).isEqualTo(OptionalLong.of(10));
    assertThat(tracker.size()).isEqualTo(1);
  }

  @Test
  void aReportedRecordIsDoneOnlyWhenItsReportIs() {
    Item a = pending(0);
    a.refuse();
    CompletableFuture<Void> report = new CompletableFuture<>();
    a.reported(report);
    tracker.advance();
    assertThat(tracker.committable()).isEmpty();

    report.complete(null);
    tracker.advance();
    assertThat(tracker.committable()).isEqualTo(OptionalLong.of(1));
  }

  @Test
  void aCancelledRecordIsNeverDone() {
    Item a = pending(0);
    a.cancel();
    assertThat(a.deliver()).isFalse();
    tracker.advance();
    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void aRewindHoldsTheOffsetBelowTheLowestRecordNotDone() {
    pending(5).deliver();
    pending(6).deliver();
    tracker.advance();
    assertThat(tracker.committable()).isEqualTo(OptionalLong.of(7));

    Item again = pending(3);
    tracker.advance();
    assertThat(tracker.committable()).isEqualTo(OptionalLong.of(3));
    again.deliver();
    tracker.advance();
    assertThat(tracker.committable()).isEqualTo(OptionalLong.of(4));
  }

  /** Property: in any order of completion, the answer never passes a record not done. */
  @Test
  void neverPassesARecordNotDoneWhateverTheOrder() {
    for (long seed = 0; seed < 500; seed++) {
      Random random = new Random(seed);
      OffsetTracker t = new OffsetTracker();
      List<Item> items = new ArrayList<>();
      long offset = random.nextInt(1000);
      for (int i = 0; i < 1 + random.nextInt(60); i++) {
        offset += 1 + (random.nextInt(5) == 0 ? random.nextInt(3) : 0);
        SinkRecord r = record("t", 0, offset);
        Item item = new Item(r, io.github.connecthubspot.events.model.Occurrence.of(completion(r)), Item.PENDING, 0);
        t.add(item);
        items.add(item);
      }
      List<Item> order = new ArrayList<>(items);
      Collections.shuffle(order, random);
      for (Item done : order) {
        done.deliver();
        t.advance();
        OptionalLong safe = t.committable();
        for (Item item : items) {
          if (safe.isPresent() && item.offset < safe.getAsLong()) {
            assertThat(item.state()).as("seed %s offset %s", seed, item.offset)
                .isEqualTo(Item.DELIVERED);
          }
        }
      }
      assertThat(t.committable()).isEqualTo(OptionalLong.of(offset + 1));
      assertThat(t.size()).isZero();
    }
  }
}
