package io.github.connecthubspot.events.client;

import java.util.Collection;
import java.util.List;

/**
 * Supplies the bearer token for each request: {@link StaticAccessToken} holds a private-app token
 * or service key; {@link OAuthTokenProvider} gets OAuth access tokens and refreshes them before
 * they expire.
 */
public interface AccessTokenProvider {
  /**
   * The current token; called for every request, so it is cheap while the token is fresh.
   *
   * @throws HubSpotException when there is no usable token: {@link FailureKind#TRANSIENT} when
   *     getting one failed for now (send again later), {@link FailureKind#AUTHENTICATION} when the
   *     credentials were refused for good
   */
  String accessToken() throws HubSpotException;

  /**
   * The secrets behind the tokens (an OAuth client secret and refresh token), hidden like the
   * token wherever an answer echoes them; none for a static token.
   */
  default Collection<String> otherSecrets() {
    return List.of();
  }
}
