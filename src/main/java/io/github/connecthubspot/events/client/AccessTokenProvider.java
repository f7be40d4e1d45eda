package io.github.connecthubspot.events.client;

/**
 * Supplies the bearer token for each request. The static implementation holds a private-app token
 * or service key; an OAuth implementation can refresh before expiry behind the same seam.
 */
public interface AccessTokenProvider {
  /** The current token; called for every request, so it must be cheap. */
  String accessToken();
}
