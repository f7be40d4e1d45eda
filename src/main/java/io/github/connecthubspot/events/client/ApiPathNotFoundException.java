package io.github.connecthubspot.events.client;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * HubSpot has none of the paths of the configured API version (each answered 404): a setting to
 * change ({@code hubspot.api.version}), not a failure to retry.
 */
public class ApiPathNotFoundException extends ConnectException {
  private static final long serialVersionUID = 1L;

  public ApiPathNotFoundException(String message) {
    super(message);
  }
}
