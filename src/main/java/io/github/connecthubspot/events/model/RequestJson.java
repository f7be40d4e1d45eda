package io.github.connecthubspot.events.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
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
  /**
   * The bytes of a batch's body besides its occurrences' JSON and one comma after each: {@code
   * {"inputs":[} and {@code ]}}, less the comma the last occurrence has none of.
   */
  public static final int BATCH_OVERHEAD_BYTES = INPUTS.length + 2 - 1;

  /** The most bytes of a name kept written (a valid property name has at most 50 chars). */
  private static final int MAX_KEPT_NAME_BYTES = 128;
  /** The most bytes of a thread's scratch buffer (and of its char array) kept between bodies. */
  private static final int MAX_KEPT_BYTES = 1024 * 1024;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /**
   * Each thread's buffer a body is written into before it is copied out at its length, and the
   * array each string's chars are copied into before they are written.
   */
  private static final class Scratch {
    byte[] bytes = new byte[8192];
    private char[] chars = new char[256];
    /**
     * The bytes {@code "name":} of the property names written lately: most occurrences carry the
     * same names, which are then copied and not checked char by char again.
     */
    final NameTable<byte[]> names = new NameTable<>();
    /** The bytes {@code "name"} of the event names written lately. */
    final NameTable<byte[]> eventNames = new NameTable<>();

    char[] chars(int length) {
      if (chars.length < length) {
        char[] bigger = new char[Math.max(length, 2 * chars.length)];
        if (bigger.length > MAX_KEPT_BYTES / 2) { // chars: two bytes each
          return bigger; // used once, not kept
        }
        chars = bigger;
      }
      return chars;
    }
  }

  private final Scratch scratch;
  private byte[] buf;
  private int pos;
  /** How many properties of the occurrence being written are written. */
  private int propertiesWritten;

  private RequestJson() {
    this.scratch = SCRATCH.get();
    this.buf = scratch.bytes;
  }

  /** The body of {@code POST /events/v3/send}: {@code completion} alone, in UTF-8. */
  public static byte[] single(Completion completion) {
    Objects.requireNonNull(completion, "completion");
    RequestJson out = new RequestJson();
    out.completion(completion);
    return out.bytes();
  }

  /**
   * The body of {@code POST /events/v3/send/batch}: {@code {"inputs":[...]}}, in UTF-8, with each
   * occurrence written as {@link Occurrence#of} writes it.
   */
  public static byte[] batch(List<Completion> completions) {
    checkBatchSize(completions.size());
    Occurrence[] occurrences = new Occurrence[completions.size()];
    for (int i = 0; i < occurrences.length; i++) {
      occurrences[i] = Occurrence.of(Objects.requireNonNull(completions.get(i), "a batch holds no null input"));
    }
    return join(Arrays.asList(occurrences));
  }

  /**
   * The body of {@code POST /events/v3/send/batch} for occurrences written already: their JSON
   * joined into {@code {"inputs":[...]}}, one exact-size array, nothing written again.
   */
  public static byte[] join(List<Occurrence> occurrences) {
    checkBatchSize(occurrences.size());
    int n = occurrences.size();
    long length = INPUTS.length + 2L + Math.max(0, n - 1);
    for (Occurrence o : occurrences) {
      length += Objects.requireNonNull(o, "a batch holds no null input").jsonBytes();
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a request body of " + length + " bytes");
    }
    byte[] body = new byte[(int) length];
    System.arraycopy(INPUTS, 0, body, 0, INPUTS.length);
    int p = INPUTS.length;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        body[p++] = ',';
      }
      byte[] json = occurrences.get(i).json();
      System.arraycopy(json, 0, body, p, json.length);
      p += json.length;
    }
    body[p++] = ']';
    body[p] = '}';
    return body;
  }

  /**
   * The body of {@code POST /events/v3/send} for an occurrence written already: its JSON, the
   * occurrence's own array and not a copy, to be read (sent) and never changed.
   */
  public static byte[] single(Occurrence occurrence) {
    return occurrence.json();
  }

  private static void checkBatchSize(int inputs) {
    if (inputs > BatchRequest.MAX_INPUTS) {
      throw new IllegalArgumentException(
          "a batch holds at most " + BatchRequest.MAX_INPUTS + " inputs, got " + inputs);
    }
  }

  /** One occurrence, in the order of {@link Completion}'s {@code @JsonPropertyOrder}. */
  private void completion(Completion c) {
    raw((byte) '{');
    boolean any = eventName(c.eventName());
    any = field(EMAIL, c.email(), any);
    any = field(OBJECT_ID, c.objectId(), any);
    any = field(UTK, c.utk(), any);
    any = field(OCCURRED_AT, c.occurredAt(), any);
    any = field(UUID, c.uuid(), any);
    if (any) {
      raw((byte) ',');
    }
    raw(PROPERTIES);
    propertiesWritten = 0;
    c.properties().forEach(this::property); // the map's own loop, no entry wrappers
    raw((byte) '}');
    raw((byte) '}');
  }

  /** {@code "name":"value"} of the properties, after a comma when one came before. */
  private void property(String name, String value) {
    if (name == null) {
      throw new UncheckedIOException(new IOException("Null key for a Map not allowed in JSON"));
    }
    if (propertiesWritten++ > 0) {
      raw((byte) ',');
    }
    name(name);
    if (value == null) {
      raw(NULL);
    } else {
      string(value);
    }
  }

  /** {@code "name":}, copied when this thread wrote {@code name} lately. */
  private void name(String name) {
    known(scratch.names, name, true);
  }

  /** The {@code eventName} field, first: its value copied when this thread wrote it lately. */
  private boolean eventName(String name) {
    if (name == null) {
      return false;
    }
    raw(EVENT_NAME);
    known(scratch.eventNames, name, false);
    return true;
  }

  /**
   * {@code name} as a JSON string, and a colon after it when {@code colon}: the bytes {@code
   * written} holds for it, or else written and kept there (when short, and while it has room).
   */
  private void known(NameTable<byte[]> written, String name, boolean colon) {
    byte[] known = written.get(name);
    if (known != null) {
      raw(known);
      return;
    }
    int from = pos;
    string(name);
    if (colon) {
      raw((byte) ':');
    }
    if (pos - from <= MAX_KEPT_NAME_BYTES && written.hasRoom()) {
      written.put(name, Arrays.copyOfRange(buf, from, pos));
    }
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

  /**
   * {@code s} as a JSON string; plain ASCII is copied as it is, each other char escaped or encoded
   * where it stands, and the plain chars after it copied as before. The chars are first copied in
   * bulk into the thread's char array ({@code getChars}: one vectorized copy), so the loop that
   * checks and narrows them reads an array, not the String char by char.
   */
  private void string(String s) {
    int length = s.length();
    ensure(length + 2);
    char[] cs = scratch.chars(length);
    s.getChars(0, length, cs, 0);
    byte[] b = buf;
    int p = pos;
    b[p++] = '"';
    for (int i = 0; i < length; i++) {
      char ch = cs[i];
      if (ch < 0x80 && JsonEscapes.of(ch) == 0) {
        b[p++] = (byte) ch;
        continue;
      }
      pos = p;
      ensure(6 + length - i); // this char's escape (at most 6 bytes), one each after it, the quote
      b = buf;
      p = special(ch, b, pos);
    }
    b[p++] = '"';
    pos = p;
  }

  /** Writes {@code ch}, which is not plain ASCII, at {@code p}: escaped or encoded; the end. */
  private static int special(char ch, byte[] b, int p) {
    if (ch < 0x80) {
      byte escape = JsonEscapes.of(ch);
      if (escape == 'u') {
        return unicodeEscape(ch, b, p);
      }
      b[p++] = '\\';
      b[p++] = escape;
    } else if (ch < 0x800) {
      b[p++] = (byte) (0xc0 | (ch >> 6));
      b[p++] = (byte) (0x80 | (ch & 0x3f));
    } else if (Character.isSurrogate(ch)) {
      return unicodeEscape(ch, b, p); // as Jackson: each half of a pair, and a lone half, escaped
    } else {
      b[p++] = (byte) (0xe0 | (ch >> 12));
      b[p++] = (byte) (0x80 | ((ch >> 6) & 0x3f));
      b[p++] = (byte) (0x80 | (ch & 0x3f));
    }
    return p;
  }

  /** {@code \}{@code uXXXX}, upper-case hex, at {@code p}, where there is room for it; the end. */
  private static int unicodeEscape(char ch, byte[] b, int p) {
    b[p++] = '\\';
    b[p++] = 'u';
    b[p++] = JsonEscapes.hex((ch >> 12) & 0xf);
    b[p++] = JsonEscapes.hex((ch >> 8) & 0xf);
    b[p++] = JsonEscapes.hex((ch >> 4) & 0xf);
    b[p++] = JsonEscapes.hex(ch & 0xf);
    return p;
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
      scratch.bytes = buf;
    }
    return body;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
