package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

/**
 * A local HubSpot-compatible custom behavioral events endpoint for tests, benchmarks and the quickstart.
 * See {@code docs/local-hubspot.md}.
 *
 * <pre>{@code
 * try (LocalHubSpot sim = LocalHubSpot.builder().token("pat-test").clock(clock).start()) {
 *   String url = sim.baseUrl();   // http://127.0.0.1:<port>
 *   ...
 *   assertThat(sim.ledger().occurrences()).hasSize(3);
 * }
 * }</pre>
 *
 * <p>Processing order of a send request: scripted answer or random fault (if any) → authentication (401 /
 * 403) → rate limits (429) → content type (415) → JSON parsing and validation (400) → uuid de-duplication
 * → ledger → 204.
 */
public final class LocalHubSpot implements AutoCloseable {

  /** The scope the send endpoints require. */
  public static final String SEND_SCOPE = "analytics.behavioral_events.send";

  /** The static token accepted when no token and no OAuth client are configured. */
  public static final String DEFAULT_TOKEN = "local-hubspot-token";

  /** How a batch with bad items is answered (HubSpot's behaviour is unconfirmed). */
  public enum BatchFailureMode {
    /** Default: any bad item fails the whole batch with 400; nothing of the batch is recorded. */
    WHOLE_BATCH,
    /** Good items are recorded; the answer is 400 listing the bad items only. */
    BAD_ITEMS_ONLY,
    /**
     * Good items are recorded; the answer is 207 Multi-Status in the shape of HubSpot's CRM batch APIs:
     * {@code {"status":"COMPLETE","results":[],"numErrors":n,"errors":[...],"startedAt":..,"completedAt":..}}.
     */
    BAD_ITEMS_ONLY_207
  }

  /** What happens to an occurrence whose (eventName, uuid) was already accepted (unconfirmed). */
  public enum DuplicateUuidMode {
    /** Default: dropped silently (204), counted in {@link Ledger#duplicatesRefused()}. */
    DROP,
    /** Fails the request with 400 VALIDATION_ERROR, code DUPLICATE_UUID. */
    REJECT
  }

  /** Behaviour for an event name / property missing from the configured definitions. */
  public enum UnknownMode {
    ACCEPT,
    REJECT
  }

  static final List<String> SINGLE_PATHS =
      List.of("/events/v3/send", "/events/2026-03/send", "/events/custom/2026-09/send");
  private static final Set<String> SINGLE = Set.copyOf(SINGLE_PATHS);
  private static final Set<String> BATCH =
      Set.of("/events/v3/send/batch", "/events/2026-03/send/batch", "/events/custom/2026-09/send/batch");
  private static final String OAUTH_V1 = "/oauth/v1/token";
  private static final String OAUTH_2026 = "/oauth/2026-03/token";

  static {
    // The JDK server reads this once; without it small answers may wait on Nagle + delayed ACK.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final class TokenInfo {
    final Set<String> scopes;
    final long expiresAtMillis;

    TokenInfo(Set<String> scopes, long expiresAtMillis) {
      this.scopes = Set.copyOf(scopes);
      this.expiresAtMillis = expiresAtMillis;
    }
  }

  private static final class RefreshToken {
    final String clientId;
    final Set<String> scopes;

    RefreshToken(String clientId, Set<String> scopes) {
      this.clientId = clientId;
      this.scopes = Set.copyOf(scopes);
    }
  }

  /** A computed answer. */
  private static final class Outcome {
    final int status;
    final String contentType;
    final byte[] body;
    final Map<String, String> headers;

    Outcome(int status, String contentType, byte[] body, Map<String, String> headers) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
      this.headers = headers;
    }

