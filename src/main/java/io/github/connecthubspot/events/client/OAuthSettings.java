package io.github.connecthubspot.events.client;

import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/** What {@link OAuthTokenProvider} needs: the app's credentials, and how long to wait and back off. */
public final class OAuthSettings {
  final OAuthGrant grant;
  final String clientId;
  final Password clientSecret;
  final Password refreshToken;
  final Duration backoff;
  final Duration backoffMax;
  final Duration waitForRefresh;

  /**
   * @param refreshToken the refresh token for {@link OAuthGrant#REFRESH_TOKEN}, else null
   * @param backoff the first wait after a transient failure of the token endpoint; it doubles with
   *     each further failure up to {@code backoffMax}
   * @param waitForRefresh how long a sender without a usable token waits for another sender's
   *     refresh before its request counts as a transient failure
   */
  public OAuthSettings(OAuthGrant grant, String clientId, Password clientSecret,
      Password refreshToken, Duration backoff, Duration backoffMax, Duration waitForRefresh) {
    this.grant = grant;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.refreshToken = refreshToken;
    this.backoff = backoff;
    this.backoffMax = backoffMax;
    this.waitForRefresh = waitForRefresh;
  }

  public OAuthGrant grant() {
    return grant;
  }

  public String clientId() {
    return clientId;
  }

  Optional<Password> refreshToken() {
    return Optional.ofNullable(refreshToken);
  }

  @Override
  public String toString() {
    return "OAuthSettings[grant=" + grant.wireName() + ", clientId=" + clientId + "]";
  }
}
