package io.github.connecthubspot.events.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings a user most likely meant as one of the connector's own but misspelled
 * ({@code occured.at.source} for {@code occurred.at.source}): Connect ignores a key no one defines,
 * so without this check the mapping silently falls back to its default.
 */
public final class Misspellings {
  /** First segments of the keys Connect itself and its converters, transforms and clients read. */
  private static final Set<String> FRAMEWORK_PREFIXES = Set.of("name", "connector", "tasks", "key",
      "value", "header", "transforms", "predicates", "config", "errors", "topics", "consumer",
      "producer", "admin", "offsets", "exactly", "transaction", "plugin");
  private static final int MAX_KEY_LENGTH = 200;

  private Misspellings() {}

  /** Each key of {@code props} that is not ours but is close to one of {@code ours}, with that one. */
  public static Map<String, String> find(Map<String, String> props, Set<String> ours) {
    Map<String, String> found = new LinkedHashMap<>();
    for (String key : props.keySet()) {
      if (key == null || ours.contains(key) || key.length() > MAX_KEY_LENGTH
          || FRAMEWORK_PREFIXES.contains(firstSegment(key))) {
        continue;
      }
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      String normalized = normalize(key);
      for (String candidate : ours) {
        int d = distance(normalized, normalize(candidate));
        if (d <= tolerance(candidate) && d < bestDistance) {
          best = candidate;
          bestDistance = d;
        }
      }
      if (best != null) {
        found.put(key, best);
      }
    }
    return found;
  }

  /** The message for a key a user probably misspelled. */
  public static String message(String key, String meant) {
    return "'" + key + "' is not a setting of this connector (Connect ignores it): did you mean '"
        + meant + "'?";
  }

  private static String firstSegment(String key) {
    int dot = key.indexOf('.');
    return (dot < 0 ? key : key.substring(0, dot)).toLowerCase(Locale.ROOT);
  }

  private static String normalize(String key) {
    return key.trim().toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
  }

  /** Edits allowed: one per eight characters of the intended key, between one and three. */
  private static int tolerance(String key) {
    return Math.max(1, Math.min(3, key.length() / 8));
  }

  /** Levenshtein distance (insertions, deletions, substitutions), with adjacent swaps as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
