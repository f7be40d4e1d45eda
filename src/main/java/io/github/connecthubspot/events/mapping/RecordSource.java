package io.github.connecthubspot.events.mapping;

import io.github.connecthubspot.events.config.SourcePath;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A field setting applied to records: the value at a path of the record's value, its key (whole,
 * or at a path into a Struct or Map key), or the last header of a name ({@link SourcePath} says
 * the syntax). Bytes of a whole key or of a header are read as UTF-8 text: that is what a key or a
 * header carries when its converter passes bytes through.
 */
final class RecordSource {
  /**
   * The most bytes read as text: a UTF-8 code point has at most 4 bytes, so longer bytes hold more
   * code points than any value HubSpot keeps (1024).
   */
  static final int MAX_TEXT_BYTES = 4 * 1024;

  private final SourcePath source;
  private final FieldPath path;

  private RecordSource(SourcePath source) {
    this.source = source;
    this.path = source.path() == null ? null : FieldPath.of(source.path());
  }

  static RecordSource of(String setting) {
    return new RecordSource(SourcePath.parse(setting.trim()));
  }

  SourcePath.Origin origin() {
    return source.origin();
  }

  /** The top-level field of the value this reads, or null when it reads something else. */
  String topLevelValueField() {
    return source.isTopLevelValueField() ? path.root() : null;
  }

  /** The value this source names in {@code record} with its schema, or null when absent or null. */
  FieldPath.Located locate(SinkRecord record) {
    switch (source.origin()) {
      case KEY:
        Object key = record.key();
        if (key == null) {
          return null;
        }
        if (path == null) {
          return new FieldPath.Located(text(key, "key"), record.keySchema());
        }
        return path.locate(key, record.keySchema()).orElse(null);
      case HEADER:
        return header(record, source.header());
      default:
        return path.locate(record.value(), record.valueSchema()).orElse(null);
    }
  }

  /** The last header named {@code name}, its bytes read as text; null when absent or null. */
  static FieldPath.Located header(SinkRecord record, String name) {
    Header header = record.headers().lastWithName(name);
    if (header == null || header.value() == null) {
      return null;
    }
    return new FieldPath.Located(text(header.value(), "header '" + name + "'"), header.schema());
  }

  /** {@code value}, or the text of its bytes when it is bytes. */
  private static Object text(Object value, String what) {
    ByteBuffer bytes;
    if (value instanceof byte[]) {
      bytes = ByteBuffer.wrap((byte[]) value);
    } else if (value instanceof ByteBuffer) {
      bytes = ((ByteBuffer) value).duplicate();
    } else {
      return value;
    }
    if (bytes.remaining() > MAX_TEXT_BYTES) {
      throw new InvalidRecordException("the " + what + " has " + bytes.remaining() + " bytes:"
          + " more than " + MAX_TEXT_BYTES + ", longer than any value HubSpot keeps");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRecordException("the " + what + " is bytes that are not UTF-8 text");
    }
  }

  /** The setting as written, for messages. */
  @Override
  public String toString() {
    return source.toString();
  }
}
