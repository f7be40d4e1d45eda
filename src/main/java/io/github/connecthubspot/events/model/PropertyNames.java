package io.github.connecthubspot.events.model;

import java.util.regex.Pattern;

/** HubSpot's rules for event property internal names and the length of their values. */
public final class PropertyNames {
  public static final int MAX_NAME_LENGTH = 50;
  public static final int MAX_VALUE_LENGTH = 256;
  public static final int MAX_URL_VALUE_LENGTH = 1024;
  /** How a broken name rule reads in every message. */
  public static final String NAME_RULE =
      "must match [a-z][a-z0-9_]*, at most " + MAX_NAME_LENGTH + " characters";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private PropertyNames() {}

  public static boolean isValid(String name) {
    return name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
  }

  /** URL, referrer and link properties take longer values. */
  public static boolean isUrlLike(String name) {
    return name.contains("url") || name.contains("referrer") || name.contains("link");
  }

  public static int maxValueLength(String name) {
    return isUrlLike(name) ? MAX_URL_VALUE_LENGTH : MAX_VALUE_LENGTH;
  }
}
