package io.github.connecthubspot.events.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.connecthubspot.events.client.EventDefinitionsReader.Outcome;
import io.github.connecthubspot.events.client.EventDefinitionsReader.Result;
import io.github.connecthubspot.events.model.EventDefinition;
import io.github.connecthubspot.events.model.EventDefinitions.Lookup;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.utils.MockTime;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What each answer of HubSpot means for the task, first sight, refresh, by a scripted reader and MockTime. */
class EventDefinitionsCacheTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration REFRESH = Duration.ofMinutes(10);

  private final MockTime time = new MockTime(0, 1_000_000, 0);
  private final FakeReader reader = new FakeReader();
  private final Warnings warnings = new Warnings();
  private EventDefinitionsCache cache = new EventDefinitionsCache(reader, time, TIMEOUT, REFRESH);

  @AfterEach
  void close() {
    cache.close();
    warnings.close();
  }

  /** Answers as scripted: per name a queue (the last answer repeats), the probe likewise. */
  static class FakeReader implements EventDefinitionsReader {
    final Deque<Result> probes = new ArrayDeque<>(List.of(result(Outcome.FOUND)));
    final Map<String, Deque<Result>> reads = new HashMap<>();
    final List<String> asked = new CopyOnWriteArrayList<>();
    final List<Long> timeouts = new CopyOnWriteArrayList<>();
    boolean closed;

    FakeReader probe(Outcome... outcomes) {
      probes.clear();
      for (Outcome o : outcomes) {
        probes.add(result(o));
      }
      return this;
    }

    FakeReader answer(String name, Result... results) {
      reads.put(name, new ArrayDeque<>(List.of(results)));
      return this;
    }

    @Override
    public Result probe(long timeoutMs) {
      asked.add("probe");
      return probes.size() > 1 ? probes.poll() : probes.peek();
    }

    @Override
    public Result read(String eventName, long timeoutMs) {
      asked.add(eventName);
      timeouts.add(timeoutMs);
      Deque<Result> q = reads.get(eventName);
      if (q == null) {
        return result(Outcome.NOT_FOUND);
      }
      return q.size() > 1 ? q.poll() : q.peek();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static Result result(Outcome outcome) {
    return new Result(outcome, null, outcome == Outcome.FOUND ? "" : "scripted " + outcome);
  }

  static Result found(String name) {
    return new Result(Outcome.FOUND, new EventDefinition(name.substring(5), name, null, false, Map.of()),
        "200");
  }

  /** WARN lines of the cache while the test runs. */
  static final class Warnings extends AbstractAppender implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig logger;

    Warnings() {
      super("cache-warnings", null, null, true, Property.EMPTY_ARRAY);
      start();
      logger = new LoggerConfig(EventDefinitionsCache.class.getName(), Level.ALL, true);
      logger.addAppender(this, Level.WARN, null);
      context.getConfiguration().addLogger(EventDefinitionsCache.class.getName(), logger);
      context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
      lines.add(event.getMessage().getFormattedMessage());
    }

    @Override
    public void close() {
      context.getConfiguration().removeLogger(EventDefinitionsCache.class.getName());
      context.updateLoggers();
      stop();
    }
  }

  @Test
  void a404IsMissingWhenTheDefinitionsPathExists() {
    Map<String, Lookup> start = cache.start(List.of("pe42_gone"));
    assertThat(start.get("pe42_gone").isMissing()).isTrue();
    assertThat(cache.lookup("pe42_gone").isMissing()).isTrue();
    assertThat(reader.asked).containsExactly("probe", "pe42_gone");
  }

  @Test
  void a404IsUnknownWithAWarnWhenThePathCouldNotBeConfirmed() {
    reader.probe(Outcome.FAILED, Outcome.FAILED, Outcome.FOUND);
    cache.start(List.of());
    assertThat(cache.lookup("pe42_gone").isKnown()).isFalse();

    time.sleep(REFRESH.toMillis());
    cache.refreshIfDue(); // the probe fails again, the name answers 404
    Lookup lookup = cache.lookup("pe42_gone");
    assertThat(lookup.isMissing()).isFalse();
    assertThat(lookup.isKnown()).isFalse();
    assertThat(warnings.lines).anyMatch(l -> l.startsWith("HubSpot did not find the definition of event"
        + " 'pe42_gone' (scripted NOT_FOUND), but could not confirm its definitions path"));

    time.sleep(REFRESH.toMillis());
    cache.refreshIfDue(); // the probe now answers 200
    assertThat(cache.lookup("pe42_gone").isMissing()).isTrue();
    assertThat(reader.asked).containsExactly("probe", "probe", "pe42_gone", "probe", "pe42_gone");
  }

  @Test
  void a200IsKnown() {
    reader.answer("pe42_ok", found("pe42_ok"));
    assertThat(cache.start(List.of("pe42_ok")).get("pe42_ok").definition().fullyQualifiedName())
        .isEqualTo("pe42_ok");
    assertThat(cache.lookup("pe42_ok").isKnown()).isTrue();
    assertThat(reader.timeouts).containsExactly(TIMEOUT.toMillis());
  }

  @Test
  void a403WarnsOnceAndEveryNameKeepsToTheGenericRules() {
    reader.probe(Outcome.FORBIDDEN);
    cache.start(List.of("pe42_a"));
    for (String name : List.of("pe42_a", "pe42_b", "pe42_c", "pe42_b")) {
      Lookup l = cache.lookup(name);
      assertThat(l.isKnown() || l.isMissing()).isFalse();
    }
    time.sleep(REFRESH.toMillis());
    cache.refreshIfDue();
    assertThat(reader.asked).as("no name is read without the scope").containsExactly("probe", "probe");
    assertThat(warnings.lines).singleElement().asString()
        .contains("the token lacks the scope behavioral_events.event_definitions.read_write");
  }

  @Test
  void a403OnARead() {
    reader.answer("pe42_a", result(Outcome.FORBIDDEN));
    cache.start(List.of());
    assertThat(cache.lookup("pe42_a").isKnown()).isFalse();
    assertThat(cache.lookup("pe42_b").isKnown()).isFalse();
    assertThat(reader.asked).containsExactly("probe", "pe42_a");
    assertThat(warnings.lines).hasSize(1);
  }

  @Test
  void aFirstSightReadIsCachedNegativeAnswersIncluded() {
    reader.answer("pe42_ok", found("pe42_ok"));
    cache.start(List.of());
    for (int i = 0; i < 3; i++) {
      assertThat(cache.lookup("pe42_ok").isKnown()).isTrue();
      assertThat(cache.lookup("pe42_gone").isMissing()).isTrue();
    }
    assertThat(reader.asked).containsExactly("probe", "pe42_ok", "pe42_gone");
  }

  @Test
  void aFailedFirstSightReadIsUnknownWarnsOnceAndNewNamesWaitForTheRefresh() {
    reader.answer("pe42_a", result(Outcome.FAILED), found("pe42_a"));
    reader.answer("pe42_b", found("pe42_b"));
    cache.start(List.of());

    assertThat(cache.lookup("pe42_a").isKnown()).isFalse();
    assertThat(cache.lookup("pe42_a").isKnown()).isFalse();
    assertThat(cache.lookup("pe42_b").isKnown()).as("not read on the task thread after a failure").isFalse();
    assertThat(reader.asked).containsExactly("probe", "pe42_a");
    assertThat(warnings.lines).singleElement().asString()
        .startsWith("Could not read the definition of event 'pe42_a' (FAILED (scripted FAILED))");

    time.sleep(REFRESH.toMillis());
    cache.refreshIfDue();
    assertThat(cache.lookup("pe42_a").isKnown()).isTrue();
    assertThat(cache.lookup("pe42_b").isKnown()).isTrue();
  }

  @Test
  void aRefreshThatFailsKeepsTheLastKnownDefinition() {
    reader.answer("pe42_a", found("pe42_a"), result(Outcome.FAILED), result(Outcome.FAILED));
    cache.start(List.of("pe42_a"));
    time.sleep(REFRESH.toMillis());
    cache.refreshIfDue();
    assertThat(cache.lookup("pe42_a").isKnown()).isTrue();
    assertThat(warnings.lines).singleElement().asString().endsWith("keeping the one read before");
    time.sleep(REFRESH.toMillis());
    cache.refreshIfDue();
    assertThat(warnings.lines).as("once per name").hasSize(1);
  }

  @Test
  void a429EndsTheRefreshRoundKeepingWhatWasKnown() {
    reader.answer("pe42_a", found("pe42_a"), result(Outcome.RATE_LIMITED), found("pe42_a"));
    reader.answer("pe42_b", found("pe42_b"));
    cache.start(List.of("pe42_a", "pe42_b"));
    reader.asked.clear();

    time.sleep(REFRESH.toMillis());
    cache.refreshIfDue();

    assertThat(reader.asked).containsExactly("pe42_a");
    assertThat(cache.lookup("pe42_a").isKnown()).isTrue();
    assertThat(cache.lookup("pe42_b").isKnown()).isTrue();
    assertThat(warnings.lines).anyMatch(l -> l.startsWith("HubSpot's rate limit (429) cut a refresh"));
  }

  @Test
  void theRefreshRunsWhenDueByTheInjectedTimeAndReadsNamesOneAfterTheOther() {
    reader.answer("pe42_a", found("pe42_a"), result(Outcome.NOT_FOUND));
    cache.start(List.of("pe42_a"));
    cache.lookup("pe42_b");
    reader.asked.clear();

    time.sleep(REFRESH.toMillis() - 1);
    cache.refreshIfDue();
    assertThat(reader.asked).isEmpty();

    time.sleep(1);
    cache.refreshIfDue();
    assertThat(reader.asked).containsExactly("pe42_a", "pe42_b");
    assertThat(cache.lookup("pe42_a").isMissing()).as("deleted in HubSpot since").isTrue();
  }

  @Test
  void aZeroRefreshNeverReadsAgain() {
    cache = new EventDefinitionsCache(reader, time, TIMEOUT, Duration.ZERO);
    cache.start(List.of("pe42_a"));
    cache.startRefreshing(Map.of());
    time.sleep(Duration.ofDays(1).toMillis());
    cache.refreshIfDue();
    assertThat(reader.asked).containsExactly("probe", "pe42_a");
  }

  @Test
  void aProbeWithoutAnswerDoesNotReadTheNamesAtStart() {
    reader.probe(Outcome.FAILED);
    Map<String, Lookup> start = cache.start(List.of("pe42_a", "pe42_b"));
    assertThat(start.values()).allMatch(l -> !l.isKnown() && !l.isMissing());
    assertThat(cache.lookup("pe42_c").isKnown()).isFalse();
    assertThat(reader.asked).containsExactly("probe");
  }

  @Test
  void noDefinitionsPathMeansTheGenericRules() {
    reader.probe(Outcome.NOT_FOUND);
    cache.start(List.of("pe42_a"));
    assertThat(cache.lookup("pe42_a").isMissing()).isFalse();
    assertThat(reader.asked).containsExactly("probe");
    assertThat(warnings.lines).singleElement().asString().startsWith("Every event-definitions path answered 404");
  }

  @Test
  void namesBeyondTheCapAreNotRead() {
    cache.start(List.of());
    List<String> names = new ArrayList<>();
    for (int i = 0; i <= EventDefinitionsCache.MAX_NAMES; i++) {
      names.add("pe42_e" + i);
    }
    names.forEach(cache::lookup);
    assertThat(reader.asked).hasSize(1 + EventDefinitionsCache.MAX_NAMES);
    assertThat(warnings.lines).filteredOn(l -> l.startsWith("More than")).hasSize(1);
  }

  @Test
  void aNameThatIsNotAHubSpotNameIsNeitherReadNorKeptNorLogged() {
    cache.start(List.of());
    String huge = "Pe42_" + "x".repeat(100_000);
    assertThat(cache.lookup(huge).isKnown()).isFalse();
    assertThat(cache.lookup("pe42_has space").isMissing()).isFalse();
    assertThat(cache.lookup(null).isKnown()).isFalse();
    assertThat(reader.asked).containsExactly("probe");
    assertThat(warnings.lines).isEmpty();
  }

  @Test
  void theRefreshThreadRunsWithTheTasksMdcUntilClosed() {
    List<String> contexts = new CopyOnWriteArrayList<>();
    FakeReader mdcReader = new FakeReader() {
      @Override
      public Result read(String eventName, long timeoutMs) {
        contexts.add(Thread.currentThread().getName() + " " + org.slf4j.MDC.get("connector.context"));
        return super.read(eventName, timeoutMs);
      }
    };
    mdcReader.answer("pe42_a", found("pe42_a"));
    MockTime ticking = new MockTime(5, 0, 0); // each reading of the time advances it 5 ms
    cache = new EventDefinitionsCache(mdcReader, ticking, TIMEOUT, Duration.ofMillis(1));
    cache.start(List.of("pe42_a"));
    cache.startRefreshing(Map.of("connector.context", "[defs|task-0] "));

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> contexts.size() >= 3);
    assertThat(contexts.get(0)).isEqualTo("main null");
    assertThat(contexts.get(1)).isEqualTo("hubspot-definitions-refresh [defs|task-0] ");
    cache.close();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("hubspot-definitions-refresh") && t.isAlive()));
  }

  @Test
  void closedItReadsNothingAndClosesTheReader() {
    cache.start(List.of());
    cache.close();
    assertThat(reader.closed).isTrue();
    assertThat(cache.lookup("pe42_late").isKnown()).isFalse();
    assertThat(reader.asked).containsExactly("probe");
  }
}
