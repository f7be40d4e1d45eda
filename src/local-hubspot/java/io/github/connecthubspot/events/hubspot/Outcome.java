package io.github.connecthubspot.events.hubspot;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** A computed answer: a status, an optional body with its content type, and extra headers. */
final class Outcome {
  final int status;
  final String contentType;
  final byte[] body;
  final Map<String, String> headers;

  Outcome(int status, String contentType, byte[] body, Map<String, String> headers) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.headers = headers;
  }

  static Outcome noContent() {
    return new Outcome(204, null, null, Map.of());
  }

  /** The same answer with these headers instead. */
  Outcome withHeaders(Map<String, String> replaced) {
    return new Outcome(status, contentType, body, replaced);
  }

  /** Counts the answer by its status, writes it and closes the exchange. */
  void answer(HttpExchange ex, SimCounters counters) throws IOException {
    counters.answered(status);
    writeTo(ex);
  }

  /** Writes the answer and closes the exchange (uncounted: the {@code /_sim} routes). */
  void writeTo(HttpExchange ex) throws IOException {
    Headers h = ex.getResponseHeaders();
    headers.forEach(h::set);
    try {
      if (body == null || body.length == 0) {
        ex.sendResponseHeaders(status, -1);
      } else {
        h.set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    } finally {
      ex.close();
    }
  }

  /** Closes the connection without an answer (unread request bytes make the kernel send a RST). */
  static void abort(HttpExchange ex, SimCounters counters) {
    counters.answered(0);
    ex.close();
  }
}
