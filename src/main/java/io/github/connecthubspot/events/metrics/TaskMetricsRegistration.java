package io.github.connecthubspot.events.metrics;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
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
 *
 * <p>A restarted task can start while the instance it replaces is still stopping (the worker
 * stops waiting for it after {@code task.shutdown.graceful.timeout.ms}): both publish under the
 * same names. The new registration withdraws the old one's first, and the old one's close, when
 * it comes, leaves the new one's in place. Metrics are never worth a task: whatever else stands
 * in the way is logged and the task runs without them.
 */
public final class TaskMetricsRegistration implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskMetricsRegistration.class);
  public static final String DOMAIN = "kafka.connect.hubspot";

  /** The registration each task's metrics are published by now, by the task's MBean name. */
  private static final Map<ObjectName, TaskMetricsRegistration> LIVE = new HashMap<>();

  private final MBeanServer server;
  private final ObjectName key;
  /** {@link #key}, or null when the MBean could not be registered. */
  private final ObjectName name;
  private final Runnable pluginMetrics;
  /** Guarded by {@link #LIVE}. */
  private boolean closed;

  private TaskMetricsRegistration(MBeanServer server, ObjectName key, ObjectName name,
      Runnable pluginMetrics) {
    this.server = server;
    this.key = key;
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
    ObjectName key = objectName(connector, taskId);
    synchronized (LIVE) {
      TaskMetricsRegistration previous = LIVE.get(key);
      if (previous != null) {
        log.info("The instance of task {} of connector '{}' this one replaces has not finished"
            + " stopping: its metrics are withdrawn for this one's", taskId, connector);
        previous.closeLocked();
      }
      ObjectName name = key;
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
      TaskMetricsRegistration registration = new TaskMetricsRegistration(server, key, name,
          pluginMetrics(metrics, context, key));
      LIVE.put(key, registration);
      return registration;
    }
  }

  private static Runnable pluginMetrics(TaskMetrics metrics, SinkTaskContext context, ObjectName key) {
    if (context == null) {
      return () -> { };
    }
    try {
      return PluginMetricsBridge.register(context, metrics);
    } catch (LinkageError | UnsupportedOperationException e) {
      log.debug("This worker has no plugin metrics (Kafka 4.1 or later has them): JMX only");
      return () -> { };
    } catch (RuntimeException e) { // a metric of the same name the worker holds for someone else
      log.warn("Could not publish the task's metrics as the worker's plugin metrics ({}); they are"
          + " in JMX as {}", e.getMessage(), key);
      return () -> { };
    }
  }

  /** The MBean's name, or null when it could not be registered. */
  public ObjectName name() {
    return name;
  }

  @Override
  public void close() {
    synchronized (LIVE) {
      closeLocked();
    }
  }

  /** Withdraws what this registration published, once; {@link #LIVE} held. */
  private void closeLocked() {
    if (closed) {
      return;
    }
    closed = true;
    LIVE.remove(key, this);
    try {
      pluginMetrics.run();
    } catch (RuntimeException e) { // the task's plugin metrics already closed by the worker
      log.debug("The task's plugin metrics were already gone: {}", e.toString());
    }
    if (name != null) {
      try {
        server.unregisterMBean(name);
      } catch (JMException e) {
        log.debug("MBean {} was already gone", name);
      }
    }
  }
}
