package io.github.connecthubspot.events.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON bodies of HubSpot's send requests: one occurrence, or a batch ({@link BatchRequest}).
 *
 * <p>Written field by field on Jackson's streaming generator, from the factory of a default
 * {@link ObjectMapper}: the bytes are those Jackson's data binding writes for a {@link Completion}
 * and a {@link BatchRequest} (same field order, absent fields left out, {@code properties} always
 * there, same escapes), without its per-field reflection and serializer look-ups.
 */
public final class RequestJson {
  private static final JsonFactory JSON = new ObjectMapper().getFactory();
  /** The JSON bytes an occurrence takes at least: its braces and {@code "properties":{}}. */
  private static final int MIN_COMPLETION_BYTES = 17;

  private RequestJson() {}

  /** The body of {@code POST /events/v3/send}: {@code completion} alone, in UTF-8. */
  public static byte[] single(Completion completion) {
    Objects.requireNonNull(completion, "completion");
    ByteArrayBuilder out = new ByteArrayBuilder(null, 256);
    try (JsonGenerator gen = JSON.createGenerator(out)) {
      write(gen, completion);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write a request body as JSON", e);
    }
    return out.toByteArray();
  }

  /** The body of {@code POST /events/v3/send/batch}: {@code {"inputs":[...]}}, in UTF-8. */
  public static byte[] batch(List<Completion> completions) {
    if (completions.size() > BatchRequest.MAX_INPUTS) {
      throw new IllegalArgumentException(
          "a batch holds at most " + BatchRequest.MAX_INPUTS + " inputs, got " + completions.size());
    }
    ByteArrayBuilder out = new ByteArrayBuilder(null,
        Math.max(256, completions.size() * 16 * MIN_COMPLETION_BYTES));
    try (JsonGenerator gen = JSON.createGenerator(out)) {
      gen.writeStartObject();
      gen.writeFieldName("inputs");
      gen.writeStartArray();
      for (Completion c : completions) {
        write(gen, Objects.requireNonNull(c, "a batch holds no null input"));
      }
      gen.writeEndArray();
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write a request body as JSON", e);
    }
    return out.toByteArray();
  }

  /** One occurrence, in the order of {@link Completion}'s {@code @JsonPropertyOrder}. */
  private static void write(JsonGenerator gen, Completion c) throws IOException {
    gen.writeStartObject();
    field(gen, "eventName", c.eventName());
    field(gen, "email", c.email());
    field(gen, "objectId", c.objectId());
    field(gen, "utk", c.utk());
    field(gen, "occurredAt", c.occurredAt());
    field(gen, "uuid", c.uuid());
    gen.writeFieldName("properties");
    gen.writeStartObject();
    for (Map.Entry<String, String> p : c.properties().entrySet()) {
      if (p.getKey() == null) {
        throw new JsonGenerationException("Null key for a Map not allowed in JSON", gen);
      }
      gen.writeFieldName(p.getKey());
      if (p.getValue() == null) {
        gen.writeNull();
      } else {
        gen.writeString(p.getValue());
      }
    }
    gen.writeEndObject();
    gen.writeEndObject();
  }

  /** A field left out when absent, as {@code @JsonInclude(NON_NULL)} does. */
  private static void field(JsonGenerator gen, String name, String value) throws IOException {
    if (value != null) {
      gen.writeStringField(name, value);
    }
  }
}
