package io.github.connecthubspot.events.hubspot;

import static io.github.connecthubspot.events.hubspot.SimHttp.batchOf;
import static io.github.connecthubspot.events.hubspot.SimHttp.completion;
import static io.github.connecthubspot.events.hubspot.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalHubSpotSendTest {
  private static final String EVENT = "pe1234567_manually_tracked_event";
  private static final String GUIDE_EXAMPLE =
      "{\"eventName\":\"pe1234567_manually_tracked_event\",\"properties\":{\"hs_page_title\":\"Sweepstakes Sign Up\","
          + "\"hs_page_content_type\":\"LANDING_PAGE\"},\"objectType\":\"contacts\",\"objectId\":\"6091051\"}";

  private final ManualClock clock = ManualClock.atDefaultInstant();
  private LocalHubSpot sim;
  private SimHttp http;

  @BeforeEach
  void start() {
    sim = LocalHubSpot.builder().clock(clock).token("pat-test").start();
    http = new SimHttp(sim.baseUrl(), "pat-test");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void guideExampleIsAcceptedAndRecorded() {
    HttpResponse<String> r = http.send(GUIDE_EXAMPLE);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("X-HubSpot-Correlation-Id")).isPresent();
    List<Occurrence> ledger = sim.ledger().occurrences();
    assertThat(ledger).hasSize(1);
    Occurrence o = ledger.get(0);
    assertThat(o.eventName()).isEqualTo(EVENT);
    assertThat(o.property("hs_page_title")).isEqualTo("Sweepstakes Sign Up");
    assertThat(o.completion().get("objectId").asText()).isEqualTo("6091051");
    assertThat(o.receivedAt()).isEqualTo(Instant.parse("2026-01-15T10:00:00Z"));
    assertThat(o.requestId()).isEqualTo(r.headers().firstValue("X-HubSpot-Correlation-Id").orElseThrow());
    assertThat(o.path()).isEqualTo("/events/v3/send");
    assertThat(o.batchIndex()).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/events/v3/send", "/events/2026-03/send", "/events/custom/2026-09/send"})
  void everySinglePathWorks(String path) {
    assertThat(http.post(path, GUIDE_EXAMPLE).statusCode()).isEqualTo(204);
    assertThat(sim.ledger().occurrences()).extracting(Occurrence::path).containsExactly(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/events/v3/send/batch", "/events/2026-03/send/batch", "/events/custom/2026-09/send/batch"})
  void everyBatchPathWorks(String path) {
    HttpResponse<String> r = http.post(path, batchOf(GUIDE_EXAMPLE, GUIDE_EXAMPLE.replace("6091051", "42")));
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(sim.ledger().occurrences()).extracting(Occurrence::batchIndex).containsExactly(0, 1);
    assertThat(sim.ledger().occurrences()).extracting(o -> o.completion().get("objectId").asText()).containsExactly("6091051", "42");
  }

  @Test
  void fiveHundredInputsAreAcceptedFiveHundredOneAreNot() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      items.add(completion(EVENT, "{}"));
    }
    assertThat(http.batch(batchOf(items.toArray(new String[0]))).statusCode()).isEqualTo(204);
    assertThat(sim.ledger().acceptedCount()).isEqualTo(500);

    items.add(completion(EVENT, "{}"));
    HttpResponse<String> r = http.batch(batchOf(items.toArray(new String[0])));
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("category").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(body.get("message").asText()).isEqualTo("Invalid input: inputs: A batch may contain at most 500 inputs, got 501");
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("TOO_MANY_INPUTS");
    assertThat(sim.ledger().acceptedCount()).isEqualTo(500);
  }

  @Test
  void batchErrorNamesTheFailingIndex() {
    String bad = completion(EVENT, "{\"Page_Title\":\"x\"}");
    HttpResponse<String> r = http.batch(batchOf(GUIDE_EXAMPLE, GUIDE_EXAMPLE, GUIDE_EXAMPLE, bad));
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    String err = "Property name 'Page_Title' is invalid: internal names must start with a letter and contain only"
        + " lowercase letters a-z, numbers 0-9 and underscores";
    assertThat(body.get("status").asText()).isEqualTo("error");
    assertThat(body.get("category").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(body.get("message").asText())
        .isEqualTo("Invalid input (1 of 4 inputs failed; nothing was recorded): inputs[3].properties.Page_Title: " + err);
    assertThat(body.get("correlationId").asText()).isEqualTo(r.headers().firstValue("X-HubSpot-Correlation-Id").orElseThrow());
    assertThat(body.at("/errors/0/in").asText()).isEqualTo("inputs[3].properties.Page_Title");
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("INVALID_PROPERTY_NAME");
    assertThat(body.at("/errors/0/message").asText()).isEqualTo(err);
    assertThat(body.at("/context/inputs[3].properties.Page_Title/0").asText()).isEqualTo(err);
    assertThat(body.at("/context/failedInputs/0").asText()).isEqualTo("3");
    assertThat(sim.ledger().occurrences()).isEmpty();
    assertThat(sim.stats().occurrencesDiscarded()).isEqualTo(3);
    assertThat(sim.stats().occurrencesInvalid()).isEqualTo(1);
  }

  @Test
  void missingEventNameAnswersLikeHubSpot() {
    HttpResponse<String> r = http.send("{\"properties\":{},\"utk\":\"abc\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("message").asText()).isEqualTo("Invalid input: eventName: This property is required");
    assertThat(body.at("/context/eventName/0").asText()).isEqualTo("This property is required");
    assertThat(body.at("/errors/0/in").asText()).isEqualTo("eventName");
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("REQUIRED");
  }

  @Test
  void malformedJsonIs400() {
    HttpResponse<String> r = http.send("{\"eventName\": \"x\", ");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("category").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(body.get("message").asText()).startsWith("Invalid input: body: Invalid input JSON on line 1, column ");
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("INVALID_JSON");
    assertThat(http.send(GUIDE_EXAMPLE + " {}").statusCode()).isEqualTo(400);
    assertThat(http.send("").statusCode()).isEqualTo(400);
    assertThat(json(http.send("")).get("message").asText()).isEqualTo("Invalid input: body: Request body is required");
  }

  @Test
  void batchBodyShapeIsChecked() {
    assertThat(json(http.batch("{}")).get("message").asText()).isEqualTo("Invalid input: inputs: This property is required");
    assertThat(json(http.batch("{\"inputs\":{}}")).get("message").asText())
        .isEqualTo("Invalid input: inputs: inputs must be an array of event completions");
    assertThat(json(http.batch("{\"inputs\":[]}")).get("message").asText())
        .isEqualTo("Invalid input: inputs: inputs must contain at least one event completion");
    assertThat(json(http.batch("[" + GUIDE_EXAMPLE + "]")).get("message").asText())
        .isEqualTo("Invalid input: body: A batch body must be an object {\"inputs\":[...]}");
    assertThat(json(http.batch("{\"inputs\":[3]}")).get("message").asText())
        .isEqualTo("Invalid input (1 of 1 inputs failed; nothing was recorded): inputs[0]: An event completion must be a JSON object");
  }

  @Test
  void severalViolationsAreAllListed() {
    HttpResponse<String> r = http.send("{\"eventName\":\"pe1_x\",\"properties\":{\"hs_asset_type\":\"PODCAST\"},\"email\":\"bad\"}");
    JsonNode body = json(r);
    assertThat(body.get("errors")).hasSize(2);
    assertThat(body.get("message").asText())
        .startsWith("Invalid input: email: Invalid email address 'bad'; properties.hs_asset_type: 'PODCAST' is not a valid option");
  }

  @Test
  void contentTypeMustBeJson() {
    HttpResponse<String> r =
        http.request(
            HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/events/v3/send"))
                .header("Authorization", "Bearer pat-test")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(GUIDE_EXAMPLE))
                .build());
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(json(r).get("message").asText())
        .isEqualTo("Unsupported Media Type: Content-Type must be application/json, got 'text/plain'");
    HttpResponse<String> charset =
        http.request(
            HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/events/v3/send"))
                .header("Authorization", "Bearer pat-test")
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(GUIDE_EXAMPLE))
                .build());
    assertThat(charset.statusCode()).isEqualTo(204);
  }

  @Test
  void gzipBodiesAreAccepted() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(batchOf(GUIDE_EXAMPLE).getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> r =
        http.request(
            HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/events/v3/send/batch"))
                .header("Authorization", "Bearer pat-test")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray()))
                .build());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(sim.ledger().acceptedCount()).isEqualTo(1);
  }

  @Test
  void wrongMethodAndUnknownPath() {
    HttpResponse<String> get = http.get("/events/v3/send");
    assertThat(get.statusCode()).isEqualTo(405);
    HttpResponse<String> nf = http.post("/events/v3/sends", GUIDE_EXAMPLE);
    assertThat(nf.statusCode()).isEqualTo(404);
    assertThat(json(nf).get("message").asText()).isEqualTo("No such endpoint: POST /events/v3/sends");
  }

  @Test
  void definitionsAreEnforcedOverHttp() {
    try (LocalHubSpot strict =
        LocalHubSpot.builder()
            .eventDefinition(EventDefinition.builder(EVENT).number("amount").build())
            .start()) {
      SimHttp h = new SimHttp(strict.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
      assertThat(h.send(completion(EVENT, "{\"amount\":\"12.50\"}")).statusCode()).isEqualTo(204);
      HttpResponse<String> r = h.send(completion(EVENT, "{\"amount\":\"1e3\"}"));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(json(r).at("/errors/0/code").asText()).isEqualTo("INVALID_NUMBER");
      HttpResponse<String> unknown = h.send(completion("pe1234567_other", "{}"));
      assertThat(json(unknown).get("message").asText())
          .isEqualTo("Invalid input: eventName: Event 'pe1234567_other' is not defined in this account");
    }
    try (LocalHubSpot lenient =
        LocalHubSpot.builder()
            .eventDefinition(EventDefinition.builder(EVENT).number("amount").build())
            .unknownEvents(LocalHubSpot.UnknownMode.ACCEPT)
            .unknownProperties(LocalHubSpot.UnknownMode.ACCEPT)
            .start()) {
      SimHttp h = new SimHttp(lenient.baseUrl(), LocalHubSpot.DEFAULT_TOKEN);
      assertThat(h.send(completion("pe1234567_other", "{\"x\":\"y\"}")).statusCode()).isEqualTo(204);
      assertThat(h.send(completion(EVENT, "{\"coupon\":\"y\"}")).statusCode()).isEqualTo(204);
    }
  }
}
