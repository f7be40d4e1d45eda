package io.github.connecthubspot.events.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The default {@code uuid} of an occurrence: a name-based (type 3) UUID of the connector's name and
 * the record's original topic, partition and offset. A record delivered again after a restart or a
 * rebalance gets the same uuid, and HubSpot keeps only the first occurrence of a uuid.
 *
 * <p>The same bytes as {@link UUID#nameUUIDFromBytes} of the name in UTF-8 (EventUuidsTest pins
 * them), with one MD5 digest per thread instead of a provider look-up per record.
 */
public final class EventUuids {
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(EventUuids::md5);

  private EventUuids() {}

  public static String fromCoordinates(String connectorName, String topic, int partition, long offset) {
    String name = "kafka-connect-hubspot-events/" + connectorName + "/" + topic + "/" + partition + "/" + offset;
    MessageDigest md5 = MD5.get();
    byte[] hash = md5.digest(name.getBytes(StandardCharsets.UTF_8)); // digest() also resets it
    hash[6] &= 0x0f; // as UUID.nameUUIDFromBytes: version 3
    hash[6] |= 0x30;
    hash[8] &= 0x3f; // IETF variant
    hash[8] |= (byte) 0x80;
    return new UUID(bigEndianLong(hash, 0), bigEndianLong(hash, 8)).toString();
  }

  private static long bigEndianLong(byte[] b, int from) {
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new InternalError("MD5 not supported", e); // as UUID.nameUUIDFromBytes
    }
  }
}
