package io.github.connecthubspot.events.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's own metrics registry and plugin metrics (as Kafka 4.x gives each task instance), and
 * the platform MBean server: a restarted task starts while the instance it replaces has not
 * finished stopping (the worker gives up waiting after task.shutdown.graceful.timeout.ms).
 */
class TaskMetricsRegistrationTest {
  private static final String CONNECTOR = "registration-test";
  private final Metrics workerMetrics = new Metrics();
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final ObjectName mbean = TaskMetricsRegistration.objectName(CONNECTOR, "2");

  @AfterEach
  void close() {
    workerMetrics.close();
  }

  private SinkTaskContext taskInstance() {
    PluginMetrics plugin = new PluginMetricsImpl(workerMetrics, Map.of("connector", CONNECTOR, "task", "2"));
    return (SinkTaskContext) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {SinkTaskContext.class},
        (proxy, method, args) -> method.getName().equals("pluginMetrics") ? plugin : null);
  }

  private Object delivered() {
    KafkaMetric metric = workerMetrics.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("records-delivered")).map(Map.Entry::getValue)
        .findFirst().orElse(null);
    return metric == null ? null : metric.metricValue();
  }

  @Test
  void aTaskStartingWhileTheInstanceItReplacesStillStopsTakesItsMetricsOver() throws Exception {
    TaskMetrics oldMetrics = new TaskMetrics();
    oldMetrics.delivered(1);
    TaskMetricsRegistration old = TaskMetricsRegistration.register(oldMetrics, CONNECTOR, "2", taskInstance());
    assertThat(delivered()).isEqualTo(1L);

    TaskMetrics newMetrics = new TaskMetrics();
    newMetrics.delivered(7);
    TaskMetricsRegistration replacing = TaskMetricsRegistration.register(newMetrics, CONNECTOR, "2",
        taskInstance());
    assertThat(delivered()).as("the plugin metrics read the new instance").isEqualTo(7L);
    assertThat(server.getAttribute(mbean, "RecordsDelivered")).isEqualTo(7L);

    old.close(); // the old instance finally stops
    assertThat(delivered()).as("its stop leaves the new instance's metrics").isEqualTo(7L);
    assertThat(server.isRegistered(mbean)).isTrue();
    assertThat(server.getAttribute(mbean, "RecordsDelivered")).isEqualTo(7L);

    replacing.close();
    assertThat(delivered()).isNull();
    assertThat(server.isRegistered(mbean)).isFalse();
  }

  @Test
  void aMetricOfTheSameNameLeftByAnythingElseDoesNotFailTheTask() {
    PluginMetrics other = new PluginMetricsImpl(workerMetrics, Map.of("connector", CONNECTOR, "task", "2"));
    MetricName name = other.metricName("records-delivered", "someone else's", new LinkedHashMap<>());
    other.addMetric(name, (Gauge<Long>) (config, now) -> -1L);

    TaskMetrics metrics = new TaskMetrics();
    TaskMetricsRegistration registration = TaskMetricsRegistration.register(metrics, CONNECTOR, "2",
        taskInstance());
    assertThat(server.isRegistered(mbean)).as("JMX still has them").isTrue();
    assertThat(delivered()).as("the other one's left as it was").isEqualTo(-1L);
    assertThat(workerMetrics.metrics().keySet().stream().filter(n -> n.group().equals("plugins")).count())
        .as("nothing of ours half-registered").isEqualTo(1);
    registration.close();
    assertThat(server.isRegistered(mbean)).isFalse();
  }
}
