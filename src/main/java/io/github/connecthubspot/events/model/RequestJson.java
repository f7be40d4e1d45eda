package io.github.connecthubspot.events.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON bodies of HubSpot's send requests: one occurrence, or a batch ({@link BatchRequest}). */
public final class RequestJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter COMPLETION_WRITER = MAPPER.writerFor(Completion.class);
  private static final ObjectWriter BATCH_WRITER = MAPPER.writerFor(BatchRequest.class);

  private RequestJson() {}

  /** The body of {@code POST /events/v3/send}: {@code completion} alone, in UTF-8. */
  public static byte[] single(Completion completion) {
    try {
      return COMPLETION_WRITER.writeValueAsBytes(completion);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write a request body as JSON", e);
    }
  }

  /** The body of {@code POST /events/v3/send/batch}: {@code {"inputs":[...]}}, in UTF-8. */
  public static byte[] batch(List<Completion> completions) {
    try {
      return BATCH_WRITER.writeValueAsBytes(new BatchRequest(completions));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write a request body as JSON", e);
    }
  }
}
