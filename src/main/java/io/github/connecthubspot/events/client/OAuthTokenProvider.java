package io.github.connecthubspot.events.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth access tokens from HubSpot's token endpoint, refreshed before they expire.
 *
 * <p>A token is refreshed once 80% of its lifetime has passed or 5 minutes before it expires,
 * whichever comes first, but not before half of it (HubSpot's 30-minute tokens: after 24 minutes).
 * One sender refreshes at a time: while the current token is still usable the others go on with
 * it; without one they wait for the refresh, at most {@link OAuthSettings#waitForRefresh}. A token
 * is not used in the last tenth of its lifetime (at most the last minute), so a request never
 * reaches HubSpot with a token about to expire.
 *
 * <p>A transient failure of the token endpoint (5xx, 429, no answer, an answer without a token) is
 * tried again after a backoff that doubles up to its maximum; meanwhile a still usable token is
 * used, and without one each send fails transiently (the delivery step sends it again later). A
 * refusal of the credentials ({@code invalid_grant}, {@code invalid_client}...) is final: every
 * later call throws it, with a message that names the settings to fix. A refresh token the
 * endpoint rotates is used from then on.
 */
public final class OAuthTokenProvider implements AccessTokenProvider {
  private static final Logger log = LoggerFactory.getLogger(OAuthTokenProvider.class);
  static final long MAX_EARLY_REFRESH_MS = 5 * 60_000;
  static final long MAX_UNUSED_TAIL_MS = 60_000;

  /** An access token and when to refresh it, immutable. */
  private static final class Current {
    final String token;
    final long refreshAtMs;
    final long usableUntilMs;

    Current(String token, long refreshAtMs, long usableUntilMs) {
      this.token = token;
      this.refreshAtMs = refreshAtMs;
      this.usableUntilMs = usableUntilMs;
    }
  }

  private final OAuthSettings settings;
  private final TokenEndpoint endpoint;
  private final Time time;
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile Current current;
  private volatile TokenRefreshException fatal;

  // written with refreshing held, read by otherSecrets() without it
  private volatile String refreshToken;
  // guarded by refreshing
  private int failures;
  private long nextAttemptMs;
  private TokenRefreshException lastFailure;
  private long refreshes;

  OAuthTokenProvider(OAuthSettings settings, TokenEndpoint endpoint, Time time) {
    this.settings = settings;
    this.endpoint = endpoint;
    this.time = time;
    this.refreshToken = settings.refreshToken().map(p -> p.value()).orElse(null);
  }

  /**
   * @param tokenUrl the token endpoint, e.g. {@code https://api.hubapi.com/oauth/2026-03/token}
   * @param http the pool to send through (shared with the sends: same trust store and proxy)
   */
  public static OAuthTokenProvider create(OAuthSettings settings, String tokenUrl,
      org.apache.hc.client5.http.impl.classic.CloseableHttpClient http, String userAgent,
      Time time) {
    return new OAuthTokenProvider(settings, new TokenEndpoint(tokenUrl, http, userAgent), time);
  }

  @Override
  public String accessToken() throws HubSpotException {
    TokenRefreshException refused = fatal;
    if (refused != null) {
      throw refused.again("");
    }
    long now = time.milliseconds();
    Current c = current;
    if (c != null && now < c.refreshAtMs) {
      return c.token;
    }
    if (c != null && now < c.usableUntilMs) {
      if (!refreshing.tryLock()) {
        return c.token; // another sender refreshes it
      }
    } else {
      awaitTurn();
    }
    try {
      return refreshLocked();
    } finally {
      refreshing.unlock();
    }
  }

  /** The client secret, the configured refresh token and the one in use (when rotated). */
  @Override
  public Collection<String> otherSecrets() {
    List<String> secrets = new ArrayList<>(3);
    if (settings.clientSecret != null) {
      secrets.add(settings.clientSecret.value());
    }
    settings.refreshToken().ifPresent(p -> secrets.add(p.value()));
    String current = refreshToken;
    if (current != null && !secrets.contains(current)) {
      secrets.add(current);
    }
    return secrets;
  }

  private void awaitTurn() throws TokenRefreshException {
    long waitMs = settings.waitForRefresh.toMillis();
    boolean locked;
    try {
      locked = refreshing.tryLock(waitMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenRefreshException(FailureKind.TRANSIENT, 0,
          "Interrupted while waiting for an OAuth access token", e);
    }
    if (!locked) {
      throw new TokenRefreshException(FailureKind.TRANSIENT, 0, "Waited " + waitMs
          + " ms for another sender to get an OAuth access token from POST " + endpoint.path(),
          null);
    }
  }

  /** Called with {@link #refreshing} held. */
  private String refreshLocked() throws TokenRefreshException {
    if (fatal != null) {
      throw fatal.again("");
    }
    long now = time.milliseconds();
    Current c = current;
    if (c != null && now < c.refreshAtMs) {
      return c.token; // refreshed by the sender this one waited for
    }
    boolean usable = c != null && now < c.usableUntilMs;
    if (now < nextAttemptMs) {
      if (usable) {
        return c.token;
      }
      throw lastFailure.again("; next attempt in " + (nextAttemptMs - now) + " ms");
    }
    TokenEndpoint.Issued issued;
    try {
      issued = endpoint.request(settings.grant, settings.clientId,
          settings.clientSecret.value(), refreshToken);
    } catch (TokenRefreshException e) {
      if (!e.kind().retriable()) {
        fatal = e;
        log.error("{}", e.getMessage());
        throw e;
      }
      failures++;
      long wait = backoffMs(failures);
      nextAttemptMs = time.milliseconds() + wait;
      lastFailure = e;
      log.warn("Could not refresh the OAuth access token ({}); attempt {} in {} ms{}",
          e.getMessage(), failures + 1, wait,
          usable ? ", the current token is used until then" : "");
      if (usable) {
        return c.token;
      }
      throw e;
    }
    accept(issued, now);
    return current.token;
  }

  /** Called with {@link #refreshing} held; {@code sentAtMs} is when the request went out. */
  private void accept(TokenEndpoint.Issued issued, long sentAtMs) {
    long ttlMs = issued.expiresInSeconds * 1000;
    current = new Current(issued.accessToken, sentAtMs + ttlMs - earlyRefreshMs(ttlMs),
        sentAtMs + ttlMs - unusedTailMs(ttlMs));
    failures = 0;
    nextAttemptMs = 0;
    lastFailure = null;
    refreshes++;
    boolean rotated = issued.refreshToken != null && !issued.refreshToken.equals(refreshToken);
    if (rotated) {
      refreshToken = issued.refreshToken;
      log.info("HubSpot's token endpoint rotated the refresh token: the new one is used from now"
          + " on (this task only: after a restart the configured one is used again)");
    }
    if (refreshes == 1) {
      log.info("Got an OAuth access token from POST {} (grant {}, client id {}), valid for {} s;"
          + " it is refreshed after {} s", endpoint.path(), settings.grant.wireName(),
          settings.clientId, issued.expiresInSeconds, (ttlMs - earlyRefreshMs(ttlMs)) / 1000);
    } else {
      log.debug("Refreshed the OAuth access token, valid for {} s", issued.expiresInSeconds);
    }
  }

  /** How long before expiry a token is refreshed: 20%, or 5 minutes when more, up to half. */
  static long earlyRefreshMs(long ttlMs) {
    return Math.max(ttlMs / 5, Math.min(MAX_EARLY_REFRESH_MS, ttlMs / 2));
  }

  /** How long before expiry a token is no longer used: 10%, at most a minute. */
  static long unusedTailMs(long ttlMs) {
    return Math.min(ttlMs / 10, MAX_UNUSED_TAIL_MS);
  }

  private long backoffMs(int failures) {
    long base = Math.max(1, settings.backoff.toMillis());
    long max = Math.max(base, settings.backoffMax.toMillis());
    int doublings = Math.min(failures - 1, 30);
    return Math.min(max, base << doublings);
  }

  @Override
  public String toString() {
    return "OAuthTokenProvider[grant=" + settings.grant.wireName() + ", clientId="
        + settings.clientId + ", endpoint=" + endpoint.path() + "]";
  }
}
