package io.github.connecthubspot.events.client;

import io.github.connecthubspot.events.client.EventDefinitionsReader.Outcome;
import io.github.connecthubspot.events.client.EventDefinitionsReader.Result;
import io.github.connecthubspot.events.model.EventDefinitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The task's event definitions, read from HubSpot once per name and again every refresh; shared by
 * the task's threads. What each answer means:
 *
 * <ul>
 *   <li>200: the definition ({@link Lookup#known}).
 *   <li>404 (by the fully qualified and the short name): {@link Lookup#MISSING}, but only when the
 *       definitions path itself is known to exist (its list answered 200); else {@link
 *       Lookup#UNKNOWN} with a WARN.
 *   <li>403 (the token lacks {@value EventDefinitionsClient#SCOPE}): one WARN for the task, every
 *       name {@link Lookup#UNKNOWN} (HubSpot's generic rules) until a refresh finds the scope.
 *   <li>429, 5xx, no answer in time, an answer that cannot be trusted: the last known lookup is
 *       kept ({@link Lookup#UNKNOWN} for a name never read), one WARN per name.
 * </ul>
 *
 * <p><b>First sight.</b> {@link #lookup} of a name never seen reads it on the caller's thread (the
 * task thread, from the mapping), within the request timeout; its answer, negative or not, is kept
 * until the next refresh, so no name blocks twice. After a failed read, names met for the first
 * time are not read on the caller's thread (they are {@link Lookup#UNKNOWN}) until a read succeeds
 * again; the next refresh reads them. At most {@link #MAX_NAMES} names are kept; more are UNKNOWN,
 * and so is a name that is not a HubSpot internal name (lower case, digits, '_'), never read.
 *
 * <p><b>Refresh.</b> Every {@code refresh} (none when zero) a daemon thread with the task's MDC
 * reads every kept name again, one after the other (in name order); a 429 ends the round, keeping
 * the rest.
 */
public final class EventDefinitionsCache implements EventDefinitions, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventDefinitionsCache.class);
  /** HubSpot allows 500 definitions per account; names beyond this are not read. */
  static final int MAX_NAMES = 1_000;

  private enum PathState { UNPROBED, EXISTS, MISSING, FORBIDDEN, UNKNOWN }

  private final EventDefinitionsReader reader;
  private final Time time;
  private final long timeoutMs;
  private final long refreshMs;
  /** By name, in name order (a refresh reads them in that order). */
  private final Map<String, Lookup> lookups = new ConcurrentSkipListMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private volatile PathState pathState = PathState.UNPROBED;
  private volatile boolean forbiddenWarned;
  private volatile boolean failing;
  private volatile boolean tooManyWarned;
  private volatile long lastRefreshMs;
  private volatile boolean closed;
  private ScheduledExecutorService scheduler;

  /**
   * @param timeoutMs how long one name's read may take (the request timeout)
   * @param refresh how often names are read again; zero: never
   */
  public EventDefinitionsCache(EventDefinitionsReader reader, Time time, Duration timeout,
      Duration refresh) {
    this.reader = reader;
    this.time = time;
    this.timeoutMs = Math.max(1, timeout.toMillis());
    this.refreshMs = Math.max(0, refresh.toMillis());
  }

  /**
   * Probes the definitions path, then reads each of {@code names} (the configured event names).
   * When the probe got no usable answer (no answer in time, 5xx), the names are not read now (each
   * read would wait as long): they are {@link Lookup#UNKNOWN} until the first refresh.
   *
   * @return each name's lookup, in the order given
   */
  public Map<String, Lookup> start(Collection<String> names) {
    probe();
    boolean unreachable = pathState == PathState.UNKNOWN;
    failing = unreachable;
    Map<String, Lookup> result = new LinkedHashMap<>();
    for (String name : names) {
      Lookup lookup = unreachable ? Lookup.UNKNOWN : read(name, lookups.get(name));
      lookups.put(name, lookup);
      result.put(name, lookup);
    }
    lastRefreshMs = time.milliseconds();
    return result;
  }

  /** Starts the refresh thread, which runs with {@code mdc} (the task's); nothing when zero. */
  public synchronized void startRefreshing(Map<String, String> mdc) {
    if (refreshMs == 0 || scheduler != null) {
      return;
    }
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "hubspot-definitions-refresh");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.scheduleWithFixedDelay(() -> {
      if (mdc != null) {
        MDC.setContextMap(mdc);
      }
      try {
        refreshIfDue();
      } catch (Throwable t) { // never let the schedule die
        log.warn("Reading HubSpot's event definitions again failed: {}", t.toString());
      } finally {
        MDC.clear();
      }
    }, refreshMs, refreshMs, TimeUnit.MILLISECONDS);
    this.scheduler = executor;
  }

  @Override
  public Lookup lookup(String eventName) {
    // A name kept is one read before (or a configured one, whose read answered FAILED if unreadable)
    Lookup known = eventName == null ? null : lookups.get(eventName);
    if (known != null) {
      return known;
    }
    if (!EventDefinitionsClient.readable(eventName)) {
      return Lookup.UNKNOWN; // HubSpot's generic rules refuse it; not kept, not logged (any size)
    }
    if (lookups.size() >= MAX_NAMES) {
      if (!tooManyWarned) {
        tooManyWarned = true;
        log.warn("More than {} event names met: the definitions of the others are not read"
            + " (HubSpot's generic rules apply to them)", MAX_NAMES);
      }
      return Lookup.UNKNOWN;
    }
    if (closed || failing || pathState == PathState.FORBIDDEN
        || pathState == PathState.MISSING) {
      // No read on the caller's thread now; the next refresh reads it.
      Lookup previous = lookups.putIfAbsent(eventName, Lookup.UNKNOWN);
      return previous == null ? Lookup.UNKNOWN : previous;
    }
    Lookup read = read(eventName, null);
    Lookup previous = lookups.putIfAbsent(eventName, read);
    return previous == null ? read : previous;
  }

  /** Refreshes when {@code refresh} has passed since the last round (by the injected time). */
  public void refreshIfDue() {
    if (refreshMs > 0 && time.milliseconds() - lastRefreshMs >= refreshMs) {
      refresh();
    }
  }

  /** One round: the path again unless it is known to exist, then every kept name, in turn. */
  public void refresh() {
    lastRefreshMs = time.milliseconds();
    if (pathState != PathState.EXISTS) {
      probe();
    }
    List<String> names = new ArrayList<>(lookups.keySet());
    for (String name : names) {
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      Lookup before = lookups.get(name);
      if (pathState == PathState.FORBIDDEN || pathState == PathState.MISSING) {
        lookups.put(name, Lookup.UNKNOWN);
        continue;
      }
      Result result = fetch(name);
      lookups.put(name, meaning(name, result, before));
      if (result.outcome() == Outcome.RATE_LIMITED) {
        log.warn("HubSpot's rate limit (429) cut a refresh of event definitions short: the others"
            + " keep what was known until the next refresh");
        return;
      }
    }
  }

  private void probe() {
    Result result = reader.probe(timeoutMs);
    switch (result.outcome()) {
      case FOUND:
        if (pathState == PathState.FORBIDDEN) {
          log.info("HubSpot's event definitions can be read again: records are checked against"
              + " them");
        }
        pathState = PathState.EXISTS;
        failing = false;
        warned.remove("\0probe");
        break;
      case FORBIDDEN:
        pathState = PathState.FORBIDDEN;
        warnForbidden(result);
        break;
      case NOT_FOUND:
        pathState = PathState.MISSING;
        if (warned.add("\0path")) {
          log.warn("Every event-definitions path answered 404 ({}): records are held to HubSpot's"
              + " generic rules only; against HubSpot, check hubspot.api.version", result.detail());
        }
        break;
      default:
        if (pathState == PathState.UNPROBED) {
          pathState = PathState.UNKNOWN;
        }
        warnOnce("\0probe", "Could not tell whether HubSpot's event-definitions path exists ("
            + result + "): a definition HubSpot does not find counts as unknown, not missing");
        break;
    }
  }

  private Lookup read(String name, Lookup before) {
    if (pathState == PathState.FORBIDDEN || pathState == PathState.MISSING) {
      return Lookup.UNKNOWN;
    }
    return meaning(name, fetch(name), before);
  }

  private Result fetch(String name) {
    Result result = reader.read(name, timeoutMs);
    failing = result.outcome() == Outcome.RATE_LIMITED || result.outcome() == Outcome.FAILED;
    return result;
  }

  /** What {@code result} means for {@code name}, {@code before} being what was known (or null). */
  private Lookup meaning(String name, Result result, Lookup before) {
    switch (result.outcome()) {
      case FOUND:
        warned.remove(name);
        log.debug("Event definition of '{}' read: {}", name, result.definition());
        return Lookup.known(result.definition());
      case NOT_FOUND:
        if (pathState == PathState.EXISTS) {
          if (before == null || !before.isMissing()) {
            log.warn("HubSpot has no event '{}' in this portal ({})", name, result.detail());
          }
          return Lookup.MISSING;
        }
        warnOnce(name, "HubSpot did not find the definition of event '" + name + "' ("
            + result.detail() + "), but could not confirm its definitions path: HubSpot's generic"
            + " rules apply to it");
        return before != null ? before : Lookup.UNKNOWN;
      case FORBIDDEN:
        pathState = PathState.FORBIDDEN;
        warnForbidden(result);
        return Lookup.UNKNOWN;
      default: // RATE_LIMITED, FAILED: keep the last known
        warnOnce(name, "Could not read the definition of event '" + name + "' (" + result
            + "): " + (before != null && before.isKnown() ? "keeping the one read before"
                : "HubSpot's generic rules apply to it until a read succeeds"));
        return before != null ? before : Lookup.UNKNOWN;
    }
  }

  private void warnForbidden(Result result) {
    if (!forbiddenWarned) {
      forbiddenWarned = true;
      log.warn("HubSpot refused to read event definitions ({}): the token lacks the scope {}."
          + " Records are held to HubSpot's generic rules only; grant the scope, or set"
          + " event.definitions.enabled=false to stop trying", result.detail(),
          EventDefinitionsClient.SCOPE);
    }
  }

  private void warnOnce(String name, String message) {
    if (warned.add(name)) {
      log.warn(message);
    }
  }

  /** Stops the refresh thread (waiting for nothing) and the reader. */
  @Override
  public synchronized void close() {
    closed = true;
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
    reader.close();
  }
}
