package io.github.connecthubspot.events.bench;

import java.util.List;
import java.util.Map;

/**
 * One case: which sink, its settings over the common ones, the endpoint's mode, and whether it
 * drains the topic or measures a fixed window.
 *
 * @param id the case's number in the table
 * @param title what it is, in a few words
 * @param noOp the no-op sink instead of ours
 * @param settings connector settings over {@link Bench}'s common ones
 * @param endpointOptions the endpoint's options (besides port, token and {@code --counts-only})
 * @param budget the configured {@code rate.limit.requests.per.second} (ours), for the utilisation
 * @param windowed measures {@code --window} seconds from the first record instead of draining
 */
record BenchCase(String id, String title, boolean noOp, Map<String, String> settings, List<String> endpointOptions,
    double budget, boolean windowed) {

  /** The connector's default budget (rate.limit.requests.per.second). */
  static final double DEFAULT_BUDGET = 8.0;

  static List<BenchCase> standard() {
    return List.of(
        new BenchCase("1", "no-op sink (the floor)", true, Map.of("tasks.max", "1"), List.of("--no-rate-limits"),
            0, false),
        new BenchCase("2", "ours, budget out of the way", false,
            Map.of("tasks.max", "1", "rate.limit.requests.per.second", "1000"), List.of("--no-rate-limits"), 1000,
            false),
        new BenchCase("3", "ours, defaults", false, Map.of("tasks.max", "1"), List.of(), DEFAULT_BUDGET, false),
        new BenchCase("4", "ours, HubSpot answering after 0.2 s", false,
            Map.of("tasks.max", "1", "rate.limit.requests.per.second", "1000"),
            List.of("--no-rate-limits", "--delay-share", "1", "--delay-ms", "200"), 1000, false),
        new BenchCase("5a", "ours, budget 4/s vs 40 per 10 s, 1 task", false,
            Map.of("tasks.max", "1", "rate.limit.requests.per.second", "4"), List.of("--ten-secondly", "40"), 4,
            true),
        new BenchCase("5b", "ours, budget 4/s vs 40 per 10 s, 3 tasks", false,
            Map.of("tasks.max", "3", "rate.limit.requests.per.second", "4"), List.of("--ten-secondly", "40"), 4,
            true));
  }
}
