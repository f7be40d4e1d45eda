package io.github.connecthubspot.events.client;

import io.github.connecthubspot.events.model.ApiVersion;
import io.github.connecthubspot.events.model.Occurrence;
import io.github.connecthubspot.events.model.HubSpotError;
import io.github.connecthubspot.events.model.RequestJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HubSpotClient} on Apache HttpClient 5 (classic API, pooled connections). Automatic retries
 * are off: the delivery step decides what to retry, from the {@link FailureKind} of each failure.
 *
 * <p><b>Bounds.</b> The request timeout is a deadline for the whole request (lease, connect, send,
 * answer and its body), enforced by a timer that aborts the request, not only a per-read timeout:
 * a body that trickles in a byte at a time cannot hold a sender thread. Of any body, 2xx or not,
 * at most {@link #MAX_BODY_BYTES} are read; a longer body is cut there and its connection closed,
 * not drained for reuse. Every string of an answer is redacted and capped as it is parsed ({@link
 * AnswerParser}).
 *
 * <p><b>2xx answers.</b> HubSpot documents 204 with no body for the send endpoints, and no
 * multi-status answer, so a 2xx body is read and judged conservatively:
 *
 * <ul>
 *   <li>no body, a body that is not a JSON object (not JSON, an array, text), or an object that
 *       reports no errors: every input was accepted;
 *   <li>an object that reports errors ({@code errors} not empty, {@code numErrors > 0}, {@code
 *       status: error}, or a {@code category}) and attributes each of them to inputs of the
 *       request by its structured fields ({@link InputAttribution}, e.g. a 207 with {@code
 *       context.inputIndex}): those inputs are refused ({@link SendResult#refusedInputs()}, the
 *       delivery step reports them as for a 400) and the others count as accepted, so they are
 *       not sent again;
 *   <li>an object that reports errors it does not attribute (or fewer than its {@code numErrors}),
 *       or a 2xx body longer than {@link #MAX_BODY_BYTES} (cut, so errors cannot be ruled out): a
 *       {@link FailureKind#BAD_REQUEST} of the whole request. The delivery step splits the batch
 *       and sends the halves again; occurrences HubSpot had already recorded are then refused or
 *       dropped as duplicate uuids (occurrences without a uuid may be recorded twice: that is the
 *       price of never losing one).
 * </ul>
 */
public final class HttpHubSpotClient implements HubSpotClient {
  private static final Logger log = LoggerFactory.getLogger(HttpHubSpotClient.class);

  public static final String SEND_PATH = ApiVersion.V3.sendPaths().get(0).single();
  public static final String BATCH_PATH = ApiVersion.V3.sendPaths().get(0).batch();
  /**
   * How much of any answer's body is read. HubSpot's error bodies are a few hundred bytes; a
   * multi-status answer for 500 failed inputs fits too.
   */
  static final int MAX_BODY_BYTES = 1024 * 1024;
  /** The longest exception message built from an answer (before " to POST ..."). */
  private static final int MAX_MESSAGE_CHARS = 3_000;
  static final String CORRELATION_ID_HEADER = "X-HubSpot-Correlation-Id";

  private static final byte[] EMPTY_BATCH = "{\"inputs\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final String base;
  private final ApiVersion version;
  /** The send paths of {@link #version} still possible: the first is used; see checkCredentials. */
  private volatile ApiVersion.SendPaths paths;
  private final AccessTokenProvider token;
  private final String userAgent;
  private final long deadlineMs;
  private final CloseableHttpClient http;
  private final ScheduledThreadPoolExecutor deadlines;

  /** Settings of the HTTP connection pool and its timeouts. */
  public static final class Settings {
    final String baseUrl;
    final Duration connectTimeout;
    final Duration requestTimeout;
    final int maxConnections;
    final String userAgent;
    final ApiVersion apiVersion;

    /**
     * @param connectTimeout how long opening a connection may take
     * @param requestTimeout how long a whole request may take, from asking the pool for a
     *     connection to the last byte of the answer (also each read's timeout)
     */
    public Settings(
        String baseUrl,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxConnections,
        String userAgent) {
      this(baseUrl, connectTimeout, requestTimeout, maxConnections, userAgent, ApiVersion.V3);
    }

    /** @param apiVersion whose send paths the client uses */
    public Settings(
        String baseUrl,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxConnections,
        String userAgent,
        ApiVersion apiVersion) {
      this.baseUrl = baseUrl;
      this.connectTimeout = connectTimeout;
      this.requestTimeout = requestTimeout;
      this.maxConnections = maxConnections;
      this.userAgent = userAgent;
      this.apiVersion = apiVersion;
    }
  }

  /** With its own pool, trusting the JVM's default certificate authorities, without a proxy. */
  public HttpHubSpotClient(Settings settings, AccessTokenProvider token) {
    this(settings, token, HttpConnections.create(settings.connectTimeout, settings.requestTimeout,
        settings.maxConnections, TlsSettings.jvmDefaults(), ProxySettings.none()));
  }

  /**
   * With a pool from {@link HttpConnections} (trust store, proxy), which {@link #close()} closes;
   * an OAuth {@code token} provider may share it.
   */
  public HttpHubSpotClient(Settings settings, AccessTokenProvider token, CloseableHttpClient http) {
    String base = settings.baseUrl.endsWith("/")
        ? settings.baseUrl.substring(0, settings.baseUrl.length() - 1)
        : settings.baseUrl;
    this.base = base;
    this.version = settings.apiVersion;
    this.paths = version.sendPaths().get(0);
    this.token = token;
    this.userAgent = settings.userAgent;
    this.deadlineMs = Math.max(1, settings.requestTimeout.toMillis());
    this.http = http;
    this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "hubspot-request-deadline");
      t.setDaemon(true);
      return t;
    });
    this.deadlines.setRemoveOnCancelPolicy(true);
  }

  @Override
  public SendResult send(List<Occurrence> occurrences) throws HubSpotException {
    if (occurrences.isEmpty()) {
      throw new IllegalArgumentException("nothing to send");
    }
    final byte[] body;
    final String url;
    ApiVersion.SendPaths paths = this.paths;
    if (occurrences.size() == 1) {
      url = base + paths.single();
      body = RequestJson.single(occurrences.get(0));
    } else {
      url = base + paths.batch();
      body = RequestJson.join(occurrences);
    }
    String secret = token.accessToken();
    String what = "POST " + path(url) + " of " + occurrences.size() + " occurrence(s)";
    Answer answer = post(url, body, secret, what);
    AnswerParser parser = parser(secret);
    List<String> uuids = new ArrayList<>(occurrences.size());
    occurrences.forEach(c -> uuids.add(c.uuid()));
    if (answer.status >= 200 && answer.status < 300) {
      return success(what, uuids, answer, parser);
    }
    throw failure(what, uuids, answer, parser);
  }

  /**
   * Sends an empty batch, which creates no event: HubSpot checks the token (401) and its scopes
   * (403) before it looks at the body, so any other answer (a 400 for the empty batch, a 2xx) means
   * the credentials passed. Only 401 and 403 are thrown; an answer that says nothing about them (no
   * answer, 429, 5xx) is left for the sends to meet.
   *
   * <p>It also finds the send path of the API version: a 404 means HubSpot has no such path (the
   * dated paths are unconfirmed), so the version's next alternative is tried, once each; the first
   * answered otherwise is used from then on.
   *
   * @throws ApiPathNotFoundException when every send path of the version answered 404
   */
  @Override
  public void checkCredentials() throws HubSpotException {
    List<ApiVersion.SendPaths> candidates = version.sendPaths();
    List<String> missing = new ArrayList<>();
    for (int i = candidates.indexOf(paths); i < candidates.size(); i++) {
      ApiVersion.SendPaths candidate = candidates.get(i);
      String url = base + candidate.batch();
      String secret = token.accessToken();
      String what = "POST " + path(url) + " of an empty batch (the credentials check)";
      Answer answer;
      try {
        answer = post(url, EMPTY_BATCH, secret, what);
      } catch (HubSpotException e) {
        log.debug("The credentials check got no answer: {}", e.getMessage());
        return;
      }
      if (answer.status == 404) {
        log.warn("HubSpot answered 404 to {}: no such path for {}={}", what, ApiVersion.SETTING,
            version.id());
        missing.add(candidate.batch());
        continue;
      }
      if (paths != candidate) {
        log.info("Sending to {} ({}={}): HubSpot has no {}", candidate.batch(),
            ApiVersion.SETTING, version.id(), missing);
        paths = candidate;
      }
      if (answer.status == 401 || answer.status == 403) {
        throw failure(what, List.of(), answer, parser(secret));
      }
      log.debug("The credentials check was answered {}: the credentials passed", answer.status);
      return;
    }
    throw new ApiPathNotFoundException("HubSpot answered 404 (no such path) to POST "
        + String.join(" and ", missing) + ": it does not serve " + ApiVersion.SETTING + "="
        + version.id() + " at " + base + "; set " + ApiVersion.SETTING
        + " to another of " + ApiVersion.ids() + " (or check hubspot.base.url)");
  }

  /** The batch path sends go to now (for tests and logs). */
  String batchPath() {
    return paths.batch();
  }

  /** Reads answers hiding {@code secret} (the token sent) and every other secret of the credentials. */
  private AnswerParser parser(String secret) {
    return new AnswerParser(secret, token.otherSecrets());
  }

  private static String path(String url) {
    return java.net.URI.create(url).getRawPath();
  }

  /** One POST of {@code body}, within the whole-request deadline. */
  private Answer post(String url, byte[] body, String secret, String what) throws HubSpotException {
    HttpPost post = new HttpPost(url);
    post.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + secret);
    post.setHeader(HttpHeaders.ACCEPT, "application/json");
    post.setHeader(HttpHeaders.USER_AGENT, userAgent);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    AtomicBoolean pastDeadline = new AtomicBoolean();
    ScheduledFuture<?> deadline = deadlines.schedule(() -> {
      pastDeadline.set(true);
      post.cancel(); // aborts the request wherever it is: connecting, sending or reading
    }, deadlineMs, TimeUnit.MILLISECONDS);
    final Answer answer;
    try {
      answer = execute(post);
    } catch (IOException e) {
      throw HubSpotException.transport(what + (pastDeadline.get()
          ? " got no complete answer within " + deadlineMs + " ms (the request timeout)"
          : " got no answer"), e);
    } finally {
      deadline.cancel(false);
    }
    return answer;
  }

  /** What a 2xx answer means; see the class comment. */
  private static SendResult success(String what, List<String> uuids, Answer answer,
      AnswerParser parser) throws HubSpotException {
    if (answer.truncated) {
      HubSpotError error = new HubSpotError();
      error.message = "a " + answer.status + " answer's body was longer than " + MAX_BODY_BYTES
          + " bytes: the errors it may report cannot be read";
      error.correlationId = parser.text(answer.correlationId);
      throw exception(FailureKind.BAD_REQUEST, what, answer, error);
    }
    HubSpotError body = parser.parseObject(answer.body);
    if (body == null || !reportsErrors(body)) {
      return new SendResult(answer.status, answer.rateLimit);
    }
    if (body.correlationId == null) {
      body.correlationId = parser.text(answer.correlationId);
    }
    List<HubSpotError.Detail> entries = InputAttribution.entries(body);
    Map<Integer, String> refused = new TreeMap<>();
    for (HubSpotError.Detail entry : entries) {
      Set<Integer> inputs = InputAttribution.inputsOf(entry, uuids);
      if (inputs.isEmpty()) {
        throw exception(FailureKind.BAD_REQUEST, what, answer, body); // cannot tell whose
      }
      for (int i : inputs) {
        refused.putIfAbsent(i, describe(answer.status, body, entry) + " to " + what + " (input "
            + i + ")");
      }
    }
    if (body.numErrors != null && body.numErrors > entries.size()) {
      throw exception(FailureKind.BAD_REQUEST, what, answer, body); // errors it did not list
    }
    log.debug("HubSpot answered {} to {}: {} input(s) refused", answer.status, what,
        refused.size());
    return new SendResult(answer.status, answer.rateLimit, refused);
  }

  private static boolean reportsErrors(HubSpotError body) {
    return (body.errors != null && !body.errors.isEmpty())
        || (body.numErrors != null && body.numErrors > 0)
        || "error".equalsIgnoreCase(body.status)
        || body.category != null;
  }

  /** The failure HubSpot's answer means. */
  private static HubSpotException failure(String what, List<String> uuids, Answer answer,
      AnswerParser parser) {
    HubSpotError error = parser.parse(answer.body);
    if (answer.correlationId != null) {
      if (error == null) {
        error = new HubSpotError();
      }
      if (error.correlationId == null) {
        error.correlationId = parser.text(answer.correlationId);
      }
    }
    FailureKind kind = FailureClassifier.classify(answer.status, error, uuids);
    return exception(kind, what, answer, error);
  }

  private static HubSpotException exception(FailureKind kind, String what, Answer answer,
      HubSpotError error) {
    String message = describe(answer.status, error, null) + " to " + what;
    log.debug("{} ({})", message, kind);
    return new HubSpotException(
        kind, answer.status, error, answer.rateLimit, answer.retryAfterMs, message, null);
  }

  /**
   * "HubSpot answered 400 CATEGORY (policy): message context={..} [correlationId=..]", from the
   * answer's (already redacted and capped) strings; {@code entry}, when given, for one input's error.
   */
  private static String describe(int status, HubSpotError error, HubSpotError.Detail entry) {
    StringBuilder msg = new StringBuilder("HubSpot answered ").append(status);
    if (error != null) {
      String category = entry != null && entry.category != null ? entry.category
          : error.category != null ? error.category : error.errorType;
      if (category != null) {
        msg.append(' ').append(category);
      }
      if (error.policyName != null) {
        msg.append(" (").append(error.policyName).append(')');
      }
      String text = entry != null && entry.message != null ? entry.message : error.message;
      if (text != null) {
        msg.append(": ").append(text);
      }
      if (entry != null && entry.code != null) {
        msg.append(" (").append(entry.code).append(')');
      }
      Map<String, List<String>> context = entry != null ? entry.context : error.context;
      if (context != null && !context.isEmpty()) {
        msg.append(" context=").append(context);
      }
      if (msg.length() > MAX_MESSAGE_CHARS) {
        msg.setLength(MAX_MESSAGE_CHARS);
        msg.append("...");
      }
      if (error.correlationId != null) {
        msg.append(" [correlationId=").append(error.correlationId).append(']');
      }
    }
    return msg.toString();
  }

  /** Sends the request and reads the answer: at most {@link #MAX_BODY_BYTES} of its body. */
  private Answer execute(HttpPost post) throws IOException {
    return BoundedRead.execute(http, post, MAX_BODY_BYTES, (response, body, truncated) -> {
      var correlation = response.getFirstHeader(CORRELATION_ID_HEADER);
      return new Answer(response.getCode(), body, truncated, RateLimitInfo.from(response),
          retryAfter(response), correlation == null ? null : correlation.getValue());
    });
  }

  /** {@code Retry-After} in seconds (HubSpot sends seconds), clamped; an HTTP date is not expected. */
  private static OptionalLong retryAfter(ClassicHttpResponse response) {
    var header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
    long ms = header == null ? -1 : ServerWait.secondsToMs(header.getValue());
    return ms < 0 ? OptionalLong.empty() : OptionalLong.of(ms);
  }

  /** Closes the pool at once: a request still on the wire is aborted (its records are not committed). */
  @Override
  public void close() {
    deadlines.shutdownNow();
    http.close(CloseMode.IMMEDIATE);
  }

  private static final class Answer {
    final int status;
    final byte[] body;
    /** The body was longer than {@link #MAX_BODY_BYTES}: {@link #body} is its beginning. */
    final boolean truncated;
    final RateLimitInfo rateLimit;
    final OptionalLong retryAfterMs;
    final String correlationId;

    Answer(int status, byte[] body, boolean truncated, RateLimitInfo rateLimit,
        OptionalLong retryAfterMs, String correlationId) {
      this.status = status;
      this.body = body;
      this.truncated = truncated;
      this.rateLimit = rateLimit;
      this.retryAfterMs = retryAfterMs;
      this.correlationId = correlationId;
    }
  }
}
