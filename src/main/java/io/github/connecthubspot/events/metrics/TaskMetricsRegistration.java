package io.github.connecthubspot.events.metrics;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a task's {@link TaskMetrics}: as an MBean named {@code
 * kafka.connect.hubspot:type=task-metrics,connector=<connector>,task=<task id>} in the platform
 * MBean server, and through {@code SinkTaskContext.pluginMetrics()} on workers that have it (Kafka
 * 4.1 and later; older workers have JMX only). {@link #close()} withdraws both.
 */
public final class TaskMetricsRegistration implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskMetricsRegistration.class);
  public static final String DOMAIN = "kafka.connect.hubspot";

  private final MBeanServer server;
  private final ObjectName name;
  private final Runnable pluginMetrics;

  private TaskMetricsRegistration(MBeanServer server, ObjectName name, Runnable pluginMetrics) {
    this.server = server;
    this.name = name;
    this.pluginMetrics = pluginMetrics;
  }

  /** The MBean's name for a task of {@code connector}; values are quoted when they must be. */
  public static ObjectName objectName(String connector, String taskId) {
    try {
      return new ObjectName(DOMAIN + ":type=task-metrics,connector=" + quoted(connector)
          + ",task=" + quoted(taskId));
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException("no MBean name for connector " + connector, e);
    }
  }

  private static String quoted(String value) {
    return value.matches("[A-Za-z0-9._-]+") ? value : ObjectName.quote(value);
  }

  /** Publishes {@code metrics}; a failure to do so is logged, never thrown: metrics are not worth a task. */
  public static TaskMetricsRegistration register(TaskMetrics metrics, String connector, String taskId,
      SinkTaskContext context) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(connector, taskId);
    try {
      StandardMBean bean = new StandardMBean(metrics, HubSpotTaskMetricsMBean.class);
      try {
        server.registerMBean(bean, name);
      } catch (InstanceAlreadyExistsException e) {
        server.unregisterMBean(name); // left by an earlier instance of this task in this worker
        server.registerMBean(bean, name);
      }
    } catch (JMException e) {
      log.warn("Could not publish the task's metrics over JMX as {}: {}", name, e.toString());
      name = null;
    }
    return new TaskMetricsRegistration(server, name, pluginMetrics(metrics, context));
  }

  private static Runnable pluginMetrics(TaskMetrics metrics, SinkTaskContext context) {
    if (context == null) {
      return () -> { };
    }
    try {
      return PluginMetricsBridge.register(context, metrics);
    } catch (LinkageError | UnsupportedOperationException e) {
      log.debug("This worker has no plugin metrics (Kafka 4.1 or later has them): JMX only");
      return () -> { };
    }
  }

  /** The MBean's name, or null when it could not be registered. */
  public ObjectName name() {
    return name;
  }

  @Override
  public void close() {
    pluginMetrics.run();
    if (name != null) {
      try {
        server.unregisterMBean(name);
      } catch (JMException e) {
        log.debug("MBean {} was already gone", name);
      }
    }
  }
}
