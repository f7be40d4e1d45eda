package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Bearer-token authentication of the send endpoints (401 / 403) and the OAuth refresh endpoints
 * ({@code /oauth/v1/token}, {@code /oauth/2026-03/token}) that issue access tokens.
 */
final class Authentication {
  static final String OAUTH_V1 = "/oauth/v1/token";
  static final String OAUTH_2026 = "/oauth/2026-03/token";

  /** An accepted access token: its scopes and expiry (by the injected clock; MAX_VALUE = never). */
  static final class TokenInfo {
    final Set<String> scopes;
    final long expiresAtMillis;

    TokenInfo(Set<String> scopes, long expiresAtMillis) {
      this.scopes = Set.copyOf(scopes);
      this.expiresAtMillis = expiresAtMillis;
    }

    static TokenInfo forever(String... scopes) {
      return new TokenInfo(scopeSet(scopes), Long.MAX_VALUE);
    }

    static TokenInfo sendScopeUntil(Instant expiresAt) {
      return new TokenInfo(Set.of(LocalHubSpot.SEND_SCOPE), expiresAt.toEpochMilli());
    }
  }

  /** A refresh token of an OAuth client, and the scopes of the access tokens it gets. */
  static final class RefreshToken {
    final String clientId;
    final Set<String> scopes;

    RefreshToken(String clientId, Set<String> scopes) {
      this.clientId = clientId;
      this.scopes = Set.copyOf(scopes);
    }
  }

  private final Clock clock;
  private final ObjectMapper mapper;
  private final Answers answers;
  private final SimCounters counters;
  private final long accessTokenTtlSeconds;
  private final ConcurrentHashMap<String, TokenInfo> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> clientSecrets;
  private final ConcurrentHashMap<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Scripted> tokenScript = new ConcurrentLinkedQueue<>();

  /** Without any token or OAuth client, {@link LocalHubSpot#DEFAULT_TOKEN} is accepted. */
  Authentication(
      Map<String, TokenInfo> tokens,
      Map<String, String> clientSecrets,
      Map<String, RefreshToken> refreshTokens,
      Duration accessTokenTtl,
      Clock clock,
      ObjectMapper mapper,
      Answers answers,
      SimCounters counters) {
    this.tokens.putAll(tokens);
    if (tokens.isEmpty() && refreshTokens.isEmpty()) {
      this.tokens.put(LocalHubSpot.DEFAULT_TOKEN, TokenInfo.forever());
    }
    this.clientSecrets = Map.copyOf(clientSecrets);
    this.refreshTokens.putAll(refreshTokens);
    this.accessTokenTtlSeconds = accessTokenTtl.getSeconds();
    this.clock = clock;
    this.mapper = mapper;
    this.answers = answers;
    this.counters = counters;
  }

  /** No scopes given: the send scope. */
  static Set<String> scopeSet(String... scopes) {
    return scopes.length == 0 ? Set.of(LocalHubSpot.SEND_SCOPE) : new LinkedHashSet<>(Arrays.asList(scopes));
  }

  void addToken(String token, TokenInfo info) {
    tokens.put(token, info);
  }

  void revokeRefreshToken(String refreshToken) {
    refreshTokens.remove(refreshToken);
  }

  void failNextTokenRequests(int count, int status) {
    for (int i = 0; i < count; i++) {
      tokenScript.add(Scripted.status(status));
    }
  }

  void clearScript() {
    tokenScript.clear();
  }

  /** The accepted tokens (static and issued), for the start-up line. */
  List<String> tokenNames() {
    return new ArrayList<>(tokens.keySet());
  }

  /** null when the request's bearer token is known, unexpired and has the send scope; else the 401 / 403. */
  Outcome authenticate(HttpExchange ex, long now, String requestId) {
    return authenticate(ex, now, requestId, LocalHubSpot.SEND_SCOPE);
  }

