package io.github.connecthubspot.events.delivery;

import org.apache.kafka.connect.errors.DataException;

/**
 * What the errant-record reporter receives for an occurrence HubSpot refused with a 400: HubSpot's
 * status, category, message and correlationId. Stackless: it is an answer about data.
 */
public final class RefusedRecordException extends DataException {
  private static final long serialVersionUID = 1L;

  public RefusedRecordException(String message) {
    super(message);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
