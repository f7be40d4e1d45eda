package io.github.connecthubspot.events.client;

import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/** An HTTP proxy every request goes through (CONNECT for https), with Basic credentials or none. */
public final class ProxySettings {
  private static final ProxySettings NONE = new ProxySettings(null, -1, null, null);

  private final String host;
  private final int port;
  private final String username;
  private final Password password;

  /**
   * @param host the proxy's host name or address
   * @param port its port
   * @param username the user for Basic proxy authentication, or null for none
   * @param password that user's password, or null
   */
  public ProxySettings(String host, int port, String username, Password password) {
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
  }

  /** Requests go straight to HubSpot. */
  public static ProxySettings none() {
    return NONE;
  }

  public Optional<String> host() {
    return Optional.ofNullable(host);
  }

  public int port() {
    return port;
  }

  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** The password as characters (empty when none was set). */
  char[] password() {
    return password == null ? new char[0] : password.value().toCharArray();
  }

  @Override
  public String toString() {
    return host == null ? "no proxy"
        : "proxy " + host + ":" + port + (username == null ? "" : " as " + username);
  }
}
