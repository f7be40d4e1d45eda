package io.github.connecthubspot.events.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.connecthubspot.events.soak.SoakKafka.DeadLetter;
import io.github.connecthubspot.events.soak.SoakRecords.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's judge finds each kind of fault it exists to find (so the soak can fail). */
class SoakVerdictTest {
  private static final String CONNECTOR = "c";
  private static final String TOPIC = "t";
  private static final int RECORDS = 200;

  /** Records 17, 67, 117 and 167 are invalid: no identifier, bad email, bad property name, too long. */
  private final SoakVerdict names = SoakVerdict.judge(CONNECTOR, TOPIC, RECORDS, List.of(), List.of());

  private List<String> everyValidUuid() {
    List<String> uuids = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      if (SoakRecords.kind(i) == Kind.VALID) {
        uuids.add(names.uuid(i));
      }
    }
    return uuids;
  }

  private static List<DeadLetter> everyInvalidOnce() {
    List<DeadLetter> dead = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      Kind kind = SoakRecords.kind(i);
      if (kind != Kind.VALID) {
        dead.add(new DeadLetter(TOPIC, SoakRecords.partition(i), SoakRecords.offset(i), "refused: " + kind.reason));
      }
    }
    return dead;
  }

  @Test
  void aCleanRunBreaksNoRule() {
    SoakVerdict v = SoakVerdict.judge(CONNECTOR, TOPIC, RECORDS, everyValidUuid(), everyInvalidOnce());
    assertThat(List.of(v.lost, v.acceptedTwice, v.invalidAccepted, v.unknownUuids, v.validInDeadLetters,
        v.invalidNotInDeadLetters, v.wrongReasons, v.foreignDeadLetters)).allSatisfy(l -> assertThat(l).isEmpty());
    assertThat(v.distinctAccepted).isEqualTo(196);
    assertThat(v.extraDeadLetters).isZero();
  }

  @Test
  void findsEveryFault() {
    List<String> accepted = everyValidUuid();
    accepted.remove(names.uuid(4)); // lost
    accepted.add(names.uuid(5)); // twice
    accepted.add(names.uuid(17)); // an invalid record accepted
    accepted.add("00000000-0000-3000-8000-000000000000"); // a uuid of no record
    List<DeadLetter> dead = everyInvalidOnce();
    dead.removeIf(d -> d.partition() == SoakRecords.partition(67) && d.offset() == SoakRecords.offset(67));
    dead.add(new DeadLetter(TOPIC, SoakRecords.partition(6), SoakRecords.offset(6), "whatever")); // valid, dead
    dead.add(new DeadLetter(TOPIC, SoakRecords.partition(117), SoakRecords.offset(117), "refused: "
        + Kind.BAD_PROPERTY_NAME.reason)); // a second copy
    dead.add(new DeadLetter(TOPIC, SoakRecords.partition(167), SoakRecords.offset(167), "some other rule"));
    dead.add(new DeadLetter("other-topic", 0, 0, "x"));
    dead.add(new DeadLetter(TOPIC, 1, 10_000, "x")); // past the last record

    SoakVerdict v = SoakVerdict.judge(CONNECTOR, TOPIC, RECORDS, accepted, dead);

    assertThat(v.lost).singleElement().asString().startsWith("record 4 (VALID, t-1@1, uuid ");
    assertThat(v.acceptedTwice).singleElement().asString().startsWith("record 5 (VALID").endsWith(" x2");
    assertThat(v.invalidAccepted).singleElement().asString().startsWith("record 17 (NO_IDENTIFIER, t-2@5");
    assertThat(v.unknownUuids).containsExactly("00000000-0000-3000-8000-000000000000");
    assertThat(v.validInDeadLetters).singleElement().asString().startsWith("record 6 (VALID, t-0@2");
    assertThat(v.invalidNotInDeadLetters).singleElement().asString().startsWith("record 67 (BAD_EMAIL");
    assertThat(v.wrongReasons).singleElement().asString().startsWith("record 167 (VALUE_TOO_LONG")
        .endsWith(": some other rule");
    assertThat(v.foreignDeadLetters).hasSize(2);
    assertThat(v.extraDeadLetters).isEqualTo(2); // 117 twice, 167 twice
  }
}
