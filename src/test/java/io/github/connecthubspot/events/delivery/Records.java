package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.model.Completion;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;

/** Records, occurrences and settings for the delivery tests. */
final class Records {
  private Records() {}

  static SinkRecord record(String topic, int partition, long offset) {
    return new SinkRecord(topic, partition, null, null, null, Map.of("n", offset), offset);
  }

  /** An occurrence whose uuid names the record's coordinates: "topic-partition-offset". */
  static Completion completion(SinkRecord record) {
    return Completion.builder()
        .eventName("pe123_test_event")
        .email("user" + record.kafkaOffset() + "@example.com")
        .uuid(uuid(record.topic(), record.kafkaPartition(), record.kafkaOffset()))
        .build();
  }

  static String uuid(String topic, int partition, long offset) {
    return topic + "-" + partition + "-" + offset;
  }

  static DeliverySettings settings(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    props.put(HubSpotSinkConnectorConfig.ACCESS_TOKEN_CONFIG, "pat-test");
    props.put(HubSpotSinkConnectorConfig.EVENT_NAME_CONFIG, "pe123_test_event");
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return DeliverySettings.from(new HubSpotSinkConnectorConfig(props));
  }
}
