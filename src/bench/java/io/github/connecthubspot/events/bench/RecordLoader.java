package io.github.connecthubspot.events.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Loads the benchmark's records: schemaless JSON of 11 fields, the two identifiers ({@code email},
 * {@code contactId}) and 9 properties of a page view, about 330 bytes each, keyed by email.
 */
final class RecordLoader {
  private static final String[] DEVICES = {"desktop", "mobile", "tablet"};
  private static final String[] COUNTRIES = {"DE", "US", "FR", "GB", "NL", "ES", "IT", "SE"};
  private static final String[] PLANS = {"free", "starter", "pro", "enterprise"};

  private RecordLoader() {}

  static void load(String bootstrap, String topic, long n) throws Exception {
    Map<String, Object> props = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.ACKS_CONFIG, "1",
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    AtomicLong acknowledged = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (long i = 0; i < n && failure.get() == null; i++) {
        String email = "user" + (i % 50_000) + "@example.com";
        producer.send(new ProducerRecord<>(topic, email.getBytes(StandardCharsets.UTF_8), value(i, email)),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              } else {
                acknowledged.incrementAndGet();
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("loading " + topic + " failed", failure.get());
    }
    if (acknowledged.get() != n) {
      throw new IllegalStateException("loaded " + acknowledged.get() + " of " + n + " records into " + topic);
    }
  }

  static byte[] value(long i, String email) {
    int page = (int) (i % 200);
    return ("{\"email\":\"" + email + "\",\"contactId\":" + (6_091_000 + i % 50_000)
        + ",\"page_url\":\"https://www.example.com/products/" + page + "\",\"page_title\":\"Product " + page
        + "\",\"referrer\":\"https://www.google.com/search\",\"utm_source\":\"newsletter\""
        + ",\"utm_campaign\":\"winter-2026\",\"device\":\"" + DEVICES[(int) (i % 3)] + "\",\"country\":\""
        + COUNTRIES[(int) (i % COUNTRIES.length)] + "\",\"duration_ms\":" + (i * 7919 % 60_000) + ",\"plan\":\""
        + PLANS[(int) (i % PLANS.length)] + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
