package io.github.connecthubspot.events.hubspot;

import static io.github.connecthubspot.events.hubspot.SimHttp.batchOf;
import static io.github.connecthubspot.events.hubspot.SimHttp.completion;
import static io.github.connecthubspot.events.hubspot.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHubSpotMainTest {

  @Test
  void startsFromCommandLineOptions(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("events.json");
    Files.writeString(events, "[{\"name\":\"pe42_signup\",\"properties\":{\"plan\":{\"type\":\"enumeration\",\"options\":[\"free\",\"pro\"]}}}]");
    LocalHubSpot.Builder b =
        LocalHubSpot.parseArgs(
            "--port", "0",
            "--token", "pat-a",
            "--token", "pat-noscope=",
            "--oauth-client", "cid:secret:rt",
            "--events", events.toString(),
            "--unknown-properties", "accept",
            "--portal-id", "42",
            "--batch-failure", "bad-items-only",
            "--duplicate-uuid=reject",
            "--ten-secondly", "100",
            "--secondly", "50",
            "--daily", "1000",
            "--retry-after-on-429", "true",
            "--seed", "5",
            "--fault", "503=0.0",
            "--max-batch", "2",
            "--threads", "3");
    try (LocalHubSpot sim = b.start()) {
      assertThat(sim.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
      SimHttp h = new SimHttp(sim.baseUrl(), "pat-a");
      assertThat(h.send(completion("pe42_signup", "{\"plan\":\"pro\",\"extra\":\"ok\"}")).statusCode()).isEqualTo(204);
      assertThat(json(h.send(completion("pe42_other", "{}"))).at("/errors/0/code").asText()).isEqualTo("UNKNOWN_EVENT");
      assertThat(json(h.send(completion("signup", "{}"))).at("/errors/0/code").asText()).isEqualTo("INVALID_EVENT_NAME");
      HttpResponse<String> r = h.send(completion("pe42_signup", "{}"));
      assertThat(r.headers().firstValue("X-HubSpot-RateLimit-Max")).contains("100");
      assertThat(r.headers().firstValue("X-HubSpot-RateLimit-Daily")).contains("1000");
      assertThat(
              h.batch(batchOf(completion("pe42_signup", "{}"), completion("pe42_signup", "{}"), completion("pe42_signup", "{}")))
                  .statusCode())
          .isEqualTo(400);
      // bad-items-only: the good one is recorded
      String bad = completion("pe42_signup", "{\"plan\":\"gold\"}");
      assertThat(h.batch(batchOf(completion("pe42_signup", "{}", "\"uuid\":\"z\""), bad)).statusCode()).isEqualTo(400);
      assertThat(sim.ledger().withUuid("z")).hasSize(1);
      // duplicate-uuid reject
      assertThat(h.send(completion("pe42_signup", "{}", "\"uuid\":\"z\"")).statusCode()).isEqualTo(400);
      assertThat(new SimHttp(sim.baseUrl(), "pat-noscope").send(completion("pe42_signup", "{}")).statusCode()).isEqualTo(403);
      assertThat(
              new SimHttp(sim.baseUrl(), null)
                  .form("/oauth/v1/token", "grant_type=refresh_token&client_id=cid&client_secret=secret&refresh_token=rt")
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void faultOptions() {
    LocalHubSpot.Builder b =
        LocalHubSpot.parseArgs("--no-rate-limits", "--counts-only", "--seed", "1", "--fault", "500=1.0");
    try (LocalHubSpot sim = b.start()) {
      HttpResponse<String> r = new SimHttp(sim.baseUrl(), LocalHubSpot.DEFAULT_TOKEN).send(completion("pe1_a", "{}"));
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.headers().firstValue("X-HubSpot-RateLimit-Max")).isEmpty();
    }
  }

  @Test
  void badOptionsExplainThemselves() {
    assertThatThrownBy(() -> LocalHubSpot.parseArgs("--bogus", "1")).hasMessageStartingWith("Unknown option --bogus\nUsage:");
    assertThatThrownBy(() -> LocalHubSpot.parseArgs("--port")).hasMessageStartingWith("Missing value for --port");
    assertThatThrownBy(() -> LocalHubSpot.parseArgs("--help")).hasMessageStartingWith("Usage:");
    assertThatThrownBy(() -> LocalHubSpot.parseArgs("--fault", "503")).hasMessage("--fault wants STATUS=SHARE, got 503");
    assertThatThrownBy(() -> LocalHubSpot.parseArgs("--fault", "503=0.7", "--reset-share", "0.7"))
        .hasMessageStartingWith("fault shares add up to more than 1");
  }
}
