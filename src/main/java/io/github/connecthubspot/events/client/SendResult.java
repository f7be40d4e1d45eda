package io.github.connecthubspot.events.client;

/** A successful send: HubSpot's status (204) and its rate-limit headers. */
public final class SendResult {
  private final int status;
  private final RateLimitInfo rateLimit;

  public SendResult(int status, RateLimitInfo rateLimit) {
    this.status = status;
    this.rateLimit = rateLimit;
  }

  public int status() {
    return status;
  }

  public RateLimitInfo rateLimit() {
    return rateLimit;
  }
}
