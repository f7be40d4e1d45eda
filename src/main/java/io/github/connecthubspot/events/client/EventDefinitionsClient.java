package io.github.connecthubspot.events.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.connecthubspot.events.model.ApiVersion;
import io.github.connecthubspot.events.model.EventDefinition;
import io.github.connecthubspot.events.model.EventDefinition.PropertyDefinition;
import io.github.connecthubspot.events.model.EventDefinition.PropertyType;
import io.github.connecthubspot.events.model.PropertyNames;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.kafka.common.utils.Time;

/**
 * Reads event definitions over HTTP: {@code GET <definitions path>?limit=1} (the probe) and {@code
 * GET <definitions path>/{eventName}}, with the send client's connection pool and credentials.
 *
 * <p>Which name HubSpot's path takes is unconfirmed, so {@link #read} asks by the fully qualified
 * name ({@code pe<portalId>_<name>}) and, on 404, by the short name; it accepts only a definition
 * whose {@code fullyQualifiedName}, when present, is the name asked for. The answer is distrusted
 * like the send path's: each request within a deadline, at most {@link #MAX_BODY_BYTES} of a body,
 * every field optional, strings, properties and options bounded.
 */
public final class EventDefinitionsClient implements EventDefinitionsReader {
  /** The scope HubSpot asks for on the definitions endpoints (optional for the connector). */
  public static final String SCOPE = "behavioral_events.event_definitions.read_write";
  static final int MAX_BODY_BYTES = 1024 * 1024;
  static final int MAX_PROPERTIES = 1_000;
  static final int MAX_OPTIONS = 1_000;
  static final int MAX_STRING_CHARS = 256;
  /** The names asked for: HubSpot's internal names (lower case), bounded. */
  private static final Pattern PORTAL_PREFIX = Pattern.compile("pe[0-9]{1,19}_");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String base;
  private final List<String> paths;
  private final AccessTokenProvider token;
  private final CloseableHttpClient http;
  private final String userAgent;
  private final Time time;
  private final ScheduledThreadPoolExecutor deadlines;
  /** The definitions path in use: the first of {@link #paths} until a probe finds another. */
  private volatile String path;