    static Outcome noContent() {
      return new Outcome(204, null, null, Map.of());
    }
  }

  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final String host;
  private final Clock clock;
  private final ExecutorService executor;
  private final ScheduledExecutorService delayer;
  private final CompletionValidator validator;
  private final Ledger ledger;
  private final RateLimiter rateLimiter;
  private final int maxBatchSize;
  private final long accessTokenTtlSeconds;
  private final ConcurrentHashMap<String, TokenInfo> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> clientSecrets;
  private final ConcurrentHashMap<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Scripted> tokenScript = new ConcurrentLinkedQueue<>();

  private volatile Faults faults;
  private volatile BatchFailureMode batchFailureMode;
  private volatile DuplicateUuidMode duplicateUuidMode;
  private volatile boolean retryAfterOn429;

  // stats
  private final LongAdder requests = new LongAdder();
  private final LongAdder sendRequests = new LongAdder();
  private final LongAdder occurrencesInvalid = new LongAdder();
  private final LongAdder occurrencesDiscarded = new LongAdder();
  private final LongAdder tokenRequests = new LongAdder();
  private final LongAdder tokensIssued = new LongAdder();
  private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> rateLimited = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> faultsInjected = new ConcurrentHashMap<>();

  private final Object lifecycle = new Object();
  private HttpServer server;
  private int port;
  private boolean closed;

  private LocalHubSpot(Builder b) {
    this.host = b.host;
    this.clock = b.clock;
    this.maxBatchSize = b.maxBatchSize;
    this.accessTokenTtlSeconds = b.accessTokenTtl.getSeconds();
    this.validator =
        new CompletionValidator(
            b.definitions.values(),
            b.unknownEvents == UnknownMode.REJECT,
            b.unknownProperties == UnknownMode.REJECT,
            b.portalId);
    this.ledger = new Ledger(b.recordBodies);
    this.rateLimiter = new RateLimiter(b.tenSecondlyMax, b.secondlyMax, b.dailyMax, b.dailyZone);
    this.faults = b.faults;
    this.batchFailureMode = b.batchFailureMode;
    this.duplicateUuidMode = b.duplicateUuidMode;
    this.retryAfterOn429 = b.retryAfterOn429;
    this.tokens.putAll(b.tokens);
    if (b.tokens.isEmpty() && b.refreshTokens.isEmpty()) {
      tokens.put(DEFAULT_TOKEN, new TokenInfo(Set.of(SEND_SCOPE), Long.MAX_VALUE));
    }
    this.clientSecrets = Map.copyOf(b.clientSecrets);
    this.refreshTokens.putAll(b.refreshTokens);
    this.executor = Executors.newFixedThreadPool(b.threads, daemon("local-hubspot-http"));
    this.delayer = Executors.newSingleThreadScheduledExecutor(daemon("local-hubspot-delay"));
    this.port = b.port;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  private void bind() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 512);
    s.createContext("/", this::handle);
    s.setExecutor(executor);
    s.start();
    server = s;
    port = s.getAddress().getPort();
  }

  /** Base URL, e.g. {@code http://127.0.0.1:41234} (no trailing slash). Stable across down/up. */
  public String baseUrl() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  public int port() {
    return port;
  }

  /** Stops listening: new connections are refused and open ones are closed. The port is kept. */
  public void down() {
    synchronized (lifecycle) {
      if (server != null) {
        server.stop(0);
        server = null;
      }
    }
  }

  /** Listens again on the same port after {@link #down()}. */
  public void up() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (server == null) {
        try {
          bind();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot listen again on port " + port, e);
        }
      }
    }
  }

  public boolean isUp() {
    synchronized (lifecycle) {
      return server != null;
    }
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      closed = true;
      if (server != null) {
        server.stop(0);
        server = null;
      }
    }
    delayer.shutdownNow();
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------
  // In-process API

  public Ledger ledger() {
    return ledger;
  }

  public SimStats stats() {
    Map<Integer, Long> status = new TreeMap<>();
    byStatus.forEach((k, v) -> status.put(k, v.sum()));
    return new SimStats(
        requests.sum(),
        status,
        sendRequests.sum(),
        ledger.acceptedCount(),
        occurrencesInvalid.sum(),
        occurrencesDiscarded.sum(),
        ledger.duplicatesRefused(),
        ledger.countsByEventName(),
        sums(rateLimited),
        sums(faultsInjected),
        tokenRequests.sum(),
        tokensIssued.sum(),
        ledger.duplicatesRefusedByUuid());
  }

  private static Map<String, Long> sums(Map<String, LongAdder> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /**
   * Forgets every occurrence, counter, remembered uuid, rate-limit window and queued scripted answer,
   * and rewinds the random faults to their seed. Tokens (including issued OAuth tokens) and settings stay.
   */
  public void reset() {
    ledger.clear();
    rateLimiter.clear();
    script.clear();
    tokenScript.clear();
    faults.rewind();
    for (LongAdder a :
        List.of(requests, sendRequests, occurrencesInvalid, occurrencesDiscarded, tokenRequests, tokensIssued)) {
      a.reset();
    }
    byStatus.clear();
    rateLimited.clear();
    faultsInjected.clear();
  }

  /** The next {@code count} send requests are answered {@code status} (see {@link Scripted#status(int)}). */
  public LocalHubSpot failNext(int count, int status) {
    for (int i = 0; i < count; i++) {
      script.add(Scripted.status(status));
    }
    return this;
  }

  /** Queues scripted answers for the next send requests, one each, in order. */
  public LocalHubSpot script(Scripted... answers) {
    script.addAll(Arrays.asList(answers));
    return this;
  }

  /** Scripted answers still queued. */
  public int scriptedRemaining() {
    return script.size();
  }

  /** The next {@code count} OAuth token requests are answered {@code status} (JSON error body). */
  public LocalHubSpot failNextTokenRequests(int count, int status) {
    for (int i = 0; i < count; i++) {
      tokenScript.add(Scripted.status(status));
    }
    return this;
  }

  /** Replaces the random faults (e.g. {@link Faults#none()} to stop them). */
  public LocalHubSpot faults(Faults f) {
    this.faults = f;
    return this;
  }

  public LocalHubSpot batchFailureMode(BatchFailureMode mode) {
    this.batchFailureMode = mode;
    return this;
  }

  public LocalHubSpot duplicateUuidMode(DuplicateUuidMode mode) {
    this.duplicateUuidMode = mode;
    return this;
  }

  public LocalHubSpot retryAfterOn429(boolean on) {
    this.retryAfterOn429 = on;
    return this;
  }

  /** Adds a static token (private app / service key) at runtime. */
  public LocalHubSpot addToken(String token, String... scopes) {
    tokens.put(token, new TokenInfo(scopeSet(scopes), Long.MAX_VALUE));
    return this;
  }

  /** Adds an OAuth access token expiring at {@code expiresAt} (injected clock), with the send scope. */
  public LocalHubSpot addAccessToken(String token, Instant expiresAt) {
    tokens.put(token, new TokenInfo(Set.of(SEND_SCOPE), expiresAt.toEpochMilli()));
    return this;
  }

  /** Forgets a refresh token (later refreshes with it fail with invalid_grant / BAD_REFRESH_TOKEN). */
  public LocalHubSpot revokeRefreshToken(String refreshToken) {
    refreshTokens.remove(refreshToken);
    return this;
  }

  private static Set<String> scopeSet(String... scopes) {
    return scopes.length == 0 ? Set.of(SEND_SCOPE) : new LinkedHashSet<>(Arrays.asList(scopes));
  }

  // ---------------------------------------------------------------------------------------------
  // Dispatch

  private void handle(HttpExchange ex) {
    String requestId = null;
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.startsWith("/_sim/")) {
        handleSim(ex, path, method);
        return;
      }
      requestId = UUID.randomUUID().toString();
      requests.increment();
      ex.getResponseHeaders().set("X-HubSpot-Correlation-Id", requestId);
      boolean single = SINGLE.contains(path);
      if (single || BATCH.contains(path)) {
        sendRequests.increment();
        if (!"POST".equals(method)) {
          respond(ex, error(405, "error", "Method " + method + " is not allowed; use POST", requestId, null));
          return;
        }
        handleSend(ex, path, !single, requestId);
      } else if (OAUTH_V1.equals(path) || OAUTH_2026.equals(path)) {
        tokenRequests.increment();
        handleToken(ex, OAUTH_V1.equals(path), method, requestId);
      } else {
        respond(ex, error(404, "OBJECT_NOT_FOUND", "No such endpoint: " + method + " " + path, requestId, null));
      }
    } catch (Exception e) {
      try {
        respond(
            ex,
            error(500, "INTERNAL_ERROR", "Simulator failure: " + e, requestId == null ? "-" : requestId, null));
      } catch (Exception ignored) {
        ex.close();
      }
    }
  }

  private void handleSend(HttpExchange ex, String path, boolean batch, String requestId) throws IOException {
    Scripted s = script.poll();
    if (s == null) {
      s = faults.draw();
    }
    if (s == null) {
      process(ex, path, batch, requestId, null);
      return;
    }
    faultsInjected.computeIfAbsent(s.toString(), k -> new LongAdder()).increment();
    switch (s.kind()) {
      case STATUS:
        Headers h = ex.getResponseHeaders();
        rateHeaders(h, rateLimiter.peek(clock.millis()));
        respond(ex, faultOutcome(s.status(), requestId));
        return;
      case CUSTOM:
        respond(
            ex,
            new Outcome(
                s.status(), "application/json;charset=utf-8", s.body().getBytes(StandardCharsets.UTF_8), s.headers()));
        return;
      case RESET:
        abort(ex);
        return;
      case DELAY:
        delayer.schedule(
            () ->
                executor.execute(
                    () -> {
                      try {
                        process(ex, path, batch, requestId, null);
                      } catch (Exception e) {
                        ex.close(); // the client gave up, or the server went down meanwhile
                      }
                    }),
            s.delay().toMillis(),
            TimeUnit.MILLISECONDS);
        return;
      case ACCEPT_THEN_STATUS:
      case ACCEPT_THEN_RESET:
        process(ex, path, batch, requestId, s);
        return;
      default:
        throw new AssertionError(s.kind());
    }
  }

  private void process(HttpExchange ex, String path, boolean batch, String requestId, Scripted after)
      throws IOException {
    long now = clock.millis();
    Headers h = ex.getResponseHeaders();
    Outcome outcome = authenticate(ex, now, requestId);
    if (outcome != null) {
      rateHeaders(h, rateLimiter.peek(now));
    } else {
      RateLimiter.Decision d = rateLimiter.acquire(now);
      rateHeaders(h, d);
      if (!d.allowed()) {
        rateLimited.computeIfAbsent(d.refusedBy.name(), k -> new LongAdder()).increment();
        outcome = rateLimitOutcome(d.refusedBy, d.retryAfterMillis, requestId);
      } else {
        outcome = ingest(ex, path, batch, requestId, now);
      }
    }
    if (after != null && after.kind() == Scripted.Kind.ACCEPT_THEN_RESET) {
      abort(ex);
    } else if (after != null && after.kind() == Scripted.Kind.ACCEPT_THEN_STATUS) {
      respond(ex, faultOutcome(after.status(), requestId));
    } else {
      respond(ex, outcome);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Authentication

  private Outcome authenticate(HttpExchange ex, long now, String requestId) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || auth.isBlank()) {
      String query = ex.getRequestURI().getRawQuery();
      if (query != null && query.contains("hapikey=")) {
        return error(
            401,
            "INVALID_AUTHENTICATION",
            "API keys (hapikey) are no longer supported since 2022-11-30; send a private app or OAuth access"
                + " token in the Authorization: Bearer header",
            requestId,
            null);
      }
      return error(
          401,
          "INVALID_AUTHENTICATION",
          "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find"
              + " more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
          requestId,
          null);
    }
    if (auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return error(
          401,
          "INVALID_AUTHENTICATION",
          "Authentication credentials not found: the Authorization header must be 'Bearer <token>'",
          requestId,
          null);
    }
    String token = auth.substring(7).trim();
    TokenInfo info = tokens.get(token);
    if (info == null) {
      return error(401, "INVALID_AUTHENTICATION", "The access token provided is not valid.", requestId, null);
    }
    if (info.expiresAtMillis <= now) {
      long minutes = (now - info.expiresAtMillis) / 60_000;
      return error(
          401,
          "EXPIRED_AUTHENTICATION",
          "The OAuth token used to make this call expired " + minutes + " minute(s) ago.",
          requestId,
          null);
    }
    if (!info.scopes.contains(SEND_SCOPE)) {
      Map<String, List<String>> ctx = new LinkedHashMap<>();
      ctx.put("missingScopes", List.of(SEND_SCOPE));
      return error(
          403,
          "MISSING_SCOPES",
          "This app hasn't been granted all required scopes to make this call. Read more about required scopes"
              + " here: https://developers.hubspot.com/scopes.",
          requestId,
          ctx);
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Ingestion

  private Outcome ingest(HttpExchange ex, String path, boolean batch, String requestId, long now)
      throws IOException {
    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json")) {
      return error(
          415,
          "VALIDATION_ERROR",
          "Unsupported Media Type: Content-Type must be application/json, got "
              + (contentType == null ? "none" : "'" + contentType + "'"),
          requestId,
          null);
    }
    byte[] body = readBody(ex);
    if (body.length == 0) {
      return validationFailure(
          requestId, "Invalid input", List.of(new Violation("body", "REQUIRED", "Request body is required")), null);
    }
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " on line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      String msg = "Invalid input JSON" + where + ": " + e.getOriginalMessage();
      return validationFailure(requestId, "Invalid input", List.of(new Violation("body", "INVALID_JSON", msg)), null);
    }

    List<JsonNode> items;
    if (batch) {
      if (!root.isObject()) {
        return validationFailure(
            requestId,
            "Invalid input",
            List.of(new Violation("body", "INVALID_TYPE", "A batch body must be an object {\"inputs\":[...]}")),
            null);
      }
      JsonNode inputs = root.get("inputs");
      Violation v = null;
      if (inputs == null || inputs.isNull()) {
        v = new Violation("inputs", "REQUIRED", "This property is required");
      } else if (!inputs.isArray()) {
        v = new Violation("inputs", "INVALID_TYPE", "inputs must be an array of event completions");
      } else if (inputs.size() == 0) {
        v = new Violation("inputs", "REQUIRED", "inputs must contain at least one event completion");
      } else if (inputs.size() > maxBatchSize) {
        v =
            new Violation(
                "inputs",
                "TOO_MANY_INPUTS",
                "A batch may contain at most " + maxBatchSize + " inputs, got " + inputs.size());
      }
      if (v != null) {
        if (inputs != null && inputs.isArray()) {
          occurrencesInvalid.add(inputs.size());
        }
        return validationFailure(requestId, "Invalid input", List.of(v), null);
      }
      items = new ArrayList<>(inputs.size());
      inputs.forEach(items::add);
    } else {
      items = List.of(root);
    }

    int n = items.size();
    // 1. Validate every item.
    TreeMap<Integer, List<Violation>> bad = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      List<Violation> vs = validator.validate(items.get(i), batch ? "inputs[" + i + "]." : "");
      if (!vs.isEmpty()) {
        bad.put(i, vs);
      }
    }
    occurrencesInvalid.add(bad.size());
    BatchFailureMode mode = batch ? batchFailureMode : BatchFailureMode.WHOLE_BATCH;
    if (!bad.isEmpty() && mode == BatchFailureMode.WHOLE_BATCH) {
      occurrencesDiscarded.add(n - bad.size());
      return batchFailure(requestId, batch, n, bad, mode);
    }

    // 2. De-duplicate by (eventName, uuid).
    DuplicateUuidMode dupMode = duplicateUuidMode;
    boolean[] skip = new boolean[n];
    List<Integer> reserved = new ArrayList<>();
    TreeMap<Integer, List<Violation>> dups = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      if (bad.containsKey(i)) {
        skip[i] = true;
        continue;
      }
      JsonNode item = items.get(i);
      JsonNode u = item.get("uuid");
      if (u == null || u.isNull()) {
        continue;
      }
      String eventName = item.get("eventName").asText();
      String uuid = u.asText();
      if (ledger.reserveUuid(eventName, uuid, now)) {
        reserved.add(i);
      } else {
        skip[i] = true;
        ledger.refused(uuid);
        if (dupMode == DuplicateUuidMode.REJECT) {
          dups.put(
              i,
              List.of(
                  new Violation(
                      (batch ? "inputs[" + i + "]." : "") + "uuid",
                      "DUPLICATE_UUID",
                      "Duplicate uuid '"
                          + uuid
                          + "' for event '"
                          + eventName
                          + "': an occurrence with this uuid was already accepted")));
        }
      }
    }
    if (!dups.isEmpty()) {
      if (mode == BatchFailureMode.WHOLE_BATCH) {
        for (int i : reserved) {
          JsonNode item = items.get(i);
          ledger.releaseUuid(item.get("eventName").asText(), item.get("uuid").asText());
        }
        occurrencesDiscarded.add(n - dups.size());
        return batchFailure(requestId, batch, n, dups, mode);
      }
      bad.putAll(dups);
    }

    // 3. Record.
    Instant receivedAt = Instant.ofEpochMilli(now);
    boolean bodies = ledger.recordsBodies();
    for (int i = 0; i < n; i++) {
      if (skip[i]) {
        continue;
      }
      JsonNode item = items.get(i);
      JsonNode u = item.get("uuid");
      ledger.record(
          new Occurrence(
              ledger.nextSeq(),
              requestId,
              receivedAt,
              path,
              batch ? i : -1,
              item.get("eventName").asText(),
              u == null || u.isNull() ? null : u.asText(),
              bodies ? item : null));
    }
    if (bad.isEmpty()) {
      return Outcome.noContent();
    }
    return batchFailure(requestId, batch, n, bad, mode);
  }

  private Outcome batchFailure(
      String requestId, boolean batch, int n, TreeMap<Integer, List<Violation>> bad, BatchFailureMode mode) {
    List<Violation> all = new ArrayList<>();
    bad.values().forEach(all::addAll);
    if (!batch) {
      return validationFailure(requestId, "Invalid input", all, null);
    }
    Map<String, List<String>> extra = new LinkedHashMap<>();
    List<String> failed = new ArrayList<>();
    bad.keySet().forEach(i -> failed.add(Integer.toString(i)));
    extra.put("failedInputs", failed);
    switch (mode) {
      case WHOLE_BATCH:
        return validationFailure(
            requestId,
            "Invalid input (" + bad.size() + " of " + n + " inputs failed; nothing was recorded)",
            all,
            extra);
      case BAD_ITEMS_ONLY:
        return validationFailure(
            requestId,
            "Invalid input ("
                + bad.size()
                + " of "
                + n
                + " inputs failed and were not recorded; the other "
                + (n - bad.size())
                + " were recorded)",
            all,
            extra);
      case BAD_ITEMS_ONLY_207:
        ObjectNode root = mapper.createObjectNode();
        root.put("status", "COMPLETE");
        root.putArray("results");
        root.put("numErrors", bad.size());
        ArrayNode errors = root.putArray("errors");
        bad.forEach(
            (i, vs) -> {
              ObjectNode e = errors.addObject();
              e.put("status", "error");
              e.put("category", "VALIDATION_ERROR");
              e.put("message", joinMessages(vs));
              e.putObject("context").putArray("inputIndex").add(Integer.toString(i));
              ArrayNode details = e.putArray("errors");
              vs.forEach(v -> details.addObject().put("message", v.message()).put("in", v.in()).put("code", v.code()));
            });
        String ts = Instant.ofEpochMilli(clock.millis()).toString();
        root.put("startedAt", ts);
        root.put("completedAt", ts);
        return json(207, root, Map.of());
      default:
        throw new AssertionError(mode);
    }
  }

  private static String joinMessages(List<Violation> vs) {
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(vs.size(), 10);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        sb.append("; ");
      }
      sb.append(vs.get(i).in()).append(": ").append(vs.get(i).message());
    }
    if (vs.size() > shown) {
      sb.append("; (and ").append(vs.size() - shown).append(" more)");
    }
    return sb.toString();
  }

  private Outcome validationFailure(
      String requestId, String summary, List<Violation> vs, Map<String, List<String>> extraContext) {
    ObjectNode root = mapper.createObjectNode();
    root.put("status", "error");
    root.put("category", "VALIDATION_ERROR");
    root.put("message", summary + ": " + joinMessages(vs));
    root.put("correlationId", requestId);
    ObjectNode ctx = root.putObject("context");
    for (Violation v : vs) {
      JsonNode existing = ctx.get(v.in());
      ArrayNode arr = existing == null ? ctx.putArray(v.in()) : (ArrayNode) existing;
      arr.add(v.message());
    }
    if (extraContext != null) {
      extraContext.forEach((k, list) -> list.forEach(ctx.withArray(k)::add));
    }
    ArrayNode errors = root.putArray("errors");
    for (Violation v : vs) {
      errors.addObject().put("message", v.message()).put("in", v.in()).put("code", v.code());
    }
    return json(400, root, Map.of());
  }

  private static byte[] readBody(HttpExchange ex) throws IOException {
    String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
    try (InputStream raw = ex.getRequestBody()) {
      if (enc != null && enc.trim().equalsIgnoreCase("gzip")) {
        try (InputStream in = new GZIPInputStream(raw)) {
          return in.readAllBytes();
        }
      }
      return raw.readAllBytes();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Answers

  private Outcome rateLimitOutcome(RateLimiter.Policy policy, long retryAfterMillis, String requestId) {
    ObjectNode root = mapper.createObjectNode();
    root.put("status", "error");
    root.put("message", "You have reached your " + policy.lower + " limit.");
    root.put("errorType", "RATE_LIMIT");
    root.put("correlationId", requestId);
    root.put("policyName", policy.name());
    Map<String, String> headers = new LinkedHashMap<>();
    if (retryAfterOn429) {
      headers.put("Retry-After", Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)));
    }
    return json(429, root, headers);
  }

  private Outcome faultOutcome(int status, String requestId) {
    switch (status) {
      case 429:
        return rateLimitOutcome(RateLimiter.Policy.TEN_SECONDLY_ROLLING, 10_000, requestId);
      case 477:
        Outcome o =
            error(
                477,
                "MIGRATION_IN_PROGRESS",
                "This account is being migrated between data centers; retry after the Retry-After delay.",
                requestId,
                null);
        return new Outcome(
            o.status, o.contentType, o.body, Map.of("Retry-After", Integer.toString(faults.retryAfter477Seconds())));
      case 423:
        return error(423, "LOCKED", "The resource is locked; wait at least 2 seconds before retrying.", requestId, null);
      case 502:
      case 504:
      case 521:
      case 523:
      case 524:
        String title = status + " " + reason(status);
        String html =
            "<html>\r\n<head><title>"
                + title
                + "</title></head>\r\n<body>\r\n<center><h1>"
                + title
                + "</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
        return new Outcome(status, "text/html", html.getBytes(StandardCharsets.UTF_8), Map.of());
      case 500:
        return error(500, "INTERNAL_ERROR", "An internal error occurred.", requestId, null);
      case 503:
        return error(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.", requestId, null);
      case 400:
        return error(400, "VALIDATION_ERROR", "Scripted validation error.", requestId, null);
      case 401:
        return error(401, "INVALID_AUTHENTICATION", "The access token provided is not valid.", requestId, null);
      case 403:
        return error(403, "MISSING_SCOPES", "Scripted missing scopes.", requestId, Map.of("missingScopes", List.of(SEND_SCOPE)));
      default:
        return error(status, "ERROR", "Scripted answer " + status + ".", requestId, null);
    }
  }

  private static String reason(int status) {
    switch (status) {
      case 502:
        return "Bad Gateway";
      case 504:
        return "Gateway Time-out";
      case 521:
        return "Web Server Is Down";
      case 523:
        return "Origin Is Unreachable";
      case 524:
        return "A Timeout Occurred";
      default:
        return "Error";
    }
  }

  private Outcome error(int status, String category, String message, String requestId, Map<String, List<String>> context) {
    ObjectNode root = mapper.createObjectNode();
    root.put("status", "error");
    root.put("category", category);
    root.put("message", message);
    root.put("correlationId", requestId);
    if (context != null) {
      ObjectNode ctx = root.putObject("context");
      context.forEach((k, list) -> list.forEach(ctx.withArray(k)::add));
    }
    return json(status, root, Map.of());
  }

  private Outcome json(int status, JsonNode body, Map<String, String> headers) {
    try {
      return new Outcome(status, "application/json;charset=utf-8", mapper.writeValueAsBytes(body), headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void rateHeaders(Headers h, RateLimiter.Decision d) {
    if (d.tenSecondlyMax > 0) {
      h.set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
      h.set("X-HubSpot-RateLimit-Max", Integer.toString(d.tenSecondlyMax));
      h.set("X-HubSpot-RateLimit-Remaining", Integer.toString(d.tenSecondlyRemaining));
    }
    if (d.secondlyMax > 0) {
      h.set("X-HubSpot-RateLimit-Secondly", Integer.toString(d.secondlyMax));
      h.set("X-HubSpot-RateLimit-Secondly-Remaining", Integer.toString(d.secondlyRemaining));
    }
    if (d.dailyMax > 0) {
      h.set("X-HubSpot-RateLimit-Daily", Long.toString(d.dailyMax));
      h.set("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(d.dailyRemaining));
    }
  }

  private void respond(HttpExchange ex, Outcome o) throws IOException {
    byStatus.computeIfAbsent(o.status, k -> new LongAdder()).increment();
    Headers h = ex.getResponseHeaders();
    o.headers.forEach(h::set);
    try {
      if (o.body == null || o.body.length == 0) {
        ex.sendResponseHeaders(o.status, -1);
      } else {
        h.set("Content-Type", o.contentType);
        ex.sendResponseHeaders(o.status, o.body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(o.body);
        }
      }
    } finally {
      ex.close();
    }
  }

  /** Closes the connection without an answer (unread request bytes make the kernel send a RST). */
  private void abort(HttpExchange ex) {
    byStatus.computeIfAbsent(0, k -> new LongAdder()).increment();
    ex.close();
  }

  // ---------------------------------------------------------------------------------------------
  // OAuth

  private void handleToken(HttpExchange ex, boolean v1, String method, String requestId) throws IOException {
    Scripted s = tokenScript.poll();
    if (s != null) {
      faultsInjected.computeIfAbsent("TOKEN_" + s, k -> new LongAdder()).increment();
      respond(ex, faultOutcome(s.status(), requestId));
      return;
    }
    if (!"POST".equals(method)) {
      respond(ex, error(405, "error", "Method " + method + " is not allowed; use POST", requestId, null));
      return;
    }
    Map<String, String> form = parseQuery(new String(readBody(ex), StandardCharsets.UTF_8));
    String grant = form.get("grant_type");
    String clientId = form.get("client_id");
    String secret = form.get("client_secret");
    String refresh = form.get("refresh_token");
    if (grant == null || grant.isEmpty()) {
      respond(ex, oauthError(v1, 400, "BAD_GRANT_TYPE", "invalid_request", "missing grant_type", requestId));
      return;
    }
    if (!"refresh_token".equals(grant)) {
      respond(
          ex,
          oauthError(
              v1, 400, "BAD_GRANT_TYPE", "unsupported_grant_type", "unsupported grant_type '" + grant + "'", requestId));
      return;
    }
    if (clientId == null || !clientSecrets.containsKey(clientId)) {
      respond(ex, oauthError(v1, 401, "BAD_CLIENT_ID", "invalid_client", "missing or unknown client id", requestId));
      return;
    }
    if (secret == null || !clientSecrets.get(clientId).equals(secret)) {
      respond(
          ex,
          oauthError(v1, 401, "BAD_CLIENT_SECRET", "invalid_client", "client secret does not match the client id", requestId));
      return;
    }
    RefreshToken rt = refresh == null ? null : refreshTokens.get(refresh);
    if (rt == null || !rt.clientId.equals(clientId)) {
      respond(
          ex, oauthError(v1, 400, "BAD_REFRESH_TOKEN", "invalid_grant", "missing or unknown refresh token", requestId));
      return;
    }
    String accessToken = "sim-oauth-" + UUID.randomUUID();
    tokens.put(accessToken, new TokenInfo(rt.scopes, clock.millis() + accessTokenTtlSeconds * 1000));
    tokensIssued.increment();
    ObjectNode body = mapper.createObjectNode();
    body.put("token_type", "bearer");
    body.put("refresh_token", refresh);
    body.put("access_token", accessToken);
    body.put("expires_in", accessTokenTtlSeconds);
    respond(ex, json(200, body, Map.of("Cache-Control", "no-store")));
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
      return json(400, body, Map.of());
    }
    body.put("error", rfcError);
    body.put("error_description", description);
    return json(rfcStatus, body, Map.of("Cache-Control", "no-store"));
  }

  static Map<String, String> parseQuery(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    if (q == null || q.isEmpty()) {
      return out;
    }
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // /_sim endpoints (no authentication)

  private void handleSim(HttpExchange ex, String path, String method) throws IOException {
    Map<String, String> q = parseQuery(ex.getRequestURI().getRawQuery());
    String id = "sim";
    switch (method + " " + path) {
      case "GET /_sim/ledger":
        {
          String eventName = q.get("eventName");
          String uuid = q.get("uuid");
          int limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : Integer.MAX_VALUE;
          int offset = q.containsKey("offset") ? Integer.parseInt(q.get("offset")) : 0;
          ArrayNode arr = mapper.createArrayNode();
          int skipped = 0;
          for (Occurrence o : ledger.occurrences()) {
            if (arr.size() >= limit) {
              break;
            }
            if ((eventName != null && !eventName.equals(o.eventName())) || (uuid != null && !uuid.equals(o.uuid()))) {
              continue;
            }
            if (skipped++ < offset) {
              continue;
            }
            arr.add(toJson(o));
          }
          respondSim(ex, json(200, arr, Map.of()));
          return;
        }
      case "GET /_sim/stats":
        respondSim(ex, json(200, statsJson(stats()), Map.of()));
        return;
      case "POST /_sim/reset":
        readBody(ex);
        reset();
        respondSim(ex, Outcome.noContent());
        return;
      case "POST /_sim/fail-next":
        readBody(ex);
        failNext(Integer.parseInt(q.getOrDefault("count", "1")), Integer.parseInt(q.getOrDefault("status", "503")));
        respondSim(ex, Outcome.noContent());
        return;
      default:
        respondSim(ex, error(404, "OBJECT_NOT_FOUND", "No such endpoint: " + method + " " + path, id, null));
    }
  }

  private void respondSim(HttpExchange ex, Outcome o) throws IOException {
    Headers h = ex.getResponseHeaders();
    o.headers.forEach(h::set);
    try {
      if (o.body == null) {
        ex.sendResponseHeaders(o.status, -1);
      } else {
        h.set("Content-Type", o.contentType);
        ex.sendResponseHeaders(o.status, o.body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(o.body);
        }
      }
    } finally {
      ex.close();
    }
  }

  ObjectNode toJson(Occurrence o) {
    ObjectNode n = mapper.createObjectNode();
    n.put("seq", o.seq());
    n.put("requestId", o.requestId());
    n.put("receivedAt", o.receivedAt().toString());
    n.put("path", o.path());
    n.put("batchIndex", o.batchIndex());
    n.put("eventName", o.eventName());
    n.put("uuid", o.uuid());
    n.set("completion", o.completion());
    return n;
  }

  ObjectNode statsJson(SimStats s) {
    ObjectNode n = mapper.createObjectNode();
    n.put("requests", s.requests());
    ObjectNode bs = n.putObject("requestsByStatus");
    s.requestsByStatus().forEach((k, v) -> bs.put(Integer.toString(k), v));
    n.put("sendRequests", s.sendRequests());
    n.put("occurrencesAccepted", s.occurrencesAccepted());
    n.put("occurrencesInvalid", s.occurrencesInvalid());
    n.put("occurrencesDiscarded", s.occurrencesDiscarded());
    n.put("duplicatesRefused", s.duplicatesRefused());
    putCounts(n.putObject("acceptedByEventName"), s.acceptedByEventName());
    putCounts(n.putObject("rateLimitedByPolicy"), s.rateLimitedByPolicy());
    putCounts(n.putObject("faultsInjected"), s.faultsInjected());
    n.put("tokenRequests", s.tokenRequests());
    n.put("tokensIssued", s.tokensIssued());
    putCounts(n.putObject("duplicatesRefusedByUuid"), s.duplicatesRefusedByUuid());
    return n;
  }

  private static void putCounts(ObjectNode n, Map<String, Long> m) {
    m.forEach(n::put);
  }

  // ---------------------------------------------------------------------------------------------
  // Builder

  /** Configuration; {@link #start()} binds the port and starts serving. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private Clock clock = Clock.systemUTC();
    private int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private final Map<String, TokenInfo> tokens = new LinkedHashMap<>();
    private final Map<String, String> clientSecrets = new LinkedHashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new LinkedHashMap<>();
    private Duration accessTokenTtl = Duration.ofSeconds(1800);
    private final Map<String, EventDefinition> definitions = new LinkedHashMap<>();
    private UnknownMode unknownEvents = UnknownMode.REJECT;
    private UnknownMode unknownProperties = UnknownMode.REJECT;
    private Long portalId;
    private int maxBatchSize = 500;
    private BatchFailureMode batchFailureMode = BatchFailureMode.WHOLE_BATCH;
    private DuplicateUuidMode duplicateUuidMode = DuplicateUuidMode.DROP;
    private boolean retryAfterOn429;
    private int tenSecondlyMax = 12_500;
    private int secondlyMax = 1_250;
    private long dailyMax = 1_000_000;
    private ZoneId dailyZone = ZoneOffset.UTC;
    private Faults faults = Faults.none();
    private boolean recordBodies = true;

    private Builder() {}

    /** Interface to bind, default 127.0.0.1. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Port, default 0 (a free port). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Clock for rate windows, token expiry, the daily reset and ledger times (see {@link ManualClock}). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Handler threads, default max(4, 2 x cores). */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * A static access token (private app / service key). Without scopes it has {@value #SEND_SCOPE};
     * with scopes it has exactly those (pass e.g. {@code "crm.objects.contacts.read"} for a 403).
     * When no token and no OAuth client is configured, {@value #DEFAULT_TOKEN} is accepted.
     */
    public Builder token(String token, String... scopes) {
      tokens.put(token, new TokenInfo(scopeSet(scopes), Long.MAX_VALUE));
      return this;
    }

    /** An OAuth access token valid (with the send scope) until {@code expiresAt} by the injected clock. */
    public Builder accessToken(String token, Instant expiresAt) {
      tokens.put(token, new TokenInfo(Set.of(SEND_SCOPE), expiresAt.toEpochMilli()));
      return this;
    }

    /**
     * An OAuth app that may refresh with {@code refreshToken}; issued access tokens have the given scopes
     * (default {@value #SEND_SCOPE}). Call again with the same client to add refresh tokens.
     */
    public Builder oauthClient(String clientId, String clientSecret, String refreshToken, String... scopes) {
      clientSecrets.put(clientId, clientSecret);
      refreshTokens.put(refreshToken, new RefreshToken(clientId, scopeSet(scopes)));
      return this;
    }

    /** Lifetime of access tokens issued by the token endpoints ({@code expires_in}), default 1800 s. */
    public Builder accessTokenTtl(Duration ttl) {
      this.accessTokenTtl = ttl;
      return this;
    }

    /** Adds known event definitions (see {@link EventDefinition}). */
    public Builder eventDefinitions(Collection<EventDefinition> defs) {
      defs.forEach(d -> definitions.put(d.name(), d));
      return this;
    }

    public Builder eventDefinition(EventDefinition def) {
      definitions.put(def.name(), def);
      return this;
    }

    /** Loads definitions from a JSON file (see {@link EventDefinition#load(Path)}). */
    public Builder eventDefinitionsFile(Path file) {
      try {
        return eventDefinitions(EventDefinition.load(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** With definitions: what an undefined event name does (default REJECT). Ignored without definitions. */
    public Builder unknownEvents(UnknownMode mode) {
      this.unknownEvents = mode;
      return this;
    }

    /** With definitions: what an undefined property does (default REJECT). hs_* defaults are always known. */
    public Builder unknownProperties(UnknownMode mode) {
      this.unknownProperties = mode;
      return this;
    }

    /** When set, event names must be {@code pe<portalId>_<lower-case name>} (off by default). */
    public Builder portalId(long portalId) {
      this.portalId = portalId;
      return this;
    }

    /** Largest batch accepted, default 500. */
    public Builder maxBatchSize(int max) {
      this.maxBatchSize = max;
      return this;
    }

    public Builder batchFailureMode(BatchFailureMode mode) {
      this.batchFailureMode = mode;
      return this;
    }

    public Builder duplicateUuidMode(DuplicateUuidMode mode) {
      this.duplicateUuidMode = mode;
      return this;
    }

    /** Whether 429 answers carry Retry-After (seconds until the window frees; default false). */
    public Builder retryAfterOn429(boolean on) {
      this.retryAfterOn429 = on;
      return this;
    }

    /** Max requests per rolling 10 s (header X-HubSpot-RateLimit-Max); default 12,500; 0 = unlimited. */
    public Builder tenSecondlyLimit(int max) {
      this.tenSecondlyMax = max;
      return this;
    }

    /** Max requests per rolling second; default 1,250; 0 = unlimited. */
    public Builder secondlyLimit(int max) {
      this.secondlyMax = max;
      return this;
    }

    /** Max requests per day; default 1,000,000; 0 = unlimited. */
    public Builder dailyLimit(long max) {
      this.dailyMax = max;
      return this;
    }

    /** Zone whose midnight resets the daily limit; default UTC. */
    public Builder dailyLimitZone(ZoneId zone) {
      this.dailyZone = zone;
      return this;
    }

    /** Disables all three limits (and their headers), for benchmarks. */
    public Builder noRateLimits() {
      this.tenSecondlyMax = 0;
      this.secondlyMax = 0;
      this.dailyMax = 0;
      return this;
    }

    public Builder faults(Faults faults) {
      this.faults = faults;
      return this;
    }

    /** false: keep counts only, not occurrence bodies (for benchmarks). Default true. */
    public Builder recordBodies(boolean record) {
      this.recordBodies = record;
      return this;
    }

    /** Binds and starts serving. */
    public LocalHubSpot start() {
      LocalHubSpot sim = new LocalHubSpot(this);
      try {
        synchronized (sim.lifecycle) {
          sim.bind();
        }
      } catch (IOException e) {
        sim.close();
        throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
      }
      return sim;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Command line

  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -cp <classpath> io.github.connecthubspot.events.hubspot.LocalHubSpot [options]",
          "  --host H                      interface (default 127.0.0.1)",
          "  --port N                      port (default 0: a free port)",
          "  --threads N                   handler threads",
          "  --token T[=scope,scope]       accepted bearer token, repeatable (default scope "
              + SEND_SCOPE
              + ";",
          "                                'T=' has no scope -> 403); default token " + DEFAULT_TOKEN,
          "  --oauth-client ID:SECRET:REFRESH_TOKEN   OAuth app for /oauth/v1/token and /oauth/2026-03/token",
          "  --access-token-ttl SECONDS    expires_in of issued tokens (default 1800)",
          "  --events FILE                 known event definitions (JSON)",
          "  --unknown-events accept|reject, --unknown-properties accept|reject   (default reject, with --events)",
          "  --portal-id N                 require eventName pe<N>_<lower-case name>",
          "  --max-batch N                 default 500",
          "  --batch-failure whole-batch|bad-items-only|bad-items-only-207   (default whole-batch)",
          "  --duplicate-uuid drop|reject  (default drop)",
          "  --retry-after-on-429 true|false (default false)",
          "  --ten-secondly N --secondly N --daily N   limits, 0 = unlimited (default 12500, 1250, 1000000)",
          "  --daily-zone ZONE             midnight of this zone resets the daily limit (default UTC)",
          "  --no-rate-limits",
          "  --seed N                      seed of random faults (default 0)",
          "  --fault STATUS=SHARE          e.g. --fault 503=0.05, repeatable",
          "  --reset-share X  --delay-share X  --delay-ms N  --accept-then-fail-share X",
          "  --accept-then-fail-status N (default 502)  --accept-then-reset-share X  --retry-after-477 SECONDS",
          "  --counts-only                 do not keep occurrence bodies in the ledger",
          "  --help");

  /** Parses command-line options into a builder (for {@link #main} and tests). */
  static Builder parseArgs(String... args) {
    Builder b = builder();
    long seed = 0;
    Map<Integer, Double> statusShares = new LinkedHashMap<>();
    double resetShare = 0;
    double delayShare = 0;
    long delayMs = 5000;
    double atfShare = 0;
    int atfStatus = 502;
    double atrShare = 0;
    int retry477 = 3;
    for (int i = 0; i < args.length; i++) {
      String opt = args[i];
      String val = null;
      int eq = opt.indexOf('=');
      if (opt.startsWith("--") && eq > 0 && !opt.startsWith("--token") && !opt.startsWith("--fault")) {
        val = opt.substring(eq + 1);
        opt = opt.substring(0, eq);
      }
      switch (opt) {
        case "--help":
        case "-h":
          throw new IllegalArgumentException(USAGE);
        case "--no-rate-limits":
          b.noRateLimits();
          continue;
        case "--counts-only":
          b.recordBodies(false);
          continue;
        default:
          break;
      }
      if (val == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value for " + opt + "\n" + USAGE);
        }
        val = args[++i];
      }
      switch (opt) {
        case "--host":
          b.host(val);
          break;
        case "--port":
          b.port(Integer.parseInt(val));
          break;
        case "--threads":
          b.threads(Integer.parseInt(val));
          break;
        case "--token":
          {
            int e = val.indexOf('=');
            if (e < 0) {
              b.token(val);
            } else {
              String scopes = val.substring(e + 1);
              b.token(val.substring(0, e), scopes.isEmpty() ? new String[] {""} : scopes.split(","));
            }
            break;
          }
        case "--oauth-client":
          {
            String[] parts = val.split(":", 3);
            if (parts.length != 3) {
              throw new IllegalArgumentException("--oauth-client wants ID:SECRET:REFRESH_TOKEN, got " + val);
            }
            b.oauthClient(parts[0], parts[1], parts[2]);
            break;
          }
        case "--access-token-ttl":
          b.accessTokenTtl(Duration.ofSeconds(Long.parseLong(val)));
          break;
        case "--events":
          b.eventDefinitionsFile(Path.of(val));
          break;
        case "--unknown-events":
          b.unknownEvents(UnknownMode.valueOf(enumName(val)));
          break;
        case "--unknown-properties":
          b.unknownProperties(UnknownMode.valueOf(enumName(val)));
          break;
        case "--portal-id":
          b.portalId(Long.parseLong(val));
          break;
        case "--max-batch":
          b.maxBatchSize(Integer.parseInt(val));
          break;
        case "--batch-failure":
          b.batchFailureMode(BatchFailureMode.valueOf(enumName(val)));
          break;
        case "--duplicate-uuid":
          b.duplicateUuidMode(DuplicateUuidMode.valueOf(enumName(val)));
          break;
        case "--retry-after-on-429":
          b.retryAfterOn429(Boolean.parseBoolean(val));
          break;
        case "--ten-secondly":
          b.tenSecondlyLimit(Integer.parseInt(val));
          break;
        case "--secondly":
          b.secondlyLimit(Integer.parseInt(val));
          break;
        case "--daily":
          b.dailyLimit(Long.parseLong(val));
          break;
        case "--daily-zone":
          b.dailyLimitZone(ZoneId.of(val));
          break;
        case "--seed":
          seed = Long.parseLong(val);
          break;
        case "--fault":
          {
            String[] kv = val.split("=", 2);
            if (kv.length != 2) {
              throw new IllegalArgumentException("--fault wants STATUS=SHARE, got " + val);
            }
            statusShares.merge(Integer.parseInt(kv[0]), Double.parseDouble(kv[1]), Double::sum);
            break;
          }
        case "--reset-share":
          resetShare = Double.parseDouble(val);
          break;
        case "--delay-share":
          delayShare = Double.parseDouble(val);
          break;
        case "--delay-ms":
          delayMs = Long.parseLong(val);
          break;
        case "--accept-then-fail-share":
          atfShare = Double.parseDouble(val);
          break;
        case "--accept-then-fail-status":
          atfStatus = Integer.parseInt(val);
          break;
        case "--accept-then-reset-share":
          atrShare = Double.parseDouble(val);
          break;
        case "--retry-after-477":
          retry477 = Integer.parseInt(val);
          break;
        default:
          throw new IllegalArgumentException("Unknown option " + opt + "\n" + USAGE);
      }
    }
    Faults f = Faults.seeded(seed).retryAfter477Seconds(retry477);
    statusShares.forEach(f::status);
    f.reset(resetShare).delay(delayShare, Duration.ofMillis(delayMs)).acceptThenFail(atfShare, atfStatus);
    f.acceptThenReset(atrShare);
    b.faults(f);
    return b;
  }

  private static String enumName(String s) {
    return s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** Starts from command-line options; prints the base URL; runs until killed. */
  public static void main(String[] args) throws InterruptedException {
    Builder b;
    try {
      b = parseArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0])) ? 0 : 2);
      return;
    }
    LocalHubSpot sim = b.start();
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "local-hubspot-shutdown"));
    System.out.println("LocalHubSpot listening on " + sim.baseUrl());
    System.out.println(
        "Tokens: " + String.join(", ", sim.tokens.keySet()) + " | faults: " + sim.faults + " | batch failure: "
            + sim.batchFailureMode + " | duplicate uuid: " + sim.duplicateUuidMode);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
