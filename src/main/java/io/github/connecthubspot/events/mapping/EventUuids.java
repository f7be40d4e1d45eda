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
 * them), with one MD5 digest per thread instead of a provider look-up per record, and the name's
 * bytes up to the partition written once per connector and topic rather than per record.
 */
public final class EventUuids {
  private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

  /** A thread's digest, and the name's bytes up to the partition for the last connector and topic. */
  private static final class Hasher {
    final MessageDigest md5 = md5();
    String connectorName;
    String topic;
    byte[] prefix;
    /** {@code <partition>/<offset>} in ASCII digits: at most 10 + 1 + 19 bytes. */
    final byte[] digits = new byte[32];
  }

  private EventUuids() {}

  public static String fromCoordinates(String connectorName, String topic, int partition, long offset) {
    Hasher h = HASHER.get();
    MessageDigest md5 = h.md5;
    if (!connectorName.equals(h.connectorName) || !topic.equals(h.topic)) {
      h.prefix = ("kafka-connect-hubspot-events/" + connectorName + "/" + topic + "/")
          .getBytes(StandardCharsets.UTF_8);
      h.connectorName = connectorName;
      h.topic = topic;
    }
    md5.update(h.prefix);
    if (partition < 0 || offset < 0) { // never from Kafka; written as text, the same bytes
      md5.update((partition + "/" + offset).getBytes(StandardCharsets.US_ASCII));
    } else {
      int n = digits(h.digits, 0, partition);
      h.digits[n++] = '/';
      n = digits(h.digits, n, offset);
      md5.update(h.digits, 0, n);
    }
    byte[] hash = md5.digest(); // digest() also resets it
    hash[6] &= 0x0f; // as UUID.nameUUIDFromBytes: version 3
    hash[6] |= 0x30;
    hash[8] &= 0x3f; // IETF variant
    hash[8] |= (byte) 0x80;
    return new UUID(bigEndianLong(hash, 0), bigEndianLong(hash, 8)).toString();
  }

  /** The decimal digits of {@code value} (not negative) into {@code to} from {@code at}; the end. */
  private static int digits(byte[] to, int at, long value) {
    int length = 1;
    for (long v = value; v >= 10; v /= 10) {
      length++;
    }
    for (int i = at + length - 1; i >= at; i--) {
      to[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return at + length;
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
