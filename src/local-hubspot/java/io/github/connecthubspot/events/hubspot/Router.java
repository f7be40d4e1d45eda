package io.github.connecthubspot.events.hubspot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.util.UUID;

/**
 * Sends each request to its endpoint: {@code /_sim/*} to {@link AdminRoutes}, the send paths to
 * {@link SendEndpoint}, the event-definitions paths to {@link DefinitionsEndpoint}, the OAuth token paths to {@link Authentication}, anything else (and any path switched off) 404. Every request
 * but the {@code /_sim} ones is counted and gets an {@code X-HubSpot-Correlation-Id}.
 */
final class Router implements HttpHandler {
  private final SendEndpoint send;
  private final DefinitionsEndpoint definitions;
  private final Switches switches;
  private final Authentication authentication;
  private final AdminRoutes admin;
  private final Answers answers;
  private final SimCounters counters;

  Router(SendEndpoint send, DefinitionsEndpoint definitions, Switches switches, Authentication authentication,
      AdminRoutes admin, Answers answers, SimCounters counters) {
    this.send = send;
    this.definitions = definitions;
    this.switches = switches;
    this.authentication = authentication;
    this.admin = admin;
    this.answers = answers;
    this.counters = counters;
  }

  @Override
  public void handle(HttpExchange ex) {
    String requestId = null;
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.startsWith(AdminRoutes.PREFIX)) {
        admin.handle(ex, path, method);
        return;
      }
      requestId = UUID.randomUUID().toString();
      counters.requests.increment();
      ex.getResponseHeaders().set("X-HubSpot-Correlation-Id", requestId);
      boolean single = SendEndpoint.SINGLE.contains(path);
      String definitionsBase = DefinitionsEndpoint.base(path);
      boolean sending = single || SendEndpoint.BATCH.contains(path);
      if (sending) {
        counters.sendRequests.increment();
      } else if (definitionsBase != null) {
        counters.definitionRequests.increment();
      }
      if (switches.disabledPaths.stream().anyMatch(path::startsWith)) {
        answers.error(404, "OBJECT_NOT_FOUND", "No such endpoint: " + method + " " + path, requestId, null).answer(ex, counters);
      } else if (sending) {
        if (!"POST".equals(method)) {
          answers.error(405, "error", "Method " + method + " is not allowed; use POST", requestId, null).answer(ex, counters);
          return;
        }
        send.handle(ex, path, !single, requestId);
      } else if (definitionsBase != null) {
        definitions.handle(ex, definitionsBase, path, method, requestId);
      } else if (Authentication.OAUTH_V1.equals(path) || Authentication.OAUTH_2026.equals(path)) {
        authentication.handleToken(ex, Authentication.OAUTH_V1.equals(path), method, requestId);
      } else {
        answers.error(404, "OBJECT_NOT_FOUND", "No such endpoint: " + method + " " + path, requestId, null).answer(ex, counters);
      }
    } catch (Exception e) {
      try {
        answers
            .error(500, "INTERNAL_ERROR", "Simulator failure: " + e, requestId == null ? "-" : requestId, null)
            .answer(ex, counters);
      } catch (Exception ignored) {
        ex.close();
      }
    }
  }
}
