package io.github.connecthubspot.events.soak;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The soak's side of Kafka: topics, producing the records, committed and end offsets, the dead letters. */
final class SoakKafka implements AutoCloseable {
  /** One record of the dead-letter topic, by the coordinates of the record it reports. */
  record DeadLetter(String topic, int partition, long offset, String reason) {}

  private final String bootstrap;
  private final Admin admin;

  SoakKafka(String bootstrap) {
    this.bootstrap = bootstrap;
    this.admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
  }

  /** Whether the broker answers with at least one node. */
  boolean ready() throws InterruptedException {
    try {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  void createTopic(String name, int partitions) throws Exception {
    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
  }

  /**
   * Produces records {@code 0..count-1} of {@link SoakRecords} (idempotent, acks=all) and checks that
   * each landed where its index says (partition {@code i % 3}, offset {@code i / 3}).
   */
  void produce(String topic, int count) throws Exception {
    Map<String, Object> props = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    AtomicReference<String> misplaced = new AtomicReference<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < count; i++) {
        int index = i;
        producer.send(new ProducerRecord<>(topic, SoakRecords.partition(i), SoakRecords.key(i), SoakRecords.value(i)),
            (metadata, error) -> {
              if (error != null) {
                misplaced.compareAndSet(null, "record " + index + " failed: " + error);
              } else if (metadata.partition() != SoakRecords.partition(index)
                  || metadata.offset() != SoakRecords.offset(index)) {
                misplaced.compareAndSet(null, "record " + index + " landed at " + metadata.partition() + "@"
                    + metadata.offset() + ", not " + SoakRecords.partition(index) + "@" + SoakRecords.offset(index));
              }
            });
      }
      producer.flush();
    }
    if (misplaced.get() != null) {
      throw new IllegalStateException(misplaced.get());
    }
  }

  /** Partition -> the offset after its last record. */
  Map<Integer, Long> endOffsets(String topic, int partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> ends = new TreeMap<>();
    admin.listOffsets(request).all().get(10, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
    return ends;
  }

  /** Partition -> the offset {@code group} committed for it (partitions without one left out). */
  Map<Integer, Long> committed(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    Map<Integer, Long> committed = new TreeMap<>();
    offsets.forEach((tp, o) -> {
      if (tp.topic().equals(topic) && o != null) {
        committed.put(tp.partition(), o.offset());
      }
    });
    return committed;
  }

  /** Every record of the single-partition dead-letter topic {@code dlq}, read to its end. */
  List<DeadLetter> deadLetters(String dlq) throws Exception {
    long end = endOffsets(dlq, 1).get(0);
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<DeadLetter> dead = new ArrayList<>();
    TopicPartition tp = new TopicPartition(dlq, 0);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      while (consumer.position(tp) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + dlq + " to its end " + end + " within 2 minutes");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          String partition = header(r, "__connect.errors.partition");
          String offset = header(r, "__connect.errors.offset");
          dead.add(new DeadLetter(header(r, "__connect.errors.topic"),
              partition == null ? -1 : Integer.parseInt(partition),
              offset == null ? -1 : Long.parseLong(offset),
              header(r, "__connect.errors.exception.message")));
        }
      }
    }
    return dead;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(10));
  }
}
