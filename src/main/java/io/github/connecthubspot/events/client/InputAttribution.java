package io.github.connecthubspot.events.client;

import io.github.connecthubspot.events.model.HubSpotError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which inputs of a request an answer of HubSpot's speaks of, and whether it says they are
 * duplicates: the one home of these rules, for the client (a 2xx that lists failed inputs, a 409
 * naming a uuid) and the delivery step (which inputs a duplicate answer counts as delivered).
 *
 * <p>Only the answer's <em>structured</em> places count, never its free text (a uuid {@code "1"}
 * is not named by "(1 of 2 inputs failed"):
 *
 * <ul>
 *   <li>an index key of a {@code context} ({@code inputIndex}, {@code failedInputs}, ...) whose
 *       value is an input's index;
 *   <li>a path {@code inputs[i]...} in an error's {@code in}, a nested error's {@code in}, or a
 *       {@code context} key;
 *   <li>a {@code context} value (other than an index key's) equal to an input's uuid.
 * </ul>
 *
 * <p>A duplicate is recognised only by evidence HubSpot's body gives: a category, subCategory or
 * code naming a duplicate ({@code DUPLICATE...}, {@code ...ALREADY_EXISTS}; not about a
 * property, and with an {@code in} that, if present, is a uuid), or a context key naming
 * duplicates ({@code duplicateUuids}, {@code existingUuid}, ...) with a value. A message that
 * speaks of "duplicate" or "already" proves nothing.
 */
public final class InputAttribution {
  private static final Pattern INPUT_PATH = Pattern.compile("inputs\\[(\\d{1,9})\\]");
  private static final Set<String> INDEX_KEYS = Set.of("inputindex", "inputindices", "inputindexes",
      "failedinputs", "failedinputindices", "failedindices", "index", "indices");

  private InputAttribution() {}

  /**
   * The errors of an answer: its {@code errors[]} when it has any, else the answer itself as one.
   * Empty for no answer.
   */
  public static List<HubSpotError.Detail> entries(HubSpotError error) {
    List<HubSpotError.Detail> list = new ArrayList<>();
    if (error == null) {
      return list;
    }
    if (error.errors != null) {
      for (HubSpotError.Detail d : error.errors) {
        if (d != null) {
          list.add(d);
        }
      }
    }
    if (list.isEmpty()) {
      HubSpotError.Detail top = new HubSpotError.Detail();
      top.message = error.message;
      top.category = error.category;
      top.subCategory = error.subCategory;
      top.context = error.context;
      list.add(top);
    }
    return list;
  }

  /**
   * The inputs (indices into {@code uuids}, the request's uuids in order, null where an input has
   * none) that one error names in its structured places. For a request of one input, that input.
   */
  public static Set<Integer> inputsOf(HubSpotError.Detail d, List<String> uuids) {
    Set<Integer> inputs = new TreeSet<>();
    if (d == null) {
      return inputs;
    }
    if (uuids.size() == 1) {
      inputs.add(0);
      return inputs;
    }
    path(d.in, uuids.size(), inputs);
    context(d.context, uuids, inputs);
    if (d.errors != null) {
      for (HubSpotError.Detail nested : d.errors) {
        if (nested != null) {
          path(nested.in, uuids.size(), inputs);
          context(nested.context, uuids, inputs);
        }
      }
    }
    return inputs;
  }

  /** The inputs whose uuid a {@code context} value of the answer (top level or any error's) equals. */
  public static Set<Integer> namedByUuid(HubSpotError error, List<String> uuids) {
    Set<Integer> inputs = new TreeSet<>();
    if (error == null) {
      return inputs;
    }
    Map<String, List<Integer>> byUuid = byUuid(uuids);
    uuidValues(error.context, byUuid, inputs);
    if (error.errors != null) {
      for (HubSpotError.Detail d : error.errors) {
        if (d != null) {
          uuidValues(d.context, byUuid, inputs);
        }
      }
    }
    return inputs;
  }

  /** Whether HubSpot's body gives evidence that this error is about a uuid it already has. */
  public static boolean isDuplicate(HubSpotError.Detail d) {
    if (d == null) {
      return false;
    }
    boolean coded = namesDuplicate(d.code) || namesDuplicate(d.subCategory)
        || namesDuplicate(d.category);
    if (coded && (d.in == null || d.in.toLowerCase(Locale.ROOT).endsWith("uuid"))) {
      return true;
    }
    if (d.context != null) {
      for (Map.Entry<String, List<String>> e : d.context.entrySet()) {
        String key = e.getKey() == null ? "" : e.getKey().toUpperCase(Locale.ROOT);
        if ((key.contains("DUPLICATE") || key.contains("ALREADY") || key.contains("EXISTING"))
            && e.getValue() != null && !e.getValue().isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether every error of the answer is a duplicate (and there is one). */
  public static boolean allDuplicates(HubSpotError error) {
    return error != null && entries(error).stream().allMatch(InputAttribution::isDuplicate);
  }

  /**
   * The inputs a duplicate answer says HubSpot already has: those its duplicate errors name, and,
   * for a conflict (409), those whose uuid it names. Inputs without a uuid are never among them.
   */
  public static Set<Integer> duplicateInputs(HubSpotError error, List<String> uuids,
      boolean conflict) {
    Set<Integer> inputs = new TreeSet<>();
    for (HubSpotError.Detail d : entries(error)) {
      if (isDuplicate(d)) {
        inputs.addAll(inputsOf(d, uuids));
      }
    }
    if (conflict) {
      inputs.addAll(namedByUuid(error, uuids));
    }
    inputs.removeIf(i -> i >= uuids.size() || uuids.get(i) == null);
    return inputs;
  }

  /** A code or category such as {@code DUPLICATE_UUID} or {@code EVENT_ALREADY_EXISTS}. */
  private static boolean namesDuplicate(String code) {
    if (code == null) {
      return false;
    }
    String c = code.toUpperCase(Locale.ROOT);
    return (c.contains("DUPLICATE") || c.contains("ALREADY_EXIST")) && !c.contains("PROPERT");
  }

  private static void path(String in, int size, Set<Integer> inputs) {
    if (in == null) {
      return;
    }
    Matcher m = INPUT_PATH.matcher(in);
    if (m.lookingAt()) {
      index(m.group(1), size, inputs);
    }
  }

  private static void index(String value, int size, Set<Integer> inputs) {
    String v = value == null ? "" : value.trim();
    if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return;
    }
    int i = Integer.parseInt(v);
    if (i < size) {
      inputs.add(i);
    }
  }

  private static void context(Map<String, List<String>> context, List<String> uuids,
      Set<Integer> inputs) {
    if (context == null) {
      return;
    }
    Map<String, List<Integer>> byUuid = byUuid(uuids);
    for (Map.Entry<String, List<String>> e : context.entrySet()) {
      String key = e.getKey() == null ? "" : e.getKey();
      if (INDEX_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
        if (e.getValue() != null) {
          e.getValue().forEach(v -> index(v, uuids.size(), inputs));
        }
      } else {
        path(key, uuids.size(), inputs);
      }
    }
    uuidValues(context, byUuid, inputs);
  }

  private static void uuidValues(Map<String, List<String>> context,
      Map<String, List<Integer>> byUuid, Set<Integer> inputs) {
    if (context == null || byUuid.isEmpty()) {
      return;
    }
    for (Map.Entry<String, List<String>> e : context.entrySet()) {
      String key = e.getKey() == null ? "" : e.getKey();
      if (INDEX_KEYS.contains(key.toLowerCase(Locale.ROOT)) || e.getValue() == null) {
        continue;
      }
      for (String v : e.getValue()) {
        List<Integer> named = v == null ? null : byUuid.get(v);
        if (named != null) {
          inputs.addAll(named);
        }
      }
    }
  }

  private static Map<String, List<Integer>> byUuid(List<String> uuids) {
    Map<String, List<Integer>> map = new HashMap<>();
    for (int i = 0; i < uuids.size(); i++) {
      if (uuids.get(i) != null) {
        map.computeIfAbsent(uuids.get(i), u -> new ArrayList<>(1)).add(i);
      }
    }
    return map;
  }
}
