package io.github.connecthubspot.events.soak;

import io.github.connecthubspot.events.mapping.EventUuids;
import io.github.connecthubspot.events.soak.SoakKafka.DeadLetter;
import io.github.connecthubspot.events.soak.SoakRecords.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What arrived, judged record by record against what was produced: how many times the endpoint
 * accepted each record's uuid (the uuid of its topic, partition and offset) and how many times the
 * dead-letter topic reports it. Each list names the records (index, kind, coordinates, uuid) that
 * break one rule; all are empty when nothing was lost, doubled or misrouted.
 *
 * <p>The endpoint keeps one occurrence per (event, uuid): a record sent twice under its own uuid is
 * absorbed (its {@code duplicatesRefused}), one sent again under another uuid shows here as an
 * unknown uuid, and one sent without a uuid makes the endpoint's {@code occurrencesAccepted} larger
 * than the number of valid records.
 */
final class SoakVerdict {
  final List<String> lost = new ArrayList<>();
  final List<String> acceptedTwice = new ArrayList<>();
  final List<String> invalidAccepted = new ArrayList<>();
  final List<String> unknownUuids = new ArrayList<>();
  final List<String> validInDeadLetters = new ArrayList<>();
  final List<String> invalidNotInDeadLetters = new ArrayList<>();
  final List<String> wrongReasons = new ArrayList<>();
  final List<String> foreignDeadLetters = new ArrayList<>();
  /** Uuids accepted, each counted once. */
  long distinctAccepted;
  /** Dead letters beyond the first for the same record (at-least-once reporting). */
  long extraDeadLetters;

  private final String connector;
  private final String topic;

  private SoakVerdict(String connector, String topic) {
    this.connector = connector;
    this.topic = topic;
  }

  static SoakVerdict judge(String connector, String topic, int records, List<String> acceptedUuids,
      List<DeadLetter> deadLetters) {
    SoakVerdict v = new SoakVerdict(connector, topic);
    Map<String, Integer> indexByUuid = new HashMap<>(records * 2);
    for (int i = 0; i < records; i++) {
      indexByUuid.put(v.uuid(i), i);
    }
    int[] accepted = new int[records];
    for (String u : acceptedUuids) {
      Integer i = indexByUuid.get(u);
      if (i == null) {
        v.unknownUuids.add(u);
      } else if (accepted[i]++ == 0) {
        v.distinctAccepted++;
      }
    }
    int[] dead = new int[records];
    for (DeadLetter d : deadLetters) {
      int i = topic.equals(d.topic()) ? SoakRecords.index(d.partition(), d.offset(), records) : -1;
      if (i < 0) {
        v.foreignDeadLetters.add(d.toString());
        continue;
      }
      dead[i]++;
      Kind kind = SoakRecords.kind(i);
      if (kind != Kind.VALID && (d.reason() == null || !d.reason().contains(kind.reason))) {
        v.wrongReasons.add(v.describe(i) + ": " + d.reason());
      }
    }
    for (int i = 0; i < records; i++) {
      boolean valid = SoakRecords.kind(i) == Kind.VALID;
      if (valid && accepted[i] == 0) {
        v.lost.add(v.describe(i) + (dead[i] > 0 ? " (in the dead-letter topic)" : ""));
      }
      if (accepted[i] > 1) {
        v.acceptedTwice.add(v.describe(i) + " x" + accepted[i]);
      }
      if (!valid && accepted[i] > 0) {
        v.invalidAccepted.add(v.describe(i));
      }
      if (valid && dead[i] > 0) {
        v.validInDeadLetters.add(v.describe(i) + " x" + dead[i]);
      }
      if (!valid && dead[i] == 0) {
        v.invalidNotInDeadLetters.add(v.describe(i));
      }
      v.extraDeadLetters += Math.max(0, dead[i] - 1);
    }
    return v;
  }

  String uuid(int i) {
    return EventUuids.fromCoordinates(connector, topic, SoakRecords.partition(i), SoakRecords.offset(i));
  }

  private String describe(int i) {
    return "record " + i + " (" + SoakRecords.kind(i) + ", " + topic + "-" + SoakRecords.partition(i) + "@"
        + SoakRecords.offset(i) + ", uuid " + uuid(i) + ")";
  }
}
