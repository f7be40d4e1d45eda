package io.github.connecthubspot.events.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log line of this JVM at INFO and above (DEBUG for the connector), while open, except the
 * test kit's own: {@code EmbeddedConnect} logs the REST responses of the requests the test makes,
 * config included, which no worker does.
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  /** "thread | connector.context MDC value | logger", one per line of the connector's own loggers. */
  private final List<String> contexts = new CopyOnWriteArrayList<>();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final Level rootLevel;

  LogCapture() {
    super("it-capture", null, null, true, Property.EMPTY_ARRAY);
    start();
    Configuration config = context.getConfiguration();
    LoggerConfig root = config.getRootLogger();
    rootLevel = root.getLevel();
    root.addAppender(this, Level.ALL, null);
    root.setLevel(Level.INFO);
    LoggerConfig connector = config.getLoggerConfig("io.github.connecthubspot.events");
    connector.addAppender(this, Level.ALL, null);
    connector.setLevel(Level.DEBUG);
    context.updateLoggers();
  }

  private static final String TEST_KIT = "org.apache.kafka.connect.util.clusters.EmbeddedConnect";

  @Override
  public void append(LogEvent event) {
    if (event.getLoggerName().equals(TEST_KIT)) {
      return;
    }
    StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
        .append(event.getMessage().getFormattedMessage());
    for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
      line.append(" | ").append(t);
    }
    lines.add(line.toString());
    if (event.getLoggerName().startsWith("io.github.connecthubspot.events")) {
      contexts.add(event.getThreadName() + " | " + event.getContextData().getValue("connector.context")
          + " | " + event.getLoggerName());
    }
  }

  List<String> connectorLineContexts() {
    return contexts;
  }

  List<String> lines() {
    return lines;
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    config.getRootLogger().removeAppender(getName());
    config.getRootLogger().setLevel(rootLevel);
    LoggerConfig connector = config.getLoggerConfig("io.github.connecthubspot.events");
    connector.removeAppender(getName());
    connector.setLevel(Level.INFO);
    context.updateLoggers();
    stop();
  }
}
