package io.github.connecthubspot.events.bench.plugin;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** Counts the records it is given in {@link Probe}; every offset it was given may be committed. */
public final class NoOpSinkTask extends SinkTask {
  private final Probe probe = Probe.get();

  @Override
  public String version() {
    return "1";
  }

  @Override
  public void start(Map<String, String> props) {}

  @Override
  public void put(Collection<SinkRecord> records) {
    if (!records.isEmpty()) {
      probe.put(records.size(), System.currentTimeMillis());
    }
  }

  @Override
  public void stop() {}
}
