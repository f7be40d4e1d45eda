package io.github.connecthubspot.events.bench.plugin;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Sets each record's timestamp to the moment the worker hands it to the task (the transformation
 * chain runs right before {@code put()}), and counts it in {@link Probe}. The benchmark's records
 * are all loaded before its cases run, so their own timestamps only tell how long they waited in
 * the topic; with this stamp, the connector's occurredAt (mapped from the record timestamp) tells
 * the endpoint when the connector got the record, and acceptance minus occurredAt is the
 * connector's own delivery latency. Every case applies it, the no-op sink too, so they pay the same.
 */
public final class StampArrival<R extends ConnectRecord<R>> implements Transformation<R> {
  private final Probe probe = Probe.get();

  @Override
  public R apply(R record) {
    long now = System.currentTimeMillis();
    probe.stamped(now);
    return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
        record.valueSchema(), record.value(), now, record.headers());
  }

  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public void close() {}
}
