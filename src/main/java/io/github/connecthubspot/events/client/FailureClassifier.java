package io.github.connecthubspot.events.client;

import io.github.connecthubspot.events.model.HubSpotError;
import java.util.List;

/**
 * Maps an HTTP status and HubSpot's error body to a {@link FailureKind}.
 *
 * <p>An answer about the request's content (400, 413, 422, and a 409 that does not name an
 * input's uuid) is {@link FailureKind#BAD_REQUEST}: the delivery step splits the batch and
 * reports the occurrences HubSpot refuses on their own, so an answer that a resend would repeat
 * never fails the task for good. It is {@link FailureKind#DUPLICATE} only on the evidence the body
 * gives ({@link InputAttribution#isDuplicate}), or for a 409 that names a uuid of the request in
 * its structured fields: HubSpot already has that occurrence.
 */
public final class FailureClassifier {
  private FailureClassifier() {}

  /** As {@link #classify(int, HubSpotError, List)} when the request's uuids are not known. */
  public static FailureKind classify(int status, HubSpotError error) {
    return classify(status, error, List.of());
  }

  /** {@code uuids}: the request's inputs' uuids, in order (null where an input has none). */
  public static FailureKind classify(int status, HubSpotError error, List<String> uuids) {
    switch (status) {
      case 400:
      case 422: // unprocessable: about the content, like a 400
        return InputAttribution.allDuplicates(error) ? FailureKind.DUPLICATE
            : FailureKind.BAD_REQUEST;
      case 409: // conflict: a uuid HubSpot already has, when the body names it
        return InputAttribution.allDuplicates(error)
                || !InputAttribution.namedByUuid(error, uuids).isEmpty()
            ? FailureKind.DUPLICATE
            : FailureKind.BAD_REQUEST;
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
}
