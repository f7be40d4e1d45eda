package io.github.connecthubspot.events.quickstart;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The connector's task metrics, read over JMX from the worker: every attribute of every MBean
 * matching {@code kafka.connect.hubspot:type=task-metrics,*}, whatever their names.
 */
final class TaskMetrics {
  static final String PATTERN = "kafka.connect.hubspot:type=task-metrics,*";

  private TaskMetrics() {}

  /** One line per attribute ({@code mbean: name = value}), or one line saying why there are none. */
  static List<String> read(int jmxPort, long timeoutSeconds) {
    CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> {
      try {
        return readNow(jmxPort);
      } catch (Exception e) {
        return List.of("could not read task metrics over JMX (127.0.0.1:" + jmxPort + "): " + e);
      }
    });
    try {
      return read.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      read.cancel(true);
      return List.of("could not read task metrics over JMX within " + timeoutSeconds + " s: " + e);
    }
  }

  private static List<String> readNow(int jmxPort) throws Exception {
    JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
    try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      Set<ObjectName> names = new TreeSet<>(server.queryNames(new ObjectName(PATTERN), null));
      if (names.isEmpty()) {
        return List.of("no task metrics found (" + PATTERN + ")");
      }
      List<String> lines = new ArrayList<>();
      for (ObjectName name : names) {
        lines.add(name.getKeyPropertyListString() + ":");
        List<String> attributes = new ArrayList<>();
        for (MBeanAttributeInfo info : server.getMBeanInfo(name).getAttributes()) {
          if (info.isReadable()) {
            attributes.add(info.getName());
          }
        }
        attributes.sort(null);
        for (Attribute a : server.getAttributes(name, attributes.toArray(String[]::new)).asList()) {
          lines.add("    " + a.getName() + " = " + a.getValue());
        }
      }
      return lines;
    }
  }
}
