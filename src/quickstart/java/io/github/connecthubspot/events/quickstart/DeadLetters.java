package io.github.connecthubspot.events.quickstart;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the dead-letter topic from its start: each record's original coordinates and reason. */
final class DeadLetters implements AutoCloseable {
  /** One dead-lettered record: where it came from and why (Connect's context headers). */
  record DeadLetter(String topic, String partition, String offset, String reason) {
    String coordinates() {
      return topic + "-" + partition + "@" + offset;
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<DeadLetter> seen = new ArrayList<>();

  DeadLetters(String bootstrap, String topic, int partitions) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      tps.add(new TopicPartition(topic, p));
    }
    consumer.assign(tps);
    consumer.seekToBeginning(tps);
  }

  /** Reads what arrived since the last call, waiting at most {@code wait}; answers the count so far. */
  int poll(Duration wait) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
      seen.add(new DeadLetter(header(r, "__connect.errors.topic"), header(r, "__connect.errors.partition"),
          header(r, "__connect.errors.offset"), header(r, "__connect.errors.exception.message")));
    }
    return seen.size();
  }

  List<DeadLetter> all() {
    return List.copyOf(seen);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
