package io.github.connecthubspot.events.mapping;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.model.PropertyNames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a field's or a header's name becomes a property name ({@code properties.name.style}).
 *
 * <p>{@code snake_case}: a name that already matches HubSpot's rule ({@code [a-z][a-z0-9_]*}, at
 * most 50 characters) is kept as is. Otherwise, in one pass: ASCII letters are lower-cased, a word
 * boundary ({@code '_'}) goes before an upper-case letter that follows a lower-case letter or a
 * digit ({@code scrollDepth}, {@code page2Title}) and before the last upper-case letter of a run
 * followed by a lower-case one ({@code HTTPStatus} becomes {@code http_status}); every run of other
 * ASCII characters (space, {@code -}, {@code .}, {@code _}, ...) becomes one {@code '_'}, none
 * leading or trailing; digits are kept. Characters beyond ASCII are kept as they are, so such a
 * name still breaks HubSpot's rule and the record is refused naming it, rather than losing them
 * silently. A name longer than {@link #MAX_CONVERTED_LENGTH} is kept (HubSpot's rule then refuses
 * it). The conversion is idempotent.
 *
 * <p>Converted names are remembered (at most {@link #MAX_REMEMBERED}), since the same field names
 * come back with every record.
 */
final class PropertyNameStyler {
  /** Names longer than this are not converted: no valid name comes from them in practice. */
  static final int MAX_CONVERTED_LENGTH = 256;
  static final int MAX_REMEMBERED = 4096;

  private final boolean snakeCase;
  private final Map<String, String> remembered;

  PropertyNameStyler(HubSpotSinkConnectorConfig.PropertyNameStyle style) {
    this.snakeCase = style == HubSpotSinkConnectorConfig.PropertyNameStyle.SNAKE_CASE;
    this.remembered = snakeCase ? new ConcurrentHashMap<>() : Map.of();
  }

  /** The property name for a field or header named {@code name}. */
  String apply(String name) {
    if (!snakeCase || isHubSpotName(name) || name.length() > MAX_CONVERTED_LENGTH) {
      return name;
    }
    String converted = remembered.get(name);
    if (converted == null) {
      converted = snakeCase(name);
      if (remembered.size() < MAX_REMEMBERED) {
        remembered.put(name, converted);
      }
    }
    return converted;
  }

  /** Whether this style changes names at all. */
  boolean changesNames() {
    return snakeCase;
  }

  /** {@code name} in snake_case, as the class comment says (without the length guard). */
  static String snakeCase(String name) {
    if (isHubSpotName(name)) {
      return name;
    }
    int n = name.length();
    StringBuilder b = new StringBuilder(n + 8);
    boolean separator = false;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (isUpper(c)) {
        if (i > 0) {
          char prev = name.charAt(i - 1);
          if (isLower(prev) || isDigit(prev)
              || (isUpper(prev) && i + 1 < n && isLower(name.charAt(i + 1)))) {
            separator = true;
          }
        }
        separator = flush(b, separator);
        b.append((char) (c + ('a' - 'A')));
      } else if (isLower(c) || isDigit(c) || c >= 0x80) {
        separator = flush(b, separator);
        b.append(c);
      } else {
        separator = true;
      }
    }
    return b.toString();
  }

  /** Appends a pending '_' unless nothing is written yet; answers that none is pending. */
  private static boolean flush(StringBuilder b, boolean separator) {
    if (separator && b.length() > 0) {
      b.append('_');
    }
    return false;
  }

  /** HubSpot's rule for a property's internal name, in one pass. */
  static boolean isHubSpotName(String name) {
    int n = name.length();
    if (n == 0 || n > PropertyNames.MAX_NAME_LENGTH || !isLower(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = name.charAt(i);
      if (!isLower(c) && !isDigit(c) && c != '_') {
        return false;
      }
    }
    return true;
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
