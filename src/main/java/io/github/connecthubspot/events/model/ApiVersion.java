package io.github.connecthubspot.events.model;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The HubSpot API versions the connector can talk to, and every path each of them uses: the one
 * home of HubSpot's paths. The dated paths are <b>unconfirmed</b> (see NOTES.md, "API versions
 * (2026)"): where HubSpot's spec drafts disagree, a version lists its alternatives, most likely
 * first, and the client keeps the first that exists (a 404 means "no such path here", the next is
 * tried; it is never retried or bisected).
 */
public enum ApiVersion {
  /** The legacy paths, unsupported from September 2027 (the default). */
  V3("v3",
      List.of(new SendPaths("/events/v3/send", "/events/v3/send/batch")),
      List.of("/events/v3/event-definitions"),
      "/oauth/v1/token"),
  /** HubSpot's 2026-03 dated version. */
  V2026_03("2026-03",
      List.of(new SendPaths("/events/2026-03/send", "/events/2026-03/send/batch"),
          new SendPaths("/events/custom/2026-03/send", "/events/custom/2026-03/send/batch")),
      List.of("/events/2026-03/event-definitions", "/events/custom/2026-03/event-definitions"),
      "/oauth/2026-03/token");

  /** The setting that chooses the version (named in messages about a path that does not exist). */
  public static final String SETTING = "hubspot.api.version";

  /** The paths for one occurrence and for a batch. */
  public static final class SendPaths {
    private final String single;
    private final String batch;

    SendPaths(String single, String batch) {
      this.single = single;
      this.batch = batch;
    }

    public String single() {
      return single;
    }

    public String batch() {
      return batch;
    }

    @Override
    public String toString() {
      return batch;
    }
  }

  private final String id;
  private final List<SendPaths> sendPaths;
  private final List<String> definitionsPaths;
  private final String tokenPath;

  ApiVersion(String id, List<SendPaths> sendPaths, List<String> definitionsPaths,
      String tokenPath) {
    this.id = id;
    this.sendPaths = sendPaths;
    this.definitionsPaths = definitionsPaths;
    this.tokenPath = tokenPath;
  }

  /** The name users write in {@link #SETTING}: {@code v3}, {@code 2026-03}. */
  public String id() {
    return id;
  }

  /** The send paths to try, most likely first (one for v3). */
  public List<SendPaths> sendPaths() {
    return sendPaths;
  }

  /** The event-definitions paths to try ({@code GET <path>} lists, {@code <path>/{name}} reads one). */
  public List<String> definitionsPaths() {
    return definitionsPaths;
  }

  /** The OAuth token endpoint of this version. */
  public String tokenPath() {
    return tokenPath;
  }

  /** The ids of every version, for messages: {@code [v3, 2026-03]}. */
  public static List<String> ids() {
    return List.of(values()).stream().map(ApiVersion::id).collect(Collectors.toList());
  }

  /**
   * The version named {@code id} (any case, trimmed).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ApiVersion of(String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (ApiVersion v : values()) {
      if (v.id.equals(wanted)) {
        return v;
      }
    }
    throw new IllegalArgumentException(SETTING + " must be one of " + ids());
  }

  @Override
  public String toString() {
    return id;
  }
}
