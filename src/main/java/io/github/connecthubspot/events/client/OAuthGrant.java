package io.github.connecthubspot.events.client;

import java.util.Locale;

/** How the connector gets an OAuth access token from HubSpot's token endpoint. */
public enum OAuthGrant {
  /** An app installed in the account: client id, client secret and the refresh token. */
  REFRESH_TOKEN("refresh_token"),
  /** An app acting on its own: client id and client secret (only on {@code /oauth/2026-03/token}). */
  CLIENT_CREDENTIALS("client_credentials");

  private final String wireName;

  OAuthGrant(String wireName) {
    this.wireName = wireName;
  }

  /** The {@code grant_type} sent to the token endpoint, also the setting's value. */
  public String wireName() {
    return wireName;
  }

  /** The grant named {@code value} (any case). */
  public static OAuthGrant parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (OAuthGrant g : values()) {
      if (g.wireName.equals(wanted)) {
        return g;
      }
    }
    throw new IllegalArgumentException("not an OAuth grant type: " + value);
  }
}
