package io.github.connecthubspot.events.client;

import io.github.connecthubspot.events.model.Occurrence;
import java.io.Closeable;
import java.util.List;

/**
 * Sends occurrences to HubSpot. Implementations are thread-safe: the delivery step calls
 * {@link #send} from several threads at once, at most its in-flight bound.
 */
public interface HubSpotClient extends Closeable {

  /**
   * Sends one request: {@code POST /events/v3/send} for a single occurrence, {@code POST
   * /events/v3/send/batch} for several (at most 500).
   *
   * @return what HubSpot said of its rate limits on the (successful) answer
   * @throws HubSpotException with its {@link FailureKind} when HubSpot refused the request or it
   *     could not be sent
   */
  SendResult send(List<Occurrence> occurrences) throws HubSpotException;

  /**
   * Asks HubSpot whether it takes the credentials, without creating an event.
   *
   * @throws HubSpotException when HubSpot refused them (401, 403); an answer that says nothing
   *     about them returns normally
   */
  default void checkCredentials() throws HubSpotException {}

  @Override
  void close();
}
