package io.github.connecthubspot.events.hubspot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throughput of {@link LocalHubSpot} over loopback (a {@code main}, not a test): starts the simulator
 * in-process (counts-only ledger, no rate limits, full validation and uuid de-duplication), then several
 * client threads send 500-event batches with {@link HttpClient} for a fixed time per round. Every event
 * carries a fresh uuid (patched into a pre-built body), so de-duplication does real inserts. Prints
 * requests/s and events/s per round and the median.
 *
 * <pre>
 * java -cp target/local-hubspot-&lt;version&gt;.jar \
 *   io.github.connecthubspot.events.hubspot.LocalHubSpotThroughput [--clients 4] [--seconds 5] [--rounds 5]
 *   [--batch 500] [--server-threads 4] [--warmup 5] [--bodies]
 * </pre>
 */
public final class LocalHubSpotThroughput {
  private static final String UUID_PLACEHOLDER = "00000000-0000-4000-8000-000000000000";

  private LocalHubSpotThroughput() {}

  public static void main(String[] args) throws Exception {
    int clients = 4;
    int seconds = 5;
    int rounds = 5;
    int batch = 500;
    int serverThreads = 4;
    boolean bodies = false;
    int warmup = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--clients":
          clients = Integer.parseInt(args[++i]);
          break;
        case "--seconds":
          seconds = Integer.parseInt(args[++i]);
          break;
        case "--rounds":
          rounds = Integer.parseInt(args[++i]);
          break;
        case "--batch":
          batch = Integer.parseInt(args[++i]);
          break;
        case "--server-threads":
          serverThreads = Integer.parseInt(args[++i]);
          break;
        case "--warmup":
          warmup = Integer.parseInt(args[++i]);
          break;
        case "--bodies":
          bodies = true;
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }

    byte[] template = template(batch);
    List<Integer> uuidOffsets = uuidOffsets(template);
    System.out.printf(
        Locale.ROOT,
        "body: %d events, %d bytes (%d bytes/event); %d client threads; %d server threads; %s; %d s x %d rounds%n",
        batch,
        template.length,
        template.length / batch,
        clients,
        serverThreads,
        bodies ? "bodies kept" : "counts only",
        seconds,
        rounds);

    try (LocalHubSpot sim =
        LocalHubSpot.builder().noRateLimits().recordBodies(bodies).threads(serverThreads).token("bench").start()) {
      HttpClient client =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      URI uri = URI.create(sim.baseUrl() + "/events/v3/send/batch");

      // warm-up round (not counted): lets the JIT compile the parsing and validation paths
      runRound(client, uri, template, uuidOffsets, clients, warmup, 1000);
      sim.reset();

      double[] reqRates = new double[rounds];
      double[] evRates = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long[] result = runRound(client, uri, template, uuidOffsets, clients, seconds, r);
        long okRequests = result[0];
        long failures = result[1];
        long nanos = result[2];
        double reqPerSec = okRequests / (nanos / 1e9);
        reqRates[r] = reqPerSec;
        evRates[r] = reqPerSec * batch;
        long accepted = sim.ledger().acceptedCount();
        System.out.printf(
            Locale.ROOT,
            "round %d: %,.0f requests/s, %,.0f events/s (%d x 204, %d failed, ledger %,d accepted, %,d duplicates)%n",
            r + 1,
            reqPerSec,
            reqPerSec * batch,
            okRequests,
            failures,
            accepted,
            sim.ledger().duplicatesRefused());
        if (accepted != okRequests * batch) {
          throw new IllegalStateException("ledger count " + accepted + " != " + okRequests * batch);
        }
        sim.reset(); // frees the remembered uuids between rounds
      }
      Arrays.sort(reqRates);
      Arrays.sort(evRates);
      System.out.printf(
          Locale.ROOT,
          "MEDIAN: %,.0f requests/s, %,.0f events/s%n",
          reqRates[rounds / 2],
          evRates[rounds / 2]);
    }
  }

  /** Returns {204 count, other count, elapsed nanos}. */
  private static long[] runRound(
      HttpClient client, URI uri, byte[] template, List<Integer> offsets, int clients, int seconds, int round)
      throws InterruptedException {
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(clients);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      int thread = t;
      Thread th =
          new Thread(
              () -> {
                long seq = 0;
                try {
                  while (!stop.get()) {
                    byte[] body = stamp(template, offsets, round, thread, seq++);
                    HttpRequest req =
                        HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer bench")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build();
                    HttpResponse<Void> resp = client.send(req, HttpResponse.BodyHandlers.discarding());
                    if (resp.statusCode() == 204) {
                      ok.increment();
                    } else {
                      failed.increment();
                    }
                  }
                } catch (Exception e) {
                  failed.increment();
                  e.printStackTrace();
                } finally {
                  done.countDown();
                }
              },
              "bench-client-" + t);
      threads.add(th);
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    Thread.sleep(seconds * 1000L); // a benchmark harness, not a test: it measures wall time
    stop.set(true);
    done.await();
    long elapsed = System.nanoTime() - start;
    return new long[] {ok.sum(), failed.sum(), elapsed};
  }

  /** Copies the template and writes a unique id into every uuid: round, thread, request, event index. */
  private static byte[] stamp(byte[] template, List<Integer> offsets, int round, int thread, long seq) {
    byte[] body = template.clone();
    for (int i = 0; i < offsets.size(); i++) {
      int off = offsets.get(i);
      hex(body, off, 8, seq);
      hex(body, off + 9, 4, thread);
      hex(body, off + 19, 4, round + 1);
      hex(body, off + 24, 12, i);
    }
    return body;
  }

  private static void hex(byte[] b, int off, int len, long v) {
    for (int i = len - 1; i >= 0; i--) {
      b[off + i] = (byte) Character.forDigit((int) (v & 0xF), 16);
      v >>>= 4;
    }
  }

  private static byte[] template(int batch) {
    StringBuilder sb = new StringBuilder("{\"inputs\":[");
    for (int i = 0; i < batch; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"eventName\":\"pe1234567_order_completed\",\"email\":\"customer")
          .append(i)
          .append("@example.com\",\"occurredAt\":\"2026-01-15T10:00:00.123Z\",\"uuid\":\"")
          .append(UUID_PLACEHOLDER)
          .append("\",\"properties\":{\"order_id\":\"ORD-")
          .append(100000 + i)
          .append("\",\"amount\":\"129.95\",\"currency\":\"EUR\",\"hs_page_url\":\"https://shop.example.com/checkout/complete\","
              + "\"hs_page_content_type\":\"STANDARD_PAGE\",\"hs_touchpoint_source\":\"ORGANIC_SEARCH\","
              + "\"items\":\"3\",\"coupon_code\":\"WINTER26\"}}");
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<Integer> uuidOffsets(byte[] body) {
    byte[] needle = UUID_PLACEHOLDER.getBytes(StandardCharsets.UTF_8);
    List<Integer> out = new ArrayList<>();
    outer:
    for (int i = 0; i + needle.length <= body.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (body[i + j] != needle[j]) {
          continue outer;
        }
      }
      out.add(i);
      i += needle.length - 1;
    }
    return out;
  }
}