  /** As {@link #authenticate(HttpExchange, long, String)}, with {@code scope} required (none when null). */
  Outcome authenticate(HttpExchange ex, long now, String requestId, String scope) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || auth.isBlank()) {
      String query = ex.getRequestURI().getRawQuery();
      if (query != null && query.contains("hapikey=")) {
        return answers.error(
            401,
            "INVALID_AUTHENTICATION",
            "API keys (hapikey) are no longer supported since 2022-11-30; send a private app or OAuth access"
                + " token in the Authorization: Bearer header",
            requestId,
            null);
      }
      return answers.error(
          401,
          "INVALID_AUTHENTICATION",
          "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find"
              + " more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
          requestId,
          null);
    }
    if (auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return answers.error(
          401,
          "INVALID_AUTHENTICATION",
          "Authentication credentials not found: the Authorization header must be 'Bearer <token>'",
          requestId,
          null);
    }
    TokenInfo info = tokens.get(auth.substring(7).trim());
    if (info == null) {
      return answers.error(401, "INVALID_AUTHENTICATION", "The access token provided is not valid.", requestId, null);
    }
    if (info.expiresAtMillis <= now) {
      long minutes = (now - info.expiresAtMillis) / 60_000;
      return answers.error(
          401,
          "EXPIRED_AUTHENTICATION",
          "The OAuth token used to make this call expired " + minutes + " minute(s) ago.",
          requestId,
          null);
    }
    if (scope != null && !info.scopes.contains(scope)) {
      return answers.error(
          403,
          "MISSING_SCOPES",
          "This app hasn't been granted all required scopes to make this call. Read more about required scopes"
              + " here: https://developers.hubspot.com/scopes.",
          requestId,
          Map.of("missingScopes", List.of(scope)));
    }
    return null;
  }

  /** Answers a request to an OAuth token endpoint: a scripted failure, or the refresh_token grant. */
  void handleToken(HttpExchange ex, boolean v1, String method, String requestId) throws IOException {
    counters.tokenRequests.increment();
    Scripted s = tokenScript.poll();
    if (s != null) {
      counters.faultInjected("TOKEN_" + s);
      answers.fault(s.status(), requestId).answer(ex, counters);
      return;
    }
    if (!"POST".equals(method)) {
      answers.error(405, "error", "Method " + method + " is not allowed; use POST", requestId, null).answer(ex, counters);
      return;
    }
    refresh(Requests.parseQuery(new String(Requests.readBody(ex), StandardCharsets.UTF_8)), v1, requestId)
        .answer(ex, counters);
  }

  private Outcome refresh(Map<String, String> form, boolean v1, String requestId) {
    String grant = form.get("grant_type");
    String clientId = form.get("client_id");
    String secret = form.get("client_secret");
    String refresh = form.get("refresh_token");
    if (grant == null || grant.isEmpty()) {
      return oauthError(v1, 400, "BAD_GRANT_TYPE", "invalid_request", "missing grant_type", requestId);
    }
    if (!"refresh_token".equals(grant)) {
      return oauthError(
          v1, 400, "BAD_GRANT_TYPE", "unsupported_grant_type", "unsupported grant_type '" + grant + "'", requestId);
    }
    if (clientId == null || !clientSecrets.containsKey(clientId)) {
      return oauthError(v1, 401, "BAD_CLIENT_ID", "invalid_client", "missing or unknown client id", requestId);
    }
    if (secret == null || !clientSecrets.get(clientId).equals(secret)) {
      return oauthError(
          v1, 401, "BAD_CLIENT_SECRET", "invalid_client", "client secret does not match the client id", requestId);
    }
    RefreshToken rt = refresh == null ? null : refreshTokens.get(refresh);
    if (rt == null || !rt.clientId.equals(clientId)) {
      return oauthError(v1, 400, "BAD_REFRESH_TOKEN", "invalid_grant", "missing or unknown refresh token", requestId);
    }
    String accessToken = "sim-oauth-" + UUID.randomUUID();
    tokens.put(accessToken, new TokenInfo(rt.scopes, clock.millis() + accessTokenTtlSeconds * 1000));
    counters.tokensIssued.increment();
    ObjectNode body = mapper.createObjectNode();
    body.put("token_type", "bearer");
    body.put("refresh_token", refresh);
    body.put("access_token", accessToken);
    body.put("expires_in", accessTokenTtlSeconds);
    return answers.json(200, body, Map.of("Cache-Control", "no-store"));
  }

  /**
   * v1: HubSpot style {@code {"status":"BAD_REFRESH_TOKEN","message":...,"correlationId":...,"category":...}}
   * with 400 for every failure; 2026-03: RFC 6749 {@code {"error":...,"error_description":...}} with 401
   * for invalid_client and 400 otherwise.
   */
  private Outcome oauthError(
      boolean v1, int rfcStatus, String v1Status, String rfcError, String description, String requestId) {
    ObjectNode body = mapper.createObjectNode();
    if (v1) {
      body.put("status", v1Status);
      body.put("message", description);
      body.put("correlationId", requestId);
      body.put("category", "VALIDATION_ERROR");
      return answers.json(400, body, Map.of());
    }
    body.put("error", rfcError);
    body.put("error_description", description);
    return answers.json(rfcStatus, body, Map.of("Cache-Control", "no-store"));
  }
}
