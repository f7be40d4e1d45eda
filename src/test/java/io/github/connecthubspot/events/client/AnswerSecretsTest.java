package io.github.connecthubspot.events.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.connecthubspot.events.model.HubSpotError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

/**
 * An answer that echoes the OAuth client secret or refresh token behind the access token loses
 * them as it is parsed, like the access token itself.
 */
class AnswerSecretsTest {
  private static final String ACCESS = "access-0123456789";
  private static final String SECRET = "client-secret-0123456789";
  private static final String REFRESH = "refresh-token-0123456789";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyEchoedSecretIsHiddenInEveryField() {
    AnswerParser parser = new AnswerParser(ACCESS, List.of(SECRET, REFRESH));
    String all = ACCESS + " " + SECRET + " " + REFRESH;
    HubSpotError error = parser.parse(bytes("{\"message\":\"" + all + "\",\"correlationId\":\""
        + all + "\",\"context\":{\"" + all + "\":[\"" + all + "\"]}}"));
    String seen = error.message + " " + error.correlationId + " " + error.context;
    assertThat(seen).doesNotContain(ACCESS).doesNotContain(SECRET).doesNotContain(REFRESH)
        .contains("[hidden] [hidden] [hidden]");

    HubSpotError unparsed = parser.parse(bytes("not json " + all));
    assertThat(unparsed.message).isEqualTo("not json [hidden] [hidden] [hidden]");
  }

  @Test
  void aSecretHoldingAnotherIsHiddenWhole() {
    AnswerParser parser = new AnswerParser("abc", List.of("abcdef", ""));
    assertThat(parser.parse(bytes("xabcdefx abc")).message).isEqualTo("x[hidden]x [hidden]");
  }

  @Test
  void theOAuthProviderNamesItsClientSecretAndRefreshToken() {
    OAuthTokenProvider provider = new OAuthTokenProvider(
        new OAuthSettings(OAuthGrant.REFRESH_TOKEN, "app-1", new Password(SECRET),
            new Password(REFRESH), Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(15)),
        new TokenEndpoint("http://127.0.0.1:9/oauth/2026-03/token", null, "test"), new MockTime());
    assertThat(provider.otherSecrets()).containsExactlyInAnyOrder(SECRET, REFRESH);
    assertThat(new StaticAccessToken(new Password(ACCESS)).otherSecrets()).isEmpty();
  }
}
