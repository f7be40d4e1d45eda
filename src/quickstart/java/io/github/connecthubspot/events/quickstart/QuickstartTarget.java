package io.github.connecthubspot.events.quickstart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * Where the quickstart sends its events: the local HubSpot endpoint it starts (the default), or
 * real HubSpot when {@code HUBSPOT_ACCESS_TOKEN} and {@code HUBSPOT_EVENT_NAME} are both set.
 *
 * <p>In both cases the connector config names the token as {@code ${env:HUBSPOT_ACCESS_TOKEN}} and
 * the worker resolves it with Kafka's {@code EnvVarConfigProvider}, so the token is never posted to
 * the Connect REST API, stored in the config topic or printed. Locally the worker's environment
 * holds the endpoint's token; for real HubSpot it inherits the user's.
 */
public final class QuickstartTarget {
  public static final String TOKEN_ENV = "HUBSPOT_ACCESS_TOKEN";
  public static final String EVENT_NAME_ENV = "HUBSPOT_EVENT_NAME";
  public static final String HUBSPOT_BASE_URL = "https://api.hubapi.com";
  /** The token the local endpoint accepts. */
  public static final String LOCAL_TOKEN = "pat-local";
  public static final String TOKEN_REFERENCE = "${env:" + TOKEN_ENV + "}";

  private final Optional<String> realEventName;

  private QuickstartTarget(Optional<String> realEventName) {
    this.realEventName = realEventName;
  }

  /**
   * Real HubSpot when both variables are set (not blank), the local endpoint when neither is.
   *
   * @throws IllegalArgumentException when only one is set
   */
  public static QuickstartTarget fromEnvironment(Map<String, String> env) {
    String token = env.getOrDefault(TOKEN_ENV, "").trim();
    String eventName = env.getOrDefault(EVENT_NAME_ENV, "").trim();
    if (token.isEmpty() && eventName.isEmpty()) {
      return new QuickstartTarget(Optional.empty());
    }
    if (token.isEmpty() || eventName.isEmpty()) {
      throw new IllegalArgumentException("To send to real HubSpot set both " + TOKEN_ENV + " and "
          + EVENT_NAME_ENV + " (only " + (token.isEmpty() ? EVENT_NAME_ENV : TOKEN_ENV)
          + " is set); to use the local endpoint set neither.");
    }
    return new QuickstartTarget(Optional.of(eventName));
  }

  public boolean isRealHubSpot() {
    return realEventName.isPresent();
  }

  /** The internal name every event gets in real HubSpot; empty for the local endpoint. */
  public Optional<String> realEventName() {
    return realEventName;
  }

  /** HubSpot's API, or the local endpoint listening on {@code localPort}. */
  public String baseUrl(int localPort) {
    return isRealHubSpot() ? HUBSPOT_BASE_URL : "http://127.0.0.1:" + localPort;
  }

  /** Worker settings that let connector configs read environment variables. */
  public Map<String, String> workerProperties() {
    return Map.of(
        "config.providers", "env",
        "config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
  }

  /** Added to the worker's environment: the local token, or nothing (the user's token is inherited). */
  public Map<String, String> workerEnvironment() {
    return isRealHubSpot() ? Map.of() : Map.of(TOKEN_ENV, LOCAL_TOKEN);
  }

  /**
   * The connector config to post, from the {@code config} object of the quickstart's connector file:
   * the base URL filled in, and for real HubSpot one event name for every topic.
   *
   * @throws IllegalArgumentException if the file's token is anything but {@link #TOKEN_REFERENCE}
   */
  public ObjectNode connectorConfig(ObjectNode template, int localPort) {
    String token = template.path("hubspot.access.token").asText();
    if (!TOKEN_REFERENCE.equals(token)) {
      throw new IllegalArgumentException("hubspot.access.token in the quickstart's connector config must be "
          + TOKEN_REFERENCE + " (the worker reads it from the environment), not a token");
    }
    ObjectNode config = template.deepCopy();
    config.put("hubspot.base.url", baseUrl(localPort));
    if (isRealHubSpot()) {
      config.remove("event.name.topic.mapping");
      config.remove("event.name.field");
      config.remove("hubspot.portal.id");
      config.put("event.name", realEventName.get());
    }
    return config;
  }
}
