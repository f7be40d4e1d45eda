package io.github.connecthubspot.events.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

class PluginMetricsBridgeTest {

  @Test
  void gettersBecomeKebabCaseMetricNames() {
    assertThat(PluginMetricsBridge.metricName("getRecordsDelivered")).isEqualTo("records-delivered");
    assertThat(PluginMetricsBridge.metricName("getRequests5xx")).isEqualTo("requests-5xx");
    assertThat(PluginMetricsBridge.metricName("getRequests429")).isEqualTo("requests-429");
    assertThat(PluginMetricsBridge.metricName("getRequestLatencyP99Ms")).isEqualTo("request-latency-p99-ms");
    assertThat(PluginMetricsBridge.metricName("getHeldByHubSpotMs")).isEqualTo("held-by-hubspot-ms");
    assertThat(PluginMetricsBridge.getters().stream().map(Method::getName)
        .map(PluginMetricsBridge::metricName).collect(Collectors.toSet()))
        .hasSize(HubSpotTaskMetricsMBean.class.getMethods().length);
  }

  @Test
  void everyAttributeIsAGaugeOfTheTasksPluginMetricsAndIsRemovedAtClose() {
    Map<MetricName, MetricValueProvider<?>> registered = new LinkedHashMap<>();
    PluginMetrics plugin = new PluginMetrics() {
      @Override
      public MetricName metricName(String name, String description, LinkedHashMap<String, String> tags) {
        return new MetricName(name, "plugins", description, tags);
      }

      @Override
      public void addMetric(MetricName name, MetricValueProvider<?> provider) {
        registered.put(name, provider);
      }

      @Override
      public void removeMetric(MetricName name) {
        registered.remove(name);
      }

      @Override
      public Sensor addSensor(String name) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void removeSensor(String name) {}
    };
    SinkTaskContext context = (SinkTaskContext) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {SinkTaskContext.class},
        (proxy, method, args) -> method.getName().equals("pluginMetrics") ? plugin : null);
    TaskMetrics metrics = new TaskMetrics();
    metrics.delivered(42);

    Runnable remove = PluginMetricsBridge.register(context, metrics);
    assertThat(registered).hasSize(HubSpotTaskMetricsMBean.class.getMethods().length);
    Gauge<?> delivered = (Gauge<?>) registered.entrySet().stream()
        .filter(e -> e.getKey().name().equals("records-delivered")).findFirst().orElseThrow().getValue();
    assertThat(delivered.value(new MetricConfig(), 0)).isEqualTo(42L);
    metrics.delivered(1);
    assertThat(delivered.value(new MetricConfig(), 0)).isEqualTo(43L);

    remove.run();
    assertThat(registered).isEmpty();
  }
}
