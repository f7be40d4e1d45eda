package io.github.connecthubspot.events.hubspot;

import java.util.Objects;

/**
 * One validation failure: where ({@code in}, e.g. {@code inputs[3].properties.Page_Title}), a stable
 * simulator-specific code (HubSpot's own codes are not documented) and a human-readable message.
 */
public final class Violation {
  private final String in;
  private final String code;
  private final String message;

  public Violation(String in, String code, String message) {
    this.in = Objects.requireNonNull(in);
    this.code = Objects.requireNonNull(code);
    this.message = Objects.requireNonNull(message);
  }

  public String in() {
    return in;
  }

  public String code() {
    return code;
  }

  public String message() {
    return message;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Violation)) {
      return false;
    }
    Violation v = (Violation) o;
    return in.equals(v.in) && code.equals(v.code) && message.equals(v.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(in, code, message);
  }

  @Override
  public String toString() {
    return in + ": " + message + " [" + code + "]";
  }
}
