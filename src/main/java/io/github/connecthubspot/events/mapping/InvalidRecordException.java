package io.github.connecthubspot.events.mapping;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record that cannot become an occurrence HubSpot accepts. Its message names the field and the
 * rule it broke; it has no stack trace, since it is an answer about data, not a fault in the code.
 */
public final class InvalidRecordException extends DataException {
  private static final long serialVersionUID = 1L;

  public InvalidRecordException(String message) {
    super(message);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
