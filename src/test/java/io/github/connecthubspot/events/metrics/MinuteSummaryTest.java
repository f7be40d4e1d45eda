package io.github.connecthubspot.events.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class MinuteSummaryTest {
  private final TaskMetrics metrics = new TaskMetrics();
  private final RecordingLogger log = new RecordingLogger();
  private final MinuteSummary summary = new MinuteSummary(metrics, log);

  @Test
  void oneInfoLineAMinuteWithTheMinutesCounts() {
    summary.maybeLog(0);
    metrics.delivered(600);
    metrics.deadLettered("no identifier: HubSpot needs one of email, objectId or utk");
    metrics.retried();
    metrics.request(500, 100, RequestOutcome.RATE_LIMITED);
    summary.maybeLog(59_999);
    assertThat(log.lines).isEmpty();

    summary.maybeLog(60_000);
    assertThat(log.lines).containsExactly("INFO Last 60 s: 600 delivered (10.0 events/s), 1"
        + " dead-lettered (0%), 1 retries, 1 429s, 0 in flight, 0 buffered");

    metrics.delivered(5);
    summary.maybeLog(120_000);
    assertThat(log.lines).hasSize(2).last().isEqualTo("INFO Last 60 s: 5 delivered (0.1 events/s),"
        + " 0 dead-lettered (0%), 0 retries, 0 429s, 0 in flight, 0 buffered");
  }

  @Test
  void aMinuteMostlyDeadLetteredWarnsWithTheTopReasons() {
    summary.maybeLog(0);
    metrics.delivered(4);
    for (int i = 0; i < 5; i++) {
      metrics.deadLettered("email is not a valid email address");
    }
    metrics.deadLettered("property 'Page_Title' is not a valid HubSpot internal name");
    metrics.error("HubSpotException(TRANSIENT 503)", 30_000);
    metrics.retried();
    summary.maybeLog(60_000);
    assertThat(log.lines).containsExactly(
        "INFO Last 60 s: 4 delivered (0.1 events/s), 6 dead-lettered (60%), 1 retries, 0 429s, 0 in"
            + " flight, 0 buffered, last error HubSpotException(TRANSIENT 503) at 1970-01-01T00:00:30Z",
        "WARN 60% of the last minute's 10 records went to the dead-letter queue; top reasons:"
            + " 5 x email is not a valid email address; 1 x property 'Page_Title' is not a valid"
            + " HubSpot internal name");
  }

  @Test
  void halfDeadLetteredIsNotMoreThanHalf() {
    summary.maybeLog(0);
    metrics.delivered(1);
    metrics.deadLettered("x");
    summary.maybeLog(60_000);
    assertThat(log.lines).singleElement().asString().startsWith("INFO");
  }

  /** Keeps "LEVEL message" of each line. */
  private static final class RecordingLogger extends AbstractLogger {
    private static final long serialVersionUID = 1L;
    final List<String> lines = new ArrayList<>();

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
        Object[] args, Throwable throwable) {
      lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return true;
    }
  }
}
