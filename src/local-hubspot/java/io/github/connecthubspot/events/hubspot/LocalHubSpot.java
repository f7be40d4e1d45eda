package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local HubSpot-compatible custom behavioral events endpoint for tests, benchmarks and the quickstart,
 * in process or as {@code java -jar local-hubspot-<version>.jar}. See {@code docs/local-hubspot.md}.
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
 * → ledger → 204 ({@link SendEndpoint}). The OAuth token endpoints are in {@link Authentication}, the
 * {@code /_sim} routes in {@link AdminRoutes}, the command line in {@link CommandLine}.
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

  /**
   * By which name {@code GET .../event-definitions/{eventName}} finds a definition (HubSpot's choice
   * is unconfirmed): the fully qualified {@code pe<portalId>_<name>}, the short {@code name}, or both.
   */
  public enum DefinitionNames {
    BOTH,
    FULL,
    SHORT
  }

  /** Behaviour for an event name / property missing from the configured definitions. */
  public enum UnknownMode {
    ACCEPT,
    REJECT
  }

  private final Ledger ledger;
  private final RateLimiter rateLimiter;
  private final Switches switches;
  private final SimCounters counters = new SimCounters();
  private final Answers answers;
  private final Authentication authentication;
  private final SendEndpoint send;
  private final SimServer server;

  private LocalHubSpot(Builder b) {
    ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.ledger = new Ledger(b.recordBodies);
    this.rateLimiter = new RateLimiter(b.tenSecondlyMax, b.secondlyMax, b.dailyMax, b.dailyZone);
    this.switches = new Switches(b.faults, b.batchFailureMode, b.duplicateUuidMode, b.retryAfterOn429);
    this.switches.definitionsScope = b.definitionsScope;
    this.switches.definitionNames = b.definitionNames;
    this.switches.disabledPaths = List.copyOf(b.disabledPaths);
    this.answers = new Answers(mapper, b.clock, switches);
    this.authentication =
        new Authentication(
            b.tokens, b.clientSecrets, b.refreshTokens, b.accessTokenTtl, b.clock, mapper, answers, counters);
    this.server = new SimServer(b.host, b.port, b.threads);
    CompletionValidator validator =
        new CompletionValidator(
            b.definitions.values(),
            b.unknownEvents == UnknownMode.REJECT,
            b.unknownProperties == UnknownMode.REJECT,
            b.portalId);
    this.send =
        new SendEndpoint(
            b.clock,
            mapper,
            validator,
            ledger,
            rateLimiter,
            b.maxBatchSize,
            switches,
            authentication,
            answers,
            counters,
            server.executor(),
            server.delayer());
    DefinitionsEndpoint definitions =
        new DefinitionsEndpoint(b.definitions, authentication, answers, switches, counters, mapper, b.clock);
    server.start(new Router(send, definitions, switches, authentication, new AdminRoutes(this, mapper, answers),
        answers, counters));
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /** Base URL, e.g. {@code http://127.0.0.1:41234} (no trailing slash). Stable across down/up. */
  public String baseUrl() {
    return server.baseUrl();
  }

  public int port() {
    return server.port();
  }

  /** Stops listening: new connections are refused and open ones are closed. The port is kept. */
  public void down() {
    server.down();
  }

  /** Listens again on the same port after {@link #down()}. */
  public void up() {
    server.up();
  }

  public boolean isUp() {
    return server.isUp();
  }

  @Override
  public void close() {
    server.close();
  }

  // ---------------------------------------------------------------------------------------------
  // In-process API

  public Ledger ledger() {
    return ledger;
  }

  public SimStats stats() {
    return counters.snapshot(ledger);
  }

  /** When occurrences were accepted and how long after their occurredAt (also in {@code /_sim/stats}). */
  AcceptanceLatency.Snapshot acceptance() {
    return counters.acceptance.snapshot();
  }

  /**
   * Forgets every occurrence, counter, remembered uuid, rate-limit window and queued scripted answer,
   * and rewinds the random faults to their seed. Tokens (including issued OAuth tokens) and settings stay.
   */
  public void reset() {
    ledger.clear();
    rateLimiter.clear();
    send.clearScript();
    authentication.clearScript();
    switches.faults.rewind();
    counters.reset();
  }

  /** The next {@code count} send requests are answered {@code status} (see {@link Scripted#status(int)}). */
  public LocalHubSpot failNext(int count, int status) {
    for (int i = 0; i < count; i++) {
      send.script(Scripted.status(status));
    }
    return this;
  }

  /** Queues scripted answers for the next send requests, one each, in order. */
  public LocalHubSpot script(Scripted... answers) {
    send.script(answers);
    return this;
  }

  /** Scripted answers still queued. */
  public int scriptedRemaining() {
    return send.scriptedRemaining();
  }

  /** The next {@code count} OAuth token requests are answered {@code status} (JSON error body). */
  public LocalHubSpot failNextTokenRequests(int count, int status) {
    authentication.failNextTokenRequests(count, status);
    return this;
  }

  /** Replaces the random faults (e.g. {@link Faults#none()} to stop them). */
  public LocalHubSpot faults(Faults f) {
    switches.faults = f;
    return this;
  }

  public LocalHubSpot batchFailureMode(BatchFailureMode mode) {
    switches.batchFailureMode = mode;
    return this;
  }

  public LocalHubSpot duplicateUuidMode(DuplicateUuidMode mode) {
    switches.duplicateUuidMode = mode;
    return this;
  }

  public LocalHubSpot retryAfterOn429(boolean on) {
    switches.retryAfterOn429 = on;
    return this;
  }

  /** Whether tokens may read event definitions; false answers them 403 MISSING_SCOPES. */
  public LocalHubSpot definitionsScope(boolean granted) {
    switches.definitionsScope = granted;
    return this;
  }

  /** By which names definitions are found. */
  public LocalHubSpot definitionNames(DefinitionNames names) {
    switches.definitionNames = names;
    return this;
  }

  /**
   * Answers 404 to every path starting with one of {@code prefixes}, as a HubSpot without them would
   * (e.g. {@code "/events/2026-03/"} leaves only the {@code /events/custom/2026-03/} variant). None
   * replaces the list.
   */
  public LocalHubSpot disablePaths(String... prefixes) {
    switches.disabledPaths = List.of(prefixes);
    return this;
  }

  /** Requests to the event-definitions paths since the start (or the last reset). */
  public long definitionRequests() {
    return counters.definitionRequests.sum();
  }

  /** Adds a static token (private app / service key) at runtime. */
  public LocalHubSpot addToken(String token, String... scopes) {
    authentication.addToken(token, Authentication.TokenInfo.forever(scopes));
    return this;
  }

  /** Adds an OAuth access token expiring at {@code expiresAt} (injected clock), with the send scope. */
  public LocalHubSpot addAccessToken(String token, Instant expiresAt) {
    authentication.addToken(token, Authentication.TokenInfo.sendScopeUntil(expiresAt));
    return this;
  }

  /** Forgets a refresh token (later refreshes with it fail with invalid_grant / BAD_REFRESH_TOKEN). */
  public LocalHubSpot revokeRefreshToken(String refreshToken) {
    authentication.revokeRefreshToken(refreshToken);
    return this;
  }

  List<String> tokenNames() {
    return authentication.tokenNames();
  }

  Switches switches() {
    return switches;
  }

  // ---------------------------------------------------------------------------------------------
  // Command line

  /** Parses command-line options into a builder (see {@link CommandLine}). */
  static Builder parseArgs(String... args) {
    return CommandLine.parse(args);
  }

  /** Starts from command-line options ({@code --help} lists them); prints the base URL; runs until killed. */
  public static void main(String[] args) throws InterruptedException {
    CommandLine.run(args, System.out, System.err);
  }

  // ---------------------------------------------------------------------------------------------
  // Builder

  /** Configuration; {@link #start()} binds the port and starts serving. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private Clock clock = Clock.systemUTC();
    private int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private final Map<String, Authentication.TokenInfo> tokens = new LinkedHashMap<>();
    private final Map<String, String> clientSecrets = new LinkedHashMap<>();
    private final Map<String, Authentication.RefreshToken> refreshTokens = new LinkedHashMap<>();
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
    private boolean definitionsScope = true;
    private DefinitionNames definitionNames = DefinitionNames.BOTH;
    private final List<String> disabledPaths = new java.util.ArrayList<>();

    private Builder() {}

    /** Whether tokens may read event definitions (default true); false answers them 403 MISSING_SCOPES. */
    public Builder definitionsScope(boolean granted) {
      this.definitionsScope = granted;
      return this;
    }

    /** By which names definitions are found (default both). */
    public Builder definitionNames(DefinitionNames names) {
      this.definitionNames = names;
      return this;
    }

    /** Answers 404 to every path starting with {@code prefix} (see {@link LocalHubSpot#disablePaths}). */
    public Builder disablePath(String prefix) {
      this.disabledPaths.add(prefix);
      return this;
    }

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
      tokens.put(token, Authentication.TokenInfo.forever(scopes));
      return this;
    }

    /** An OAuth access token valid (with the send scope) until {@code expiresAt} by the injected clock. */
    public Builder accessToken(String token, Instant expiresAt) {
      tokens.put(token, Authentication.TokenInfo.sendScopeUntil(expiresAt));
      return this;
    }

    /**
     * An OAuth app that may refresh with {@code refreshToken}; issued access tokens have the given scopes
     * (default {@value #SEND_SCOPE}). Call again with the same client to add refresh tokens.
     */
    public Builder oauthClient(String clientId, String clientSecret, String refreshToken, String... scopes) {
      clientSecrets.put(clientId, clientSecret);
      refreshTokens.put(refreshToken, new Authentication.RefreshToken(clientId, Authentication.scopeSet(scopes)));
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
      return new LocalHubSpot(this);
    }
  }
}
