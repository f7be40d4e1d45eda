package io.github.connecthubspot.events.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a field setting ({@code identifier.email.field}, {@code event.name.field}, {@code
 * properties.field}, ...) reads from: the record's value (a dotted path, or {@code $value.path}),
 * its key ({@code $key}, or {@code $key.path} into a Struct or Map key) or one of its headers
 * ({@code $header.name}, the last header of that name). The syntax lives here, once: the config
 * checks it and the mapping reads records by it.
 *
 * <p>A value field whose name starts with {@code $} is written {@code $value.$name}; any other
 * setting that starts with {@code $} is refused, so a misspelt prefix ({@code $keys.id}) never
 * silently reads a value field of that name. Parsing is one linear pass, without regular
 * expressions.
 */
public final class SourcePath {

  /** The part of a record a setting reads. */
  public enum Origin { VALUE, KEY, HEADER }

  public static final String KEY = "$key";
  public static final String HEADER_PREFIX = "$header.";
  public static final String VALUE_PREFIX = "$value.";

  private final Origin origin;
  private final String header;
  private final String path;
  private final String text;

  private SourcePath(Origin origin, String header, String path, String text) {
    this.origin = origin;
    this.header = header;
    this.path = path;
    this.text = text;
  }

  /**
   * Parses a non-empty setting (already trimmed).
   *
   * @throws IllegalArgumentException saying what is wrong, without naming the setting
   */
  public static SourcePath parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("is empty: name a field, $key, $key.<path> or"
          + " $header.<name>");
    }
    if (text.charAt(0) != '$') {
      return new SourcePath(Origin.VALUE, null, checkedPath(text, ""), text);
    }
    if (text.equals(KEY)) {
      return new SourcePath(Origin.KEY, null, null, text);
    }
    if (text.startsWith(KEY + ".")) {
      return new SourcePath(Origin.KEY, null, checkedPath(text.substring(KEY.length() + 1), KEY + "."),
          text);
    }
    if (text.startsWith(HEADER_PREFIX)) {
      String name = text.substring(HEADER_PREFIX.length());
      if (name.isEmpty()) {
        throw new IllegalArgumentException("names no header: write $header.<name>, e.g."
            + " $header.event_type");
      }
      return new SourcePath(Origin.HEADER, name, null, text);
    }
    if (text.startsWith(VALUE_PREFIX)) {
      return new SourcePath(Origin.VALUE, null,
          checkedPath(text.substring(VALUE_PREFIX.length()), VALUE_PREFIX), text);
    }
    throw new IllegalArgumentException("starts with '$' but is none of $key, $key.<path>,"
        + " $header.<name> and $value.<path> (a value field whose name starts with '$' is written"
        + " $value.<name>)");
  }

  /** A dotted path: names separated by single dots, none empty. */
  private static String checkedPath(String path, String prefix) {
    boolean empty = true;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '.') {
        if (empty) {
          break;
        }
        empty = true;
      } else {
        empty = false;
      }
    }
    if (empty) {
      throw new IllegalArgumentException(path.isEmpty() && !prefix.isEmpty()
          ? "has an empty path after '" + prefix + "'"
          : "is not a field path: field names separated by single dots, e.g. user.email");
    }
    return path;
  }

  /** Whether {@code text} is a valid setting; empty means unset and is valid. */
  public static Optional<String> error(String text) {
    if (text == null || text.trim().isEmpty()) {
      return Optional.empty();
    }
    try {
      parse(text.trim());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  public Origin origin() {
    return origin;
  }

  /** The header's name, for {@link Origin#HEADER}; else null. */
  public String header() {
    return header;
  }

  /** The dotted path within the value or key; null for the whole key and for a header. */
  public String path() {
    return path;
  }

  /** Whether this is a top-level field of the value (one that is then no property). */
  public boolean isTopLevelValueField() {
    return origin == Origin.VALUE && path.indexOf('.') < 0;
  }

  /** The setting as written. */
  @Override
  public String toString() {
    return text;
  }
}
