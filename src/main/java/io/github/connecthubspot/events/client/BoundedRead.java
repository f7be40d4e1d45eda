package io.github.connecthubspot.events.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request and reads at most a bound of its answer's body, for every client of HubSpot's
 * API. A body read to its end gives the connection back to the pool; one cut short, or a read that
 * failed, aborts the request, which closes the connection instead of draining it.
 */
final class BoundedRead {
  private static final Logger log = LoggerFactory.getLogger(BoundedRead.class);

  /** Makes the caller's answer from the response (its status and headers) and the body read. */
  interface AnswerMaker<T> {
    /**
     * @param body the body's first {@code maxBytes} bytes (empty when there was none)
     * @param truncated whether the body was longer than {@code maxBytes}
     */
    T make(ClassicHttpResponse response, byte[] body, boolean truncated);
  }

  private BoundedRead() {}

  static <T> T execute(CloseableHttpClient http, HttpUriRequestBase request, int maxBytes,
      AnswerMaker<T> maker) throws IOException {
    ClassicHttpResponse response = http.executeOpen(null, request, null);
    boolean complete = false;
    try {
      byte[] body = new byte[0];
      boolean truncated = false;
      HttpEntity entity = response.getEntity();
      InputStream in = entity == null ? null : entity.getContent();
      if (in != null) { // not closed here: closing drains what is left of the body
        byte[] read = in.readNBytes(maxBytes + 1);
        truncated = read.length > maxBytes;
        body = truncated ? Arrays.copyOf(read, maxBytes) : read;
      }
      complete = !truncated;
      return maker.make(response, body, truncated);
    } finally {
      if (!complete) {
        request.cancel(); // first: the connection is closed, so closing the answer drains nothing
      }
      try {
        response.close(); // read to its end: the connection goes back to the pool
      } catch (IOException e) {
        log.trace("Closing an answer failed (aborted: {})", !complete, e);
      }
    }
  }
}
