package io.github.connecthubspot.events.model;

/**
 * How JSON writes each ASCII character, as Jackson does: one table for every JSON the connector
 * writes by hand (the request bodies, {@link RequestJson}, and nested values sent as a property's
 * JSON text).
 */
public final class JsonEscapes {
  /** 0: written as itself; else the letter after its backslash ('u': a backslash-u escape). */
  private static final byte[] ESCAPES = new byte[128];
  private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D',
      'E', 'F'};

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
  }

  private JsonEscapes() {}

  /**
   * How {@code ch} (below 128) is written: 0 as itself, {@code 'u'} as a backslash-u escape, else
   * the letter that follows its backslash.
   */
  public static byte of(char ch) {
    return ESCAPES[ch];
  }

  /** The upper-case hex digit of {@code nibble} (0 to 15), as in a backslash-u escape. */
  public static byte hex(int nibble) {
    return HEX[nibble];
  }
}
