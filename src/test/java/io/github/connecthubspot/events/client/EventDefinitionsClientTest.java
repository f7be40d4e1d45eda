package io.github.connecthubspot.events.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.connecthubspot.events.client.EventDefinitionsReader.Outcome;
import io.github.connecthubspot.events.client.EventDefinitionsReader.Result;
import io.github.connecthubspot.events.hubspot.EventDefinition;
import io.github.connecthubspot.events.hubspot.LocalHubSpot;
import io.github.connecthubspot.events.model.ApiVersion;
import io.github.connecthubspot.events.model.EventDefinition.PropertyType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading definitions over HTTP: the local endpoint for HubSpot's shapes, a bare server for bad answers. */
class EventDefinitionsClientTest {
  private static final String TOKEN = "pat-defs-secret-0123";
  private static final long TIMEOUT_MS = 5_000;
  private static final EventDefinition DEAL = EventDefinition.builder("pe42_deal_won")
      .primaryObject("DEAL").enumeration("plan", "free", "pro").number("amount").datetime("at")
      .date("day").string("note").build();

  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private EventDefinitionsClient client(String baseUrl, ApiVersion version) {
    CloseableHttpClient http = HttpConnections.create(Duration.ofSeconds(2), Duration.ofSeconds(5), 2,
        TlsSettings.jvmDefaults(), ProxySettings.none());
    closing.add(() -> http.close(CloseMode.IMMEDIATE));
    EventDefinitionsClient client = new EventDefinitionsClient(baseUrl, version,
        new StaticAccessToken(new Password(TOKEN)), http, "test", Time.SYSTEM);
    closing.add(client);
    return client;
  }

  private LocalHubSpot hubspot(LocalHubSpot.Builder b) {
    LocalHubSpot sim = b.token(TOKEN).start();
    closing.add(sim);
    return sim;
  }

