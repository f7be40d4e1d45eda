package io.github.connecthubspot.events.model;

/** HubSpot's rules for event property internal names and the length of their values. */
public final class PropertyNames {
  public static final int MAX_NAME_LENGTH = 50;
  public static final int MAX_VALUE_LENGTH = 256;
  public static final int MAX_URL_VALUE_LENGTH = 1024;
  /** How a broken name rule reads in every message. */
  public static final String NAME_RULE =
      "must match [a-z][a-z0-9_]*, at most " + MAX_NAME_LENGTH + " characters";

  private PropertyNames() {}

  /** Whether {@code name} matches {@code [a-z][a-z0-9_]*} and is at most 50 characters, in one pass. */
  public static boolean isValid(String name) {
    int length = name.length();
    if (length == 0 || length > MAX_NAME_LENGTH) {
      return false;
    }
    char first = name.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    return internalNameChars(name, 1);
  }

  /**
   * Whether every char of {@code s} from {@code from} on is one of an internal name's, {@code
   * [a-z0-9_]} (true when there is none): the loop behind every internal-name check.
   */
  public static boolean internalNameChars(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) {
        return false;
      }
    }
    return true;
  }

  /** URL, referrer and link properties take longer values. */
  public static boolean isUrlLike(String name) {
    return name.contains("url") || name.contains("referrer") || name.contains("link");
  }

  public static int maxValueLength(String name) {
    return isUrlLike(name) ? MAX_URL_VALUE_LENGTH : MAX_VALUE_LENGTH;
  }
}
