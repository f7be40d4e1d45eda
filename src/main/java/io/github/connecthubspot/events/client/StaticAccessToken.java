package io.github.connecthubspot.events.client;

import org.apache.kafka.common.config.types.Password;

/** A private-app access token or service key: it does not change while the task runs. */
public final class StaticAccessToken implements AccessTokenProvider {
  private final Password token;

  public StaticAccessToken(Password token) {
    this.token = token;
  }

  @Override
  public String accessToken() {
    return token.value();
  }

  @Override
  public String toString() {
    return "StaticAccessToken[hidden]";
  }
}