  /** A bare server answering every request {@code status} with {@code body}. */
  private String server(int status, String body) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      asked.add(ex.getRequestURI().toString());
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    closing.add(() -> server.stop(0));
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void readsADefinitionWithItsTypesOptionsAndPrimaryObject() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(DEAL));
    Result r = client(sim.baseUrl(), ApiVersion.V3).read("pe42_deal_won", TIMEOUT_MS);

    assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
    io.github.connecthubspot.events.model.EventDefinition d = r.definition();
    assertThat(d.fullyQualifiedName()).isEqualTo("pe42_deal_won");
    assertThat(d.name()).isEqualTo("deal_won");
    assertThat(d.primaryObject()).isEqualTo("DEAL");
    assertThat(d.onContacts()).isFalse();
    assertThat(d.customMatching()).isFalse();
    assertThat(d.property("plan").type()).isEqualTo(PropertyType.ENUMERATION);
    assertThat(d.property("plan").options()).containsExactly("free", "pro");
    assertThat(d.property("amount").type()).isEqualTo(PropertyType.NUMBER);
    assertThat(d.property("at").type()).isEqualTo(PropertyType.DATETIME);
    assertThat(d.property("day").type()).isEqualTo(PropertyType.DATE);
    assertThat(d.property("note").type()).isEqualTo(PropertyType.STRING);
    assertThat(sim.definitionRequests()).isEqualTo(1);
  }

  @Test
  void aHubSpotThatKnowsOnlyShortNamesIsAskedByTheShortNameAfterA404() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(DEAL)
        .definitionNames(LocalHubSpot.DefinitionNames.SHORT));
    Result r = client(sim.baseUrl(), ApiVersion.V3).read("pe42_deal_won", TIMEOUT_MS);
    assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
    assertThat(r.definition().fullyQualifiedName()).isEqualTo("pe42_deal_won");
    assertThat(sim.definitionRequests()).isEqualTo(2);
  }

  @Test
  void aHubSpotThatKnowsOnlyFullNamesIsAskedOnce() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(DEAL)
        .definitionNames(LocalHubSpot.DefinitionNames.FULL));
    assertThat(client(sim.baseUrl(), ApiVersion.V3).read("pe42_deal_won", TIMEOUT_MS).outcome())
        .isEqualTo(Outcome.FOUND);
    assertThat(sim.definitionRequests()).isEqualTo(1);
  }

  @Test
  void anUnknownEventIsNotFoundByEitherName() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(DEAL));
    Result r = client(sim.baseUrl(), ApiVersion.V3).read("pe42_nope", TIMEOUT_MS);
    assertThat(r.outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(r.detail()).isEqualTo("GET /events/v3/event-definitions/pe42_nope answered 404;"
        + " GET /events/v3/event-definitions/nope answered 404");
  }

  @Test
  void withoutTheScopeItIsForbidden() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(DEAL).definitionsScope(false));
    EventDefinitionsClient client = client(sim.baseUrl(), ApiVersion.V3);
    assertThat(client.probe(TIMEOUT_MS).outcome()).isEqualTo(Outcome.FORBIDDEN);
    assertThat(client.read("pe42_deal_won", TIMEOUT_MS).outcome()).isEqualTo(Outcome.FORBIDDEN);
  }

  @Test
  void theProbeFindsTheDatedPathHubSpotHas() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(DEAL).disablePath("/events/2026-03/"));
    EventDefinitionsClient client = client(sim.baseUrl(), ApiVersion.V2026_03);
    assertThat(client.path()).isEqualTo("/events/2026-03/event-definitions");

    Result probe = client.probe(TIMEOUT_MS);

    assertThat(probe.outcome()).isEqualTo(Outcome.FOUND);
    assertThat(client.path()).isEqualTo("/events/custom/2026-03/event-definitions");
    assertThat(client.read("pe42_deal_won", TIMEOUT_MS).outcome()).isEqualTo(Outcome.FOUND);
    assertThat(sim.definitionRequests()).isEqualTo(3);
  }

  @Test
  void theProbeIsNotFoundWhenNoPathOfTheVersionExists() {
    LocalHubSpot sim = hubspot(LocalHubSpot.builder().eventDefinition(DEAL).disablePath("/events/2026-03/")
        .disablePath("/events/custom/2026-03/"));
    Result probe = client(sim.baseUrl(), ApiVersion.V2026_03).probe(TIMEOUT_MS);
    assertThat(probe.outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(probe.detail()).contains("GET /events/2026-03/event-definitions?limit=1 answered 404")
        .contains("GET /events/custom/2026-03/event-definitions?limit=1 answered 404");
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503, 401, 418})
  void otherStatusesFail(int status) throws IOException {
    Result r = client(server(status, "{\"message\":\"" + TOKEN + "\"}"), ApiVersion.V3)
        .read("pe42_x", TIMEOUT_MS);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.detail()).isEqualTo("GET /events/v3/event-definitions/pe42_x answered " + status)
        .doesNotContain(TOKEN);
    assertThat(asked).hasSize(1);
  }

  @Test
  void a429IsRateLimited() throws IOException {
    Result r = client(server(429, "{\"policyName\":\"TEN_SECONDLY_ROLLING\"}"), ApiVersion.V3)
        .read("pe42_x", TIMEOUT_MS);
    assertThat(r.outcome()).isEqualTo(Outcome.RATE_LIMITED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1,2]", "\"text\"", "{\"properties\":"})
  void aBodyThatIsNotADefinitionFails(String body) throws IOException {
    Result r = client(server(200, body), ApiVersion.V3).read("pe42_x", TIMEOUT_MS);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.detail()).endsWith("with a body that is not a definition");
  }

  @Test
  void aBodyOverTheCapFails() throws IOException {
    String big = "{\"name\":\"" + "x".repeat(EventDefinitionsClient.MAX_BODY_BYTES) + "\"}";
    Result r = client(server(200, big), ApiVersion.V3).read("pe42_x", TIMEOUT_MS);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.detail()).contains("with a body over 1048576 bytes");
  }

  @Test
  void theDefinitionOfAnotherEventIsNotTaken() throws IOException {
    Result r = client(server(200, "{\"fullyQualifiedName\":\"pe42_other\"}"), ApiVersion.V3)
        .read("pe42_x", TIMEOUT_MS);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.detail()).endsWith("with the definition of another event");
  }

  @Test
  void everyFieldIsOptionalAndWrongTypesAreLeftOut() throws IOException {
    String body = "{\"name\":7,\"primaryObject\":[\"x\"],\"customMatchingId\":{\"primaryObjectRule\":{}},"
        + "\"properties\":[null, 3, {\"type\":\"number\"}, {\"name\":\"a\"},"
        + " {\"name\":\"b\",\"type\":\"enumeration\",\"options\":[null,\"bare\",{\"label\":\"L\"},"
        + "{\"value\":5},{\"value\":\"ok\"}]}, {\"name\":\"c\",\"type\":\"percent\"},"
        + " {\"name\":\"a\",\"type\":\"number\"}, {\"name\":\"" + "n".repeat(300) + "\"}]}";
    Result r = client(server(200, body), ApiVersion.V3).read("pe42_x", TIMEOUT_MS);

    assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
    io.github.connecthubspot.events.model.EventDefinition d = r.definition();
    assertThat(d.name()).isNull();
    assertThat(d.fullyQualifiedName()).isNull();
    assertThat(d.primaryObject()).isEqualTo("CONTACT");
    assertThat(d.customMatching()).isTrue();
    assertThat(d.properties()).containsOnlyKeys("a", "b", "c");
    assertThat(d.property("a").type()).as("the first of two").isEqualTo(PropertyType.OTHER);
    assertThat(d.property("b").options()).containsExactly("ok");
    assertThat(d.property("c").type()).isEqualTo(PropertyType.OTHER);
  }

  @Test
  void namesThatAreNotHubSpotNamesAreNotAskedFor() throws IOException {
    EventDefinitionsClient client = client(server(200, "{}"), ApiVersion.V3);
    for (String name : List.of("Pe42_Upper", "pe42_a/../b", "pe42_%2F", "x".repeat(201), "")) {
      assertThat(client.read(name, TIMEOUT_MS).outcome()).as(name).isEqualTo(Outcome.FAILED);
    }
    assertThat(client.read(null, TIMEOUT_MS).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(asked).isEmpty();
  }

  @Test
  void noAnswerFailsWithinTheDeadline() throws IOException {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Result r = client("http://127.0.0.1:" + port, ApiVersion.V3).read("pe42_x", TIMEOUT_MS);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.detail()).startsWith("GET /events/v3/event-definitions/pe42_x got no complete answer");
  }

  /** {@code readable} is the pattern {@code [a-z0-9_]{1,200}}, written as a loop: the same answers. */
  @Test
  void aReadableNameIsExactlyOneThePatternMatches() {
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("[a-z0-9_]{1,200}");
    java.util.Random random = new java.util.Random(14);
    String alphabet = "abcxyz09_AZ-. \u00e9\u0130";
    for (int i = 0; i < 50_000; i++) {
      int length = random.nextInt(10) == 0 ? 195 + random.nextInt(10) : random.nextInt(12);
      StringBuilder name = new StringBuilder(length);
      boolean plain = random.nextBoolean();
      for (int j = 0; j < length; j++) {
        name.append(alphabet.charAt(random.nextInt(plain ? 9 : alphabet.length())));
      }
      String s = name.toString();
      assertThat(EventDefinitionsClient.readable(s)).as("'%s'", s).isEqualTo(pattern.matcher(s).matches());
    }
    assertThat(EventDefinitionsClient.readable(null)).isFalse();
  }
}
