package io.github.connecthubspot.events.client;

import io.github.connecthubspot.events.model.HubSpotError;
import java.util.Locale;
import java.util.stream.Stream;

/** Maps an HTTP status and HubSpot's error body to a {@link FailureKind}. */
public final class FailureClassifier {
  private FailureClassifier() {}

  public static FailureKind classify(int status, HubSpotError error) {
    switch (status) {
      case 400:
        return isDuplicateUuid(error) ? FailureKind.DUPLICATE : FailureKind.BAD_REQUEST;
      case 413: // too large: the delivery step splits the batch like a 400
        return FailureKind.BAD_REQUEST;
      case 401:
        return FailureKind.AUTHENTICATION;
      case 403:
        return FailureKind.AUTHORIZATION;
      case 429:
        return error != null && "DAILY".equalsIgnoreCase(error.policyName)
            ? FailureKind.DAILY_LIMIT
            : FailureKind.RATE_LIMITED;
      case 423: // locked
      case 477: // migration in progress
      case 500:
      case 502:
      case 503:
      case 504:
      case 521:
      case 523:
      case 524:
        return FailureKind.TRANSIENT;
      default:
        return status >= 500 ? FailureKind.TRANSIENT : FailureKind.FATAL;
    }
  }

  /**
   * HubSpot does not document how it refuses a duplicate {@code uuid} (it may drop it silently with
   * 204). A 400 counts as a duplicate only when every message it carries speaks of a uuid that was
   * already used, so a real validation error is never taken for one.
   */
  static boolean isDuplicateUuid(HubSpotError error) {
    if (error == null) {
      return false;
    }
    Stream<String[]> texts =
        error.errors == null || error.errors.isEmpty()
            ? Stream.<String[]>of(new String[] {error.message, error.subCategory, null})
            : error.errors.stream().map(d -> new String[] {d.message, d.subCategory, d.code});
    return texts.allMatch(t -> speaksOfDuplicateUuid(t[0]) || namesDuplicate(t[1]) || namesDuplicate(t[2]));
  }

  /** A code or sub-category such as {@code DUPLICATE_UUID} or {@code EVENT_ALREADY_EXISTS}. */
  private static boolean namesDuplicate(String code) {
    if (code == null) {
      return false;
    }
    String c = code.toUpperCase(Locale.ROOT);
    return c.contains("DUPLICATE") || c.contains("ALREADY_EXISTS");
  }

  private static boolean speaksOfDuplicateUuid(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("uuid") && (m.contains("duplicate") || m.contains("already"));
  }
}
