package io.github.connecthubspot.events.metrics;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The task's metrics as the worker's plugin metrics (KIP-877, Kafka 4.1 and later), one gauge per
 * attribute of {@link HubSpotTaskMetricsMBean}, named in kebab case ({@code records-delivered}).
 * Loaded only when called: on an older worker this class fails to link, which the caller expects.
 */
final class PluginMetricsBridge {
  private PluginMetricsBridge() {}

  /**
   * Registers the gauges; returns what removes them. When one cannot be registered (the worker
   * already has a metric of its name), those registered are removed and the exception thrown.
   */
  static Runnable register(SinkTaskContext context, TaskMetrics metrics) {
    PluginMetrics plugin = context.pluginMetrics();
    if (plugin == null) {
      return () -> { };
    }
    List<MetricName> names = new ArrayList<>();
    Runnable remove = () -> names.forEach(plugin::removeMetric);
    try {
      for (Method getter : getters()) {
        MetricName name = plugin.metricName(metricName(getter.getName()),
            "HubSpot sink task: " + getter.getName().substring(3), new LinkedHashMap<>());
        plugin.addMetric(name, (Gauge<Object>) (config, now) -> read(getter, metrics));
        names.add(name);
      }
    } catch (RuntimeException e) { // a name taken: none of ours is left half-registered
      remove.run();
      throw e;
    }
    return remove;
  }

  static List<Method> getters() {
    List<Method> getters = new ArrayList<>();
    for (Method m : HubSpotTaskMetricsMBean.class.getMethods()) {
      if (m.getName().startsWith("get") && m.getParameterCount() == 0) {
        getters.add(m);
      }
    }
    getters.sort(Comparator.comparing(Method::getName));
    return getters;
  }

  /**
   * {@code getRecordsDelivered} becomes {@code records-delivered}; {@code getRequests5xx}, {@code
   * requests-5xx}; {@code getHeldByHubSpotMs}, {@code held-by-hubspot-ms}.
   */
  static String metricName(String getter) {
    String attribute = getter.substring(3).replace("HubSpot", "Hubspot");
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < attribute.length(); i++) {
      char c = attribute.charAt(i);
      boolean boundary = i > 0 && (Character.isUpperCase(c)
          || (Character.isDigit(c) && Character.isLowerCase(attribute.charAt(i - 1))));
      if (boundary) {
        name.append('-');
      }
      name.append(Character.toLowerCase(c));
    }
    return name.toString();
  }

  private static Object read(Method getter, TaskMetrics metrics) {
    try {
      return getter.invoke(metrics);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null;
    }
  }
}
