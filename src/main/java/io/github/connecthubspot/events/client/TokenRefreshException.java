package io.github.connecthubspot.events.client;

import java.util.OptionalLong;

/**
 * No OAuth access token could be had: the token endpoint failed for now ({@link
 * FailureKind#TRANSIENT}: no request to HubSpot was sent, send it again later) or refused the
 * credentials for good ({@link FailureKind#AUTHENTICATION}: its message names the settings to fix).
 * The message never holds a secret. {@link #status()} is 0: the send itself was never made; {@link
 * #tokenEndpointStatus()} is what the token endpoint answered.
 */
public final class TokenRefreshException extends HubSpotException {
  private static final long serialVersionUID = 1L;

  private final int tokenEndpointStatus;

  TokenRefreshException(FailureKind kind, int tokenEndpointStatus, String message, Throwable cause) {
    super(kind, 0, null, RateLimitInfo.NONE, OptionalLong.empty(), message, cause);
    this.tokenEndpointStatus = tokenEndpointStatus;
  }

  /** The token endpoint's HTTP status, or 0 when it did not answer. */
  public int tokenEndpointStatus() {
    return tokenEndpointStatus;
  }

  /** The same failure, thrown again to another sender (with its own stack trace). */
  TokenRefreshException again(String suffix) {
    return new TokenRefreshException(kind(), tokenEndpointStatus, getMessage() + suffix, getCause());
  }
}
