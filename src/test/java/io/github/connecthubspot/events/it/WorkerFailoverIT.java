package io.github.connecthubspot.events.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Three workers, three tasks over six partitions; a worker stops mid-stream and nothing is lost or doubled. */
class WorkerFailoverIT {
  private static ConnectCluster cluster;

  @BeforeAll
  static void start() {
    cluster = new ConnectCluster("failover-it", 3);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void produce(String topic, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      cluster.connect.kafka().produce(topic, i % 6, null, "{\"email\":\"" + prefix + i + "@example.com\"}");
    }
  }

  @Test
  void aWorkerStoppedMidStreamLosesAndDoublesNothing() throws Exception {
    String topic = "failover";
    String event = "pe1234567_failover";
    cluster.connect.kafka().createTopic(topic, 6);
    Map<String, String> props = cluster.connectorProps(topic, event);
    props.put("tasks.max", "3");
    cluster.startConnector("failover", props, 3);

    produce(topic, "first", 600);
    await().atMost(ConnectCluster.DELIVERY_TIMEOUT).until(() -> cluster.received(event).size() >= 200);

    WorkerHandle victim = cluster.connect.workers().iterator().next();
    cluster.connect.removeWorker(victim);
    produce(topic, "second", 600);

    cluster.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("failover", 3,
        "the tasks were not reassigned to the two remaining workers");
    await().atMost(ConnectCluster.DELIVERY_TIMEOUT).until(() -> cluster.countsByUuid(event).size() >= 1200);
    assertThat(cluster.countsByUuid(event)).hasSize(1200).allSatisfy((uuid, n) -> assertThat(n).isOne());
    assertThat(cluster.received(event)).hasSize(1200);
    LoggerFactory.getLogger(WorkerFailoverIT.class).info(
        "failover: {} occurrences accepted, {} redelivered duplicates refused by uuid",
        cluster.hubspot.ledger().acceptedCount(), cluster.hubspot.ledger().duplicatesRefused());
  }
}
