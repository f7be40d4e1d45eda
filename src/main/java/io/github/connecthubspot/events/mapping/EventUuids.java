package io.github.connecthubspot.events.mapping;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The default {@code uuid} of an occurrence: a name-based (type 3) UUID of the connector's name and
 * the record's original topic, partition and offset. A record delivered again after a restart or a
 * rebalance gets the same uuid, and HubSpot keeps only the first occurrence of a uuid.
 */
public final class EventUuids {
  private EventUuids() {}

  public static String fromCoordinates(String connectorName, String topic, int partition, long offset) {
    String name = "kafka-connect-hubspot-events/" + connectorName + "/" + topic + "/" + partition + "/" + offset;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
