package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The event-definitions endpoints, read only: {@code GET <path>} lists the known definitions
 * ({@code ?limit=N}), {@code GET <path>/{eventName}} reads one, by its fully qualified name
 * ({@code pe<portalId>_<name>}) or its short name ({@link LocalHubSpot.DefinitionNames} says which
 * this instance answers, HubSpot's choice being unconfirmed). Authentication as for the send
 * paths (401), then 403 {@code MISSING_SCOPES} when the scope is switched off. Without any known
 * definition every definitions path answers 404, as a HubSpot without that API would: a connector
 * then keeps to the generic rules, as the send endpoint (which then accepts any event) does.
 */
final class DefinitionsEndpoint {
  /** The scope HubSpot asks for on these endpoints. */
  static final String SCOPE = "behavioral_events.event_definitions.read_write";
  /** Every version's definitions path (the two 2026-03 variants HubSpot's documents name). */
  static final List<String> PATHS = List.of("/events/v3/event-definitions",
      "/events/2026-03/event-definitions", "/events/custom/2026-03/event-definitions");

  private final Map<String, EventDefinition> definitions;
  private final Authentication authentication;
  private final Answers answers;
  private final Switches switches;
  private final SimCounters counters;
  private final ObjectMapper mapper;
  private final Clock clock;

  DefinitionsEndpoint(Map<String, EventDefinition> definitions, Authentication authentication,
      Answers answers, Switches switches, SimCounters counters, ObjectMapper mapper, Clock clock) {
    this.definitions = Map.copyOf(definitions);
    this.authentication = authentication;
    this.answers = answers;
    this.switches = switches;
    this.counters = counters;
    this.mapper = mapper;
    this.clock = clock;
  }

  /** The definitions path {@code path} starts with, or null. */
  static String base(String path) {
    for (String base : PATHS) {
      if (path.equals(base) || path.startsWith(base + "/")) {
        return base;
      }
    }
    return null;
  }

  void handle(HttpExchange ex, String base, String path, String method, String requestId)
      throws IOException {
    if (definitions.isEmpty()) { // plays no definitions API: a connector keeps to the generic rules
      answers.error(404, "OBJECT_NOT_FOUND", "No such endpoint: " + method + " " + path
          + " (this LocalHubSpot knows no event definitions: start it with --events FILE)",
          requestId, null).answer(ex, counters);
      return;
    }
    if (!"GET".equals(method)) {
      answers.error(405, "error", "Method " + method + " is not allowed; use GET", requestId, null)
          .answer(ex, counters);
      return;
    }
    Outcome refused = authentication.authenticate(ex, clock.millis(), requestId, null);
    if (refused == null && !switches.definitionsScope) {
      refused = answers.error(403, "MISSING_SCOPES", "This app hasn't been granted all required"
          + " scopes to make this call. Read more about required scopes here:"
          + " https://developers.hubspot.com/scopes.", requestId,
          Map.of("requiredGranularScopes", List.of(SCOPE)));
    }
    if (refused != null) {
      refused.answer(ex, counters);
      return;
    }
    String rest = path.substring(base.length());
    if (rest.isEmpty() || rest.equals("/")) {
      list(ex, limit(ex.getRequestURI().getRawQuery()));
      return;
    }
    String name = rest.substring(1);
    EventDefinition found = find(name);
    if (found == null) {
      answers.error(404, "OBJECT_NOT_FOUND", "Event definition '" + name + "' was not found",
          requestId, null).answer(ex, counters);
      return;
    }
    answers.json(200, json(found), Map.of()).answer(ex, counters);
  }

  private EventDefinition find(String name) {
    LocalHubSpot.DefinitionNames names = switches.definitionNames;
    for (EventDefinition d : definitions.values()) {
      boolean full = d.name().equals(name) && names != LocalHubSpot.DefinitionNames.SHORT;
      boolean brief = d.shortName().equals(name) && names != LocalHubSpot.DefinitionNames.FULL;
      if (full || brief) {
        return d;
      }
    }
    return null;
  }

  private void list(HttpExchange ex, int limit) throws IOException {
    ObjectNode root = mapper.createObjectNode();
    Collection<EventDefinition> all = definitions.values();
    root.put("total", all.size());
    ArrayNode results = root.putArray("results");
    List<EventDefinition> shown = new ArrayList<>(all);
    shown.subList(0, Math.min(limit, shown.size())).forEach(d -> results.add(json(d)));
    answers.json(200, root, Map.of()).answer(ex, counters);
  }

  private static int limit(String query) {
    String value = query == null ? null : Requests.parseQuery(query).get("limit");
    try {
      return value == null ? 100 : Math.max(0, Math.min(500, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      return 100;
    }
  }

  /** A definition in HubSpot's shape. */
  private ObjectNode json(EventDefinition d) {
    ObjectNode node = mapper.createObjectNode();
    node.put("name", d.shortName());
    node.put("fullyQualifiedName", d.name());
    node.put("primaryObject", d.primaryObject());
    ObjectNode labels = node.putObject("labels");
    labels.put("singular", d.label());
    labels.putNull("plural");
    node.put("archived", false);
    ArrayNode properties = node.putArray("properties");
    for (EventDefinition.PropertyDefinition p : d.properties().values()) {
      ObjectNode prop = properties.addObject();
      prop.put("name", p.name());
      prop.put("label", p.label());
      prop.put("type", p.type().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode options = prop.putArray("options");
      for (String value : p.options()) {
        ObjectNode option = options.addObject();
        option.put("label", p.optionLabel(value));
        option.put("value", value);
      }
    }
    return node;
  }
}
