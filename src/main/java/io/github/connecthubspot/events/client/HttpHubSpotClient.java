package io.github.connecthubspot.events.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.github.connecthubspot.events.model.BatchRequest;
import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.HubSpotError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HubSpotClient} on Apache HttpClient 5 (classic API, pooled connections). Automatic retries
 * are off: the delivery step decides what to retry, from the {@link FailureKind} of each failure.
 */
public final class HttpHubSpotClient implements HubSpotClient {
  private static final Logger log = LoggerFactory.getLogger(HttpHubSpotClient.class);

  public static final String SEND_PATH = "/events/v3/send";
  public static final String BATCH_PATH = "/events/v3/send/batch";
  /** How much of an error body is read; HubSpot's are a few hundred bytes. */
  private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter COMPLETION_WRITER = MAPPER.writerFor(Completion.class);
  private static final ObjectWriter BATCH_WRITER = MAPPER.writerFor(BatchRequest.class);
  private static final ObjectReader ERROR_READER = MAPPER.readerFor(HubSpotError.class);

  private final String sendUrl;
  private final String batchUrl;
  private final AccessTokenProvider token;
  private final String userAgent;
  private final CloseableHttpClient http;

  /** Settings of the HTTP connection pool and its timeouts. */
  public static final class Settings {
    final String baseUrl;
    final Duration connectTimeout;
    final Duration requestTimeout;
    final int maxConnections;
    final String userAgent;

    public Settings(
        String baseUrl,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxConnections,
        String userAgent) {
      this.baseUrl = baseUrl;
      this.connectTimeout = connectTimeout;
      this.requestTimeout = requestTimeout;
      this.maxConnections = maxConnections;
      this.userAgent = userAgent;
    }
  }

  /** With its own pool, trusting the JVM's default certificate authorities, without a proxy. */
  public HttpHubSpotClient(Settings settings, AccessTokenProvider token) {
    this(settings, token, HttpConnections.create(settings.connectTimeout, settings.requestTimeout,
        settings.maxConnections, TlsSettings.jvmDefaults(), ProxySettings.none()));
  }

  /**
   * With a pool from {@link HttpConnections} (trust store, proxy), which {@link #close()} closes;
   * an OAuth {@code token} provider may share it.
   */
  public HttpHubSpotClient(Settings settings, AccessTokenProvider token, CloseableHttpClient http) {
    String base = settings.baseUrl.endsWith("/")
        ? settings.baseUrl.substring(0, settings.baseUrl.length() - 1)
        : settings.baseUrl;
    this.sendUrl = base + SEND_PATH;
    this.batchUrl = base + BATCH_PATH;
    this.token = token;
    this.userAgent = settings.userAgent;
    this.http = http;
  }

  @Override
  public SendResult send(List<Completion> completions) throws HubSpotException {
    if (completions.isEmpty()) {
      throw new IllegalArgumentException("nothing to send");
    }
    final byte[] body;
    final String url;
    try {
      if (completions.size() == 1) {
        url = sendUrl;
        body = COMPLETION_WRITER.writeValueAsBytes(completions.get(0));
      } else {
        url = batchUrl;
        body = BATCH_WRITER.writeValueAsBytes(new BatchRequest(completions));
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not write a request body as JSON", e);
    }
    HttpPost post = new HttpPost(url);
    post.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token.accessToken());
    post.setHeader(HttpHeaders.ACCEPT, "application/json");
    post.setHeader(HttpHeaders.USER_AGENT, userAgent);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    final Answer answer;
    try {
      answer = http.execute(post, HttpHubSpotClient::read);
    } catch (IOException e) {
      throw HubSpotException.transport(
          "POST " + post.getPath() + " of " + completions.size() + " occurrence(s) got no answer", e);
    }
    if (answer.status >= 200 && answer.status < 300) {
      return new SendResult(answer.status, answer.rateLimit);
    }
    throw failure(post.getPath(), completions.size(), answer, token.accessToken());
  }

  /** The failure HubSpot's answer means; its message never holds {@code secret}, even echoed. */
  private static HubSpotException failure(String path, int count, Answer answer, String secret) {
    HubSpotError error = parseError(answer.body);
    FailureKind kind = FailureClassifier.classify(answer.status, error);
    StringBuilder msg = new StringBuilder("HubSpot answered ").append(answer.status);
    if (error != null) {
      String category = error.category != null ? error.category : error.errorType;
      if (category != null) {
        msg.append(' ').append(category);
      }
      if (error.policyName != null) {
        msg.append(" (").append(error.policyName).append(')');
      }
      if (error.message != null) {
        msg.append(": ").append(error.message);
      }
      if (error.context != null && !error.context.isEmpty()) {
        msg.append(" context=").append(error.context);
      }
      if (error.correlationId != null) {
        msg.append(" [correlationId=").append(error.correlationId).append(']');
      }
    }
    msg.append(" to POST ").append(path).append(" of ").append(count).append(" occurrence(s)");
    String message = secret.isEmpty() ? msg.toString() : msg.toString().replace(secret, "[hidden]");
    log.debug("{} ({})", message, kind);
    return new HubSpotException(
        kind, answer.status, error, answer.rateLimit, answer.retryAfterMs, message, null);
  }

  static HubSpotError parseError(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return ERROR_READER.readValue(body);
    } catch (IOException e) {
      HubSpotError unparsed = new HubSpotError();
      String text = new String(body, StandardCharsets.UTF_8).trim();
      unparsed.message = text.length() > 200 ? text.substring(0, 200) + "..." : text;
      return unparsed;
    }
  }

  private static Answer read(ClassicHttpResponse response) throws IOException {
    int status = response.getCode();
    byte[] body = new byte[0];
    HttpEntity entity = response.getEntity();
    if (entity != null && (status < 200 || status >= 300)) {
      try (InputStream in = entity.getContent()) {
        body = in.readNBytes(MAX_ERROR_BODY_BYTES);
      }
    }
    return new Answer(status, body, RateLimitInfo.from(response), retryAfter(response));
  }

  /** {@code Retry-After} in seconds (HubSpot sends seconds); an HTTP date is not expected. */
  private static OptionalLong retryAfter(ClassicHttpResponse response) {
    var header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
    if (header == null || header.getValue() == null) {
      return OptionalLong.empty();
    }
    try {
      double seconds = Double.parseDouble(header.getValue().trim().toLowerCase(Locale.ROOT));
      return seconds < 0 ? OptionalLong.empty() : OptionalLong.of((long) Math.ceil(seconds * 1000));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Closes the pool at once: a request still on the wire is aborted (its records are not committed). */
  @Override
  public void close() {
    http.close(CloseMode.IMMEDIATE);
  }

  private static final class Answer {
    final int status;
    final byte[] body;
    final RateLimitInfo rateLimit;
    final OptionalLong retryAfterMs;

    Answer(int status, byte[] body, RateLimitInfo rateLimit, OptionalLong retryAfterMs) {
      this.status = status;
      this.body = body;
      this.rateLimit = rateLimit;
      this.retryAfterMs = retryAfterMs;
    }
  }
}
