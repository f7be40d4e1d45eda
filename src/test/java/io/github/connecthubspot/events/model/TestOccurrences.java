package io.github.connecthubspot.events.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Tests' way to hand {@link Completion}s to a client, and to read back what a client was given. */
public final class TestOccurrences {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestOccurrences() {}

  /** Each completion written as the delivery writes it. */
  public static List<Occurrence> of(Completion... completions) {
    return of(Arrays.asList(completions));
  }

  public static List<Occurrence> of(List<Completion> completions) {
    List<Occurrence> list = new ArrayList<>(completions.size());
    completions.forEach(c -> list.add(Occurrence.of(c)));
    return list;
  }

  /** The completion an occurrence's JSON holds, read back with Jackson. */
  public static Completion decode(Occurrence occurrence) {
    try {
      return JSON.readValue(occurrence.json(), Completion.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
