package io.github.connecthubspot.events.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event-definitions paths of the local endpoint: HubSpot's shape, names, 401/403/404, versions. */
class LocalHubSpotDefinitionsTest {
  private static final String TOKEN = "pat-defs";
  private static final EventDefinition DEAL_STAGE = EventDefinition.builder("pe42_deal_stage")
      .primaryObject("DEAL").label("Deal stage")
      .property(new EventDefinition.PropertyDefinition("stage", EventDefinition.PropertyType.ENUMERATION,
          new java.util.LinkedHashSet<>(List.of("open", "won")), "Stage", java.util.Map.of("won", "Won!")))
      .number("amount").build();
  private static final EventDefinition VIEWED = EventDefinition.builder("pe42_viewed").string("page").build();

  private static LocalHubSpot.Builder hubspot() {
    return LocalHubSpot.builder().token(TOKEN).eventDefinition(DEAL_STAGE).eventDefinition(VIEWED);
  }

  private static HttpResponse<String> get(LocalHubSpot sim, String path, String token) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
        .timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return new SimHttp(sim.baseUrl(), token).request(r.build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/events/v3/event-definitions", "/events/2026-03/event-definitions",
      "/events/custom/2026-03/event-definitions"})
  void readsADefinitionInHubSpotsShapeOnEveryVersionsPath(String base) {
    try (LocalHubSpot sim = hubspot().start()) {
      HttpResponse<String> r = get(sim, base + "/pe42_deal_stage", TOKEN);

      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode d = SimHttp.json(r);
      assertThat(d.path("name").asText()).isEqualTo("deal_stage");
      assertThat(d.path("fullyQualifiedName").asText()).isEqualTo("pe42_deal_stage");
      assertThat(d.path("primaryObject").asText()).isEqualTo("DEAL");
      assertThat(d.path("labels").path("singular").asText()).isEqualTo("Deal stage");
      JsonNode stage = d.path("properties").get(0);
      assertThat(stage.path("name").asText()).isEqualTo("stage");
      assertThat(stage.path("label").asText()).isEqualTo("Stage");
      assertThat(stage.path("type").asText()).isEqualTo("enumeration");
      assertThat(stage.path("options").toString())
          .isEqualTo("[{\"label\":\"open\",\"value\":\"open\"},{\"label\":\"Won!\",\"value\":\"won\"}]");
      assertThat(d.path("properties").get(1).path("type").asText()).isEqualTo("number");
      assertThat(sim.definitionRequests()).isEqualTo(1);
      assertThat(sim.stats().sendRequests()).isZero();
    }
  }

  @Test
  void aDefinitionWithoutPrimaryObjectIsOnContacts() {
    try (LocalHubSpot sim = hubspot().start()) {
      JsonNode d = SimHttp.json(get(sim, "/events/v3/event-definitions/pe42_viewed", TOKEN));
      assertThat(d.path("primaryObject").asText()).isEqualTo("CONTACT");
      assertThat(d.path("labels").path("singular").asText()).isEqualTo("viewed");
    }
  }

  @Test
  void listsTheDefinitionsUpToTheLimit() {
    try (LocalHubSpot sim = hubspot().start()) {
      JsonNode all = SimHttp.json(get(sim, "/events/v3/event-definitions", TOKEN));
      assertThat(all.path("total").asInt()).isEqualTo(2);
      assertThat(all.path("results")).hasSize(2);
      JsonNode one = SimHttp.json(get(sim, "/events/2026-03/event-definitions?limit=1", TOKEN));
      assertThat(one.path("results")).hasSize(1);
    }
  }

  @Test
  void findsByFullAndShortNameOrOnlyOneWayWhenToldTo() {
    try (LocalHubSpot sim = hubspot().start()) {
      assertThat(get(sim, "/events/v3/event-definitions/pe42_viewed", TOKEN).statusCode()).isEqualTo(200);
      assertThat(get(sim, "/events/v3/event-definitions/viewed", TOKEN).statusCode()).isEqualTo(200);

      sim.definitionNames(LocalHubSpot.DefinitionNames.FULL);
      assertThat(get(sim, "/events/v3/event-definitions/pe42_viewed", TOKEN).statusCode()).isEqualTo(200);
      assertThat(get(sim, "/events/v3/event-definitions/viewed", TOKEN).statusCode()).isEqualTo(404);

      sim.definitionNames(LocalHubSpot.DefinitionNames.SHORT);
      assertThat(get(sim, "/events/v3/event-definitions/pe42_viewed", TOKEN).statusCode()).isEqualTo(404);
      assertThat(get(sim, "/events/v3/event-definitions/viewed", TOKEN).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anUnknownNameIsA404WithHubSpotsErrorBody() {
    try (LocalHubSpot sim = hubspot().start()) {
      HttpResponse<String> r = get(sim, "/events/v3/event-definitions/pe42_nope", TOKEN);
      assertThat(r.statusCode()).isEqualTo(404);
      JsonNode body = SimHttp.json(r);
      assertThat(body.path("status").asText()).isEqualTo("error");
      assertThat(body.path("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
      assertThat(body.path("message").asText()).contains("pe42_nope");
      assertThat(body.path("correlationId").asText()).isNotEmpty();
    }
  }

  @Test
  void authenticatesLikeTheSendPathAnd403sWithoutTheScope() {
    try (LocalHubSpot sim = hubspot().start()) {
      assertThat(get(sim, "/events/v3/event-definitions/pe42_viewed", null).statusCode()).isEqualTo(401);
      assertThat(get(sim, "/events/v3/event-definitions/pe42_viewed", "pat-unknown").statusCode())
          .isEqualTo(401);

      sim.definitionsScope(false);
      HttpResponse<String> r = get(sim, "/events/v3/event-definitions/pe42_viewed", TOKEN);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(SimHttp.json(r).path("category").asText()).isEqualTo("MISSING_SCOPES");
      assertThat(r.body()).contains("behavioral_events.event_definitions.read_write");
    }
    try (LocalHubSpot sim = LocalHubSpot.parseArgs("--token", TOKEN, "--definitions-scope=false")
        .eventDefinition(VIEWED).start()) {
      assertThat(get(sim, "/events/v3/event-definitions", TOKEN).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void withoutDefinitionsEveryDefinitionsPathIs404() {
    try (LocalHubSpot sim = LocalHubSpot.builder().token(TOKEN).start()) {
      HttpResponse<String> r = get(sim, "/events/v3/event-definitions?limit=1", TOKEN);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).contains("--events");
    }
  }

  @Test
  void aDisabledPathIs404LikeAHubSpotWithoutIt() {
    try (LocalHubSpot sim = LocalHubSpot.parseArgs("--token", TOKEN, "--disable-path", "/events/2026-03/")
        .eventDefinition(VIEWED).start()) {
      assertThat(get(sim, "/events/2026-03/event-definitions/pe42_viewed", TOKEN).statusCode()).isEqualTo(404);
      assertThat(get(sim, "/events/custom/2026-03/event-definitions/pe42_viewed", TOKEN).statusCode())
          .isEqualTo(200);
      SimHttp http = new SimHttp(sim.baseUrl(), TOKEN);
      String one = "{\"eventName\":\"pe42_viewed\",\"email\":\"a@example.com\",\"properties\":{}}";
      assertThat(http.post("/events/2026-03/send", one).statusCode()).isEqualTo(404);
      assertThat(http.post("/events/custom/2026-03/send", one).statusCode()).isEqualTo(204);
      assertThat(sim.ledger().occurrences()).singleElement()
          .satisfies(o -> assertThat(o.path()).isEqualTo("/events/custom/2026-03/send"));
    }
  }

  @Test
  void theEventsFileGivesPrimaryObjectAndLabels() throws Exception {
    JsonNode file = SimHttp.MAPPER.readTree("[{\"fullyQualifiedName\":\"pe42_closed\",\"primaryObject\":\"deal\","
        + "\"labels\":{\"singular\":\"Closed\"},\"properties\":[{\"name\":\"plan\",\"label\":\"Plan\","
        + "\"type\":\"enumeration\",\"options\":[{\"label\":\"Pro\",\"value\":\"pro\"}]}]}]");
    EventDefinition d = EventDefinition.parse(file).get(0);
    assertThat(d.primaryObject()).isEqualTo("deal");
    assertThat(d.label()).isEqualTo("Closed");
    assertThat(d.shortName()).isEqualTo("closed");
    assertThat(d.properties().get("plan").label()).isEqualTo("Plan");
    assertThat(d.properties().get("plan").optionLabel("pro")).isEqualTo("Pro");
  }
}
