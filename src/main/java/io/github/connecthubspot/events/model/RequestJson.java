package io.github.connecthubspot.events.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON bodies of HubSpot's send requests: one occurrence, or a batch ({@link BatchRequest}).
 *
 * <p>Written straight into UTF-8 bytes, in one pass over each string: the bytes are those Jackson's
 * data binding (a default {@code ObjectMapper}) writes for a {@link Completion} and a {@link
 * BatchRequest}, as RequestJsonTest checks on random text of every kind: the same field order,
 * absent fields left out, {@code properties} always there, and Jackson's escapes ({@code \"},
 * {@code \\}, {@code \b \f \n \r \t}, other controls and each UTF-16 surrogate as {@code \}{@code
 * uXXXX} in upper-case hex; everything else, DEL and {@code /} included, as plain UTF-8).
 */
public final class RequestJson {
  private static final byte[] INPUTS = ascii("{\"inputs\":[");
  private static final byte[] EVENT_NAME = ascii("\"eventName\":");
  private static final byte[] EMAIL = ascii("\"email\":");
  private static final byte[] OBJECT_ID = ascii("\"objectId\":");
  private static final byte[] UTK = ascii("\"utk\":");
  private static final byte[] OCCURRED_AT = ascii("\"occurredAt\":");
  private static final byte[] UUID = ascii("\"uuid\":");
  private static final byte[] PROPERTIES = ascii("\"properties\":{");
  private static final byte[] NULL = ascii("null");

  /** The most bytes of a thread's scratch buffer kept between bodies. */
  private static final int MAX_KEPT_BYTES = 1024 * 1024;
  /** Each thread's buffer a body is written into before it is copied out at its length. */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[8192]);

  private byte[] buf;
  private int pos;

  private RequestJson() {
    this.buf = SCRATCH.get();
  }

  /** The body of {@code POST /events/v3/send}: {@code completion} alone, in UTF-8. */
  public static byte[] single(Completion completion) {
    Objects.requireNonNull(completion, "completion");
    RequestJson out = new RequestJson();
    out.completion(completion);
    return out.bytes();
  }

  /** The body of {@code POST /events/v3/send/batch}: {@code {"inputs":[...]}}, in UTF-8. */
  public static byte[] batch(List<Completion> completions) {
    if (completions.size() > BatchRequest.MAX_INPUTS) {
      throw new IllegalArgumentException(
          "a batch holds at most " + BatchRequest.MAX_INPUTS + " inputs, got " + completions.size());
    }
    RequestJson out = new RequestJson();
    out.raw(INPUTS);
    boolean first = true;
    for (Completion c : completions) {
      if (!first) {
        out.raw((byte) ',');
      }
      out.completion(Objects.requireNonNull(c, "a batch holds no null input"));
      first = false;
    }
    out.raw((byte) ']');
    out.raw((byte) '}');
    return out.bytes();
  }

  /** One occurrence, in the order of {@link Completion}'s {@code @JsonPropertyOrder}. */
  private void completion(Completion c) {
    raw((byte) '{');
    boolean any = field(EVENT_NAME, c.eventName(), false);
    any = field(EMAIL, c.email(), any);
    any = field(OBJECT_ID, c.objectId(), any);
    any = field(UTK, c.utk(), any);
    any = field(OCCURRED_AT, c.occurredAt(), any);
    any = field(UUID, c.uuid(), any);
    if (any) {
      raw((byte) ',');
    }
    raw(PROPERTIES);
    boolean first = true;
    for (Map.Entry<String, String> p : c.properties().entrySet()) {
      if (p.getKey() == null) {
        throw new UncheckedIOException(
            new IOException("Null key for a Map not allowed in JSON"));
      }
      if (!first) {
        raw((byte) ',');
      }
      string(p.getKey());
      raw((byte) ':');
      if (p.getValue() == null) {
        raw(NULL);
      } else {
        string(p.getValue());
      }
      first = false;
    }
    raw((byte) '}');
    raw((byte) '}');
  }

  /**
   * {@code "name":"value"}, after a comma when {@code any} field came before; left out when absent,
   * as {@code @JsonInclude(NON_NULL)} does. Whether any field has been written now.
   */
  private boolean field(byte[] name, String value, boolean any) {
    if (value == null) {
      return any;
    }
    if (any) {
      raw((byte) ',');
    }
    raw(name);
    string(value);
    return true;
  }

  /** {@code s} as a JSON string; plain ASCII is copied as it is, the rest escaped or encoded. */
  private void string(String s) {
    int length = s.length();
    ensure(length + 2);
    byte[] b = buf;
    int p = pos;
    b[p++] = '"';
    int i = 0;
    for (; i < length; i++) {
      char ch = s.charAt(i);
      if (ch >= 0x80 || JsonEscapes.of(ch) != 0) {
        break;
      }
      b[p++] = (byte) ch;
    }
    pos = p;
    if (i < length) {
      rest(s, i, length);
    }
    raw((byte) '"');
  }

  /** The characters of {@code s} from {@code i} on, each escaped or encoded as it needs. */
  private void rest(String s, int i, int length) {
    for (; i < length; i++) {
      ensure(6);
      char ch = s.charAt(i);
      byte[] b = buf;
      if (ch < 0x80) {
        byte escape = JsonEscapes.of(ch);
        if (escape == 0) {
          b[pos++] = (byte) ch;
        } else if (escape == 'u') {
          unicodeEscape(ch);
        } else {
          b[pos++] = '\\';
          b[pos++] = escape;
        }
      } else if (ch < 0x800) {
        b[pos++] = (byte) (0xc0 | (ch >> 6));
        b[pos++] = (byte) (0x80 | (ch & 0x3f));
      } else if (Character.isSurrogate(ch)) {
        unicodeEscape(ch); // as Jackson: each half of a pair, and a lone half, escaped
      } else {
        b[pos++] = (byte) (0xe0 | (ch >> 12));
        b[pos++] = (byte) (0x80 | ((ch >> 6) & 0x3f));
        b[pos++] = (byte) (0x80 | (ch & 0x3f));
      }
    }
  }

  /** {@code \}{@code uXXXX}, upper-case hex; room for it is ensured. */
  private void unicodeEscape(char ch) {
    byte[] b = buf;
    b[pos++] = '\\';
    b[pos++] = 'u';
    b[pos++] = JsonEscapes.hex((ch >> 12) & 0xf);
    b[pos++] = JsonEscapes.hex((ch >> 8) & 0xf);
    b[pos++] = JsonEscapes.hex((ch >> 4) & 0xf);
    b[pos++] = JsonEscapes.hex(ch & 0xf);
  }

  private void raw(byte b) {
    ensure(1);
    buf[pos++] = b;
  }

  private void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  private void ensure(int more) {
    if (buf.length - pos < more) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  /** The body, a copy: the buffer goes back to the thread for its next body (unless too big). */
  private byte[] bytes() {
    byte[] body = Arrays.copyOf(buf, pos);
    if (buf.length <= MAX_KEPT_BYTES) {
      SCRATCH.set(buf);
    }
    return body;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
