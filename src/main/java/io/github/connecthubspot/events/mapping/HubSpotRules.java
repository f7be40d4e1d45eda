package io.github.connecthubspot.events.mapping;

import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.NameTable;
import io.github.connecthubspot.events.model.PropertyNames;
import io.github.connecthubspot.events.model.PropertyRules;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HubSpot's rules for an occurrence (HubSpot's custom behavioral events guide), checked before
 * sending so that a record that breaks one never reaches HubSpot. {@link #check} answers the first
 * rule broken, with a message that names the field and the rule. The rules of one property live in
 * {@link PropertyRules}, shared with the config's check of {@code properties.static}.
 *
 * <p>Every identifier is bounded before it is looked at, and every check is one linear pass (no
 * regular expression), so a record of megabytes is refused in time proportional to its size.
 */
public final class HubSpotRules {
  public static final int MAX_PROPERTIES = 50;
  /**
   * The longest email: RFC 5321 caps a forward path at 256 octets, angle brackets included, so an
   * address has at most 254 characters (RFC 3696 erratum 1690).
   */
  public static final int MAX_EMAIL_LENGTH = 254;
  /**
   * The longest objectId, utk or uuid. HubSpot documents no cap; its record ids are 64-bit numbers
   * and a utk is 32 hex digits, and no value longer than a property value (256, NOTES.md) is one
   * HubSpot stores to match against.
   */
  public static final int MAX_IDENTIFIER_LENGTH = PropertyNames.MAX_VALUE_LENGTH;
  /**
   * The longest event name: an internal name is 'pe', a portal id (hubspot.portal.id takes at most
   * 19 digits), '_' and a name of at most 50 characters, 72 in all; 128 leaves room.
   */
  public static final int MAX_EVENT_NAME_LENGTH = 128;
  private final Optional<String> portalId;
  /** {@code pe<portalId>_}, the start of every event name of the portal, when its id is known. */
  private final String eventNamePrefix;
  /**
   * The last event name that broke no rule (they depend on the name alone). Not volatile: a thread
   * that sees an older one only checks its name again.
   */
  private String lastPassed;
  /**
   * Property names that kept the name rule lately, in each thread that checks (the rule is the
   * same for every portal): most occurrences carry the same names, which are then not checked char
   * by char again.
   */
  private static final ThreadLocal<NameTable<Boolean>> VALID_NAMES =
      ThreadLocal.withInitial(NameTable::new);

  public HubSpotRules(Optional<String> portalId) {
    this.portalId = portalId;
    this.eventNamePrefix = portalId.map(id -> "pe" + id + "_").orElse(null);
  }

  /** The first rule {@code c} breaks, as a message naming the field and the rule. */
  public Optional<String> check(Completion c) {
    Optional<String> badName = checkEventName(c.eventName());
    if (badName.isPresent()) {
      return badName;
    }
    if (isBlank(c.email()) && isBlank(c.objectId()) && isBlank(c.utk())) {
      return Optional.of("no identifier: HubSpot needs one of email, objectId or utk");
    }
    return checkRest(c);
  }

  /** The first rule the event name {@code eventName} breaks. */
  public Optional<String> checkEventName(String eventName) {
    String passed = lastPassed;
    if (eventName != null && eventName.equals(passed)) {
      return Optional.empty(); // most records carry the same name: checked once, not per record
    }
    Optional<String> broken = checkNewEventName(eventName);
    if (broken.isEmpty()) {
      lastPassed = eventName;
    }
    return broken;
  }

  private Optional<String> checkNewEventName(String eventName) {
    if (eventName == null || eventName.isBlank()) {
      return Optional.of("event name is missing");
    }
    int eventNameLength = codePoints(eventName);
    if (eventNameLength > MAX_EVENT_NAME_LENGTH) {
      return Optional.of("event name has " + eventNameLength + " characters: HubSpot internal names"
          + " are at most " + MAX_EVENT_NAME_LENGTH);
    }
    if (!eventName.equals(eventName.toLowerCase(Locale.ROOT))) {
      return Optional.of("event name " + quoted(eventName)
          + " must be lower case (HubSpot internal names are)");
    }
    if (eventNamePrefix != null && !eventName.startsWith(eventNamePrefix)) {
      return Optional.of("event name " + quoted(eventName) + " must start with 'pe" + portalId.get()
          + "_' (hubspot.portal.id=" + portalId.get() + ")");
    }
    return Optional.empty();
  }

  private Optional<String> checkRest(Completion c) {
    String tooLong = tooLong("email", c.email(), MAX_EMAIL_LENGTH);
    if (tooLong == null) {
      tooLong = tooLong("objectId", c.objectId(), MAX_IDENTIFIER_LENGTH);
    }
    if (tooLong == null) {
      tooLong = tooLong("utk", c.utk(), MAX_IDENTIFIER_LENGTH);
    }
    if (tooLong == null) {
      tooLong = tooLong("uuid", c.uuid(), MAX_IDENTIFIER_LENGTH);
    }
    if (tooLong != null) {
      return Optional.of(tooLong);
    }
    if (!isBlank(c.email()) && !isEmail(c.email())) {
      return Optional.of("email is not a valid email address");
    }
    Map<String, String> properties = c.properties();
    if (properties.size() > MAX_PROPERTIES) {
      return Optional.of(properties.size() + " properties: HubSpot accepts at most "
          + MAX_PROPERTIES + " per occurrence");
    }
    // One pass over the properties (the map's own loop, no iterator or entries): whether lower-casing
    // changes a name, and the first property that breaks a rule. Names equal after lower-casing are
    // reported first, as they come first among the rules; only then the first property broken.
    PropertyPass pass = new PropertyPass(VALID_NAMES.get());
    properties.forEach(pass);
    if (pass.anyChangedByLowerCasing) { // else distinct names stay distinct
      Map<String, String> byLowerCase = new HashMap<>();
      for (String name : properties.keySet()) {
        String other = byLowerCase.put(name.toLowerCase(Locale.ROOT), name);
        if (other != null) {
          return Optional.of("properties " + quoted(other) + " and " + quoted(name) + " are the same"
              + " name after lower-casing and HubSpot would keep only one of them: rename or"
              + " exclude one (properties.rename, properties.exclude)");
        }
      }
    }
    return pass.firstBroken;
  }

  /** What {@link #checkRest} learns of the properties in one pass. */
  private static final class PropertyPass implements java.util.function.BiConsumer<String, String> {
    private final NameTable<Boolean> validNames;
    boolean anyChangedByLowerCasing;
    Optional<String> firstBroken = Optional.empty();

    PropertyPass(NameTable<Boolean> validNames) {
      this.validNames = validNames;
    }

    @Override
    public void accept(String name, String value) {
      if (firstBroken.isEmpty()) {
        firstBroken = validName(validNames, name) ? PropertyRules.checkValue(name, value)
            : PropertyRules.check(name, value);
        if (firstBroken.isEmpty()) {
          return; // its name is valid, so all lower case: lower-casing does not change it
        }
      }
      if (!anyChangedByLowerCasing && !PropertyNames.isValid(name)
          && !name.equals(name.toLowerCase(Locale.ROOT))) {
        anyChangedByLowerCasing = true; // a valid name, all lower case, never changes
      }
    }
  }

  /** Whether {@code name} keeps the name rule ({@link PropertyNames#isValid}), known lately or checked. */
  private static boolean validName(NameTable<Boolean> known, String name) {
    if (name == null) {
      return false;
    }
    if (known.get(name) != null) {
      return true;
    }
    if (!PropertyNames.isValid(name)) {
      return false;
    }
    known.put(name, Boolean.TRUE);
    return true;
  }

  /** The message for more properties than HubSpot accepts, when they were not all counted. */
  static String moreThanMaxProperties() {
    return "more than " + MAX_PROPERTIES + " properties: HubSpot accepts at most " + MAX_PROPERTIES
        + " per occurrence";
  }

  /** Why {@code value} is too long for {@code field}, or null. */
  private static String tooLong(String field, String value, int max) {
    if (value == null || value.length() <= max) {
      return null; // UTF-16 units bound code points from above
    }
    int length = codePoints(value);
    return length <= max ? null
        : field + " has " + length + " characters: HubSpot accepts at most " + max;
  }

  /**
   * Whether {@code s} is shaped like an email, as the pattern {@code [^@\s]+@[^@\s]+\.[^@\s]+}
   * would say, in one pass: exactly one '@', not first, no whitespace, and a '.' in the domain with
   * a character on each side of it.
   */
  static boolean isEmail(String s) {
    int at = -1;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\u000B' || ch == '\f' || ch == '\r') {
        return false;
      }
      if (ch == '@') {
        if (at >= 0) {
          return false;
        }
        at = i;
      }
    }
    if (at <= 0) {
      return false;
    }
    int dot = s.indexOf('.', at + 2);
    return dot > 0 && dot < s.length() - 1;
  }

  private static String quoted(String name) {
    return PropertyRules.quoted(name);
  }

  private static int codePoints(String s) {
    return PropertyRules.codePoints(s);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
