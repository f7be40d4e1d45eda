package io.github.connecthubspot.events.hubspot;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reading a request: its body (gzip or not) and form or query parameters. */
final class Requests {
  private Requests() {}

  /** The whole body, un-gzipped when {@code Content-Encoding: gzip}. */
  static byte[] readBody(HttpExchange ex) throws IOException {
    String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
    try (InputStream raw = ex.getRequestBody()) {
      if (enc != null && enc.trim().equalsIgnoreCase("gzip")) {
        try (InputStream in = new GZIPInputStream(raw)) {
          return in.readAllBytes();
        }
      }
      return raw.readAllBytes();
    }
  }

  /** {@code a=1&b=x%20y} as a map; the first value of a repeated name wins. */
  static Map<String, String> parseQuery(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    if (q == null || q.isEmpty()) {
      return out;
    }
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}
