package io.github.connecthubspot.events.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default uuids are HubSpot's idempotency keys: a record sent again after an upgrade must get
 * the very uuid it got before, or HubSpot records it twice. These expected strings were computed
 * outside Java (MD5 of "kafka-connect-hubspot-events/name/topic/partition/offset" in UTF-8, with
 * the version 3 and IETF variant bits set) and must never change.
 */
class EventUuidsTest {
  static Stream<Arguments> pinned() {
    return Stream.of(
        Arguments.of("hubspot-events", "page-views", 0, 0L, "3e898f60-43a4-3995-9211-2f5c1f40a463"),
        Arguments.of("hubspot-test", "page-views", 2, 42L, "79875599-8533-3eb9-8d68-51dfc9056e63"),
        Arguments.of("c1", "t", 0, 7L, "03b42c5d-e1c8-3964-a17a-1e10f22f8c06"),
        Arguments.of("my-connector", "orders.v1", 11, Long.MAX_VALUE,
            "26ee6720-8b9c-3afd-8d20-dcc98f440e6e"),
        Arguments.of("connecteur-\u00e9", "topic_\u00fc", 3, 123456789012L,
            "20dd3d0e-28d1-3404-a402-8f913b7fc1d1"),
        Arguments.of("x", "t", -1, -1L, "a2848e84-0bf5-32c0-94c3-12876ccb66ed"),
        Arguments.of("\ud83d\ude00-connector", "t", 0, 5L, "fcaff0a1-8fc1-3c08-b361-3fb6e8e21e5a"),
        Arguments.of("c".repeat(249), "t".repeat(249), Integer.MAX_VALUE, Long.MAX_VALUE,
            "2617cbe4-0ba4-34fc-bc94-c27a7b6f200b"));
  }

  @ParameterizedTest
  @MethodSource("pinned")
  void aRecordsUuidNeverChanges(String connector, String topic, int partition, long offset,
      String expected) {
    assertThat(EventUuids.fromCoordinates(connector, topic, partition, offset)).isEqualTo(expected);
  }

  /** Whatever the order of connectors and topics a thread meets, each uuid is UUID's own. */
  @org.junit.jupiter.api.Test
  void everyUuidIsTheNameBasedUuidOfItsCoordinates() {
    java.util.Random random = new java.util.Random(14);
    String[] names = {"c", "c1", "connecteur-\u00e9", "orders", "orders.v1", "t", "topic_\u00fc"};
    for (int i = 0; i < 20_000; i++) {
      String connector = names[random.nextInt(3)];
      String topic = names[3 + random.nextInt(4)];
      int partition = random.nextInt(20) == 0 ? -random.nextInt(3) : random.nextInt(1 + random.nextInt(1000));
      long offset = random.nextInt(20) == 0 ? Long.MAX_VALUE - random.nextInt(10)
          : random.nextInt(20) == 0 ? -random.nextInt(5) : (long) (random.nextDouble() * Math.pow(10, random.nextInt(19)));
      String name = "kafka-connect-hubspot-events/" + connector + "/" + topic + "/" + partition + "/" + offset;
      assertThat(EventUuids.fromCoordinates(connector, topic, partition, offset)).as(name)
          .isEqualTo(java.util.UUID.nameUUIDFromBytes(
              name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    }
  }
}