  /**
   * @param http the send client's pool (not closed here)
   */
  public EventDefinitionsClient(String baseUrl, ApiVersion version, AccessTokenProvider token,
      CloseableHttpClient http, String userAgent, Time time) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.paths = version.definitionsPaths();
    this.path = paths.get(0);
    this.token = token;
    this.http = http;
    this.userAgent = userAgent;
    this.time = time;
    this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "hubspot-definitions-deadline");
      t.setDaemon(true);
      return t;
    });
    this.deadlines.setRemoveOnCancelPolicy(true);
  }

  /** The definitions path in use. */
  public String path() {
    return path;
  }

  @Override
  public Result probe(long timeoutMs) {
    long deadline = time.milliseconds() + timeoutMs;
    StringBuilder missing = new StringBuilder();
    for (String candidate : paths) {
      Answer answer;
      try {
        answer = get(candidate + "?limit=1", deadline);
      } catch (HubSpotException e) {
        return new Result(Outcome.FAILED, null, e.getMessage());
      }
      String what = "GET " + candidate + "?limit=1 answered " + answer.status;
      if (answer.status == 404) {
        missing.append(missing.length() == 0 ? "" : "; ").append(what);
        continue;
      }
      Outcome outcome = outcome(answer.status);
      if (outcome == Outcome.FOUND) {
        path = candidate;
      }
      return new Result(outcome, null, what);
    }
    return new Result(Outcome.NOT_FOUND, null, missing.toString());
  }

  /** Whether {@code eventName} may be asked for: a HubSpot internal name, at most 200 characters. */
  public static boolean readable(String eventName) {
    // [a-z0-9_]{1,200}, without a regex per record
    return eventName != null && !eventName.isEmpty() && eventName.length() <= 200
        && PropertyNames.internalNameChars(eventName, 0);
  }

  @Override
  public Result read(String eventName, long timeoutMs) {
    if (!readable(eventName)) {
      return new Result(Outcome.FAILED, null, "not a HubSpot internal event name");
    }
    long deadline = time.milliseconds() + timeoutMs;
    String definitions = path;
    Result full = readOne(definitions, eventName, eventName, deadline);
    if (full.outcome() != Outcome.NOT_FOUND) {
      return full;
    }
    var prefix = PORTAL_PREFIX.matcher(eventName);
    if (!prefix.lookingAt() || prefix.end() == eventName.length()) {
      return full;
    }
    Result brief = readOne(definitions, eventName, eventName.substring(prefix.end()), deadline);
    return brief.outcome() == Outcome.NOT_FOUND
        ? new Result(Outcome.NOT_FOUND, null, full.detail() + "; " + brief.detail())
        : brief;
  }

  private Result readOne(String definitions, String eventName, String asked, long deadline) {
    String target = definitions + "/" + asked;
    Answer answer;
    try {
      answer = get(target, deadline);
    } catch (HubSpotException e) {
      return new Result(Outcome.FAILED, null, e.getMessage());
    }
    String what = "GET " + target + " answered " + answer.status;
    Outcome outcome = outcome(answer.status);
    if (outcome != Outcome.FOUND) {
      return new Result(outcome, null, what);
    }
    if (answer.truncated) {
      return new Result(Outcome.FAILED, null, what + " with a body over " + MAX_BODY_BYTES
          + " bytes");
    }
    EventDefinition definition = parse(answer.body);
    if (definition == null) {
      return new Result(Outcome.FAILED, null, what + " with a body that is not a definition");
    }
    String fqn = definition.fullyQualifiedName();
    if (fqn != null && !fqn.equals(eventName)) {
      return new Result(Outcome.FAILED, null, what + " with the definition of another event");
    }
    return new Result(Outcome.FOUND, definition, what);
  }

  private static Outcome outcome(int status) {
    if (status >= 200 && status < 300) {
      return Outcome.FOUND;
    }
    switch (status) {
      case 404:
        return Outcome.NOT_FOUND;
      case 403:
        return Outcome.FORBIDDEN;
      case 429:
        return Outcome.RATE_LIMITED;
      default:
        return Outcome.FAILED;
    }
  }

  /**
   * HubSpot's definition answer, every field optional; null when the body is not a JSON object.
   * Unknown types become {@link PropertyType#OTHER}; malformed properties and options are left out.
   */
  static EventDefinition parse(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) { // not JSON
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    Map<String, PropertyDefinition> properties = new LinkedHashMap<>();
    JsonNode list = root.get("properties");
    if (list != null && list.isArray()) {
      for (JsonNode p : list) {
        if (properties.size() >= MAX_PROPERTIES) {
          break;
        }
        String name = text(p.get("name"));
        if (name == null || name.isEmpty() || properties.containsKey(name)) {
          continue;
        }
        PropertyType type = PropertyType.of(text(p.get("type")));
        Set<String> options = new LinkedHashSet<>();
        JsonNode opts = p.get("options");
        if (opts != null && opts.isArray()) {
          for (JsonNode o : opts) {
            if (options.size() >= MAX_OPTIONS) {
              break;
            }
            String value = o != null && o.isObject() ? text(o.get("value")) : null;
            if (value != null) {
              options.add(value);
            }
          }
        }
        properties.put(name, new PropertyDefinition(name, type, options));
      }
    }
    JsonNode matching = root.get("customMatchingId");
    return new EventDefinition(text(root.get("name")), text(root.get("fullyQualifiedName")),
        text(root.get("primaryObject")), matching != null && !matching.isNull(), properties);
  }

  /** A string field, or null when absent, not a string, or longer than {@link #MAX_STRING_CHARS}. */
  private static String text(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    String s = node.textValue();
    return s.length() > MAX_STRING_CHARS ? null : s;
  }

  /** One GET of {@code pathAndQuery}, aborted at {@code deadline} (this client's time). */
  private Answer get(String pathAndQuery, long deadline) throws HubSpotException {
    String what = "GET " + pathAndQuery;
    long remaining = deadline - time.milliseconds();
    if (remaining <= 0) {
      throw new HubSpotException(FailureKind.TRANSIENT, 0, null, RateLimitInfo.NONE,
          java.util.OptionalLong.empty(), what + " not sent: no time left of the request timeout",
          null);
    }
    HttpGet get = new HttpGet(base + pathAndQuery);
    get.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token.accessToken());
    get.setHeader(HttpHeaders.ACCEPT, "application/json");
    get.setHeader(HttpHeaders.USER_AGENT, userAgent);
    ScheduledFuture<?> timer = deadlines.schedule(get::cancel, remaining, TimeUnit.MILLISECONDS);
    try {
      return execute(get);
    } catch (IOException e) {
      throw HubSpotException.transport(what + " got no complete answer", e);
    } finally {
      timer.cancel(false);
    }
  }

  /** At most {@link #MAX_BODY_BYTES} of the answer; a longer body is not trusted (left empty). */
  private Answer execute(HttpGet get) throws IOException {
    return BoundedRead.execute(http, get, MAX_BODY_BYTES, (response, body, truncated) ->
        new Answer(response.getCode(), truncated ? new byte[0] : body, truncated));
  }

  /** Stops the deadline timer; the pool belongs to the send client. */
  @Override
  public void close() {
    deadlines.shutdownNow();
  }

  private static final class Answer {
    final int status;
    final byte[] body;
    final boolean truncated;

    Answer(int status, byte[] body, boolean truncated) {
      this.status = status;
      this.body = body;
      this.truncated = truncated;
    }
  }
}
