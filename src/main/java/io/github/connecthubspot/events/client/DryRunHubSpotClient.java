package io.github.connecthubspot.events.client;

import io.github.connecthubspot.events.model.Occurrence;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hubspot.dry.run=true}: answers every send as HubSpot's 204 without sending anything, and
 * counts the batch. The credentials check still asks HubSpot (an empty batch creates nothing).
 */
public final class DryRunHubSpotClient implements HubSpotClient {
  private static final Logger log = LoggerFactory.getLogger(DryRunHubSpotClient.class);

  private final HubSpotClient delegate;
  private final Runnable onBatch;

  /**
   * @param delegate the real client: its credentials check is used, its send never
   * @param onBatch called once per batch not sent (a metric)
   */
  public DryRunHubSpotClient(HubSpotClient delegate, Runnable onBatch) {
    this.delegate = delegate;
    this.onBatch = onBatch;
  }

  @Override
  public SendResult send(List<Occurrence> occurrences) {
    if (occurrences.isEmpty()) {
      throw new IllegalArgumentException("nothing to send");
    }
    onBatch.run();
    log.debug("Dry run: a batch of {} occurrence(s) not sent to HubSpot", occurrences.size());
    return new SendResult(204, RateLimitInfo.NONE);
  }

  @Override
  public void checkCredentials() throws HubSpotException {
    delegate.checkCredentials();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
