package io.github.connecthubspot.events.client;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A successful send: HubSpot's status (204), its rate-limit headers, and the inputs a 2xx answer
 * says it did not record (a multi-status answer), each with what HubSpot said of it. Every other
 * input was recorded.
 */
public final class SendResult {
  private final int status;
  private final RateLimitInfo rateLimit;
  private final Map<Integer, String> refusedInputs;

  public SendResult(int status, RateLimitInfo rateLimit) {
    this(status, rateLimit, Map.of());
  }

  public SendResult(int status, RateLimitInfo rateLimit, Map<Integer, String> refusedInputs) {
    this.status = status;
    this.rateLimit = rateLimit;
    this.refusedInputs = Collections.unmodifiableMap(new TreeMap<>(refusedInputs));
  }

  public int status() {
    return status;
  }

  public RateLimitInfo rateLimit() {
    return rateLimit;
  }

  /** Index of the input in the request to HubSpot's words about it (already redacted); usually empty. */
  public Map<Integer, String> refusedInputs() {
    return refusedInputs;
  }
}
