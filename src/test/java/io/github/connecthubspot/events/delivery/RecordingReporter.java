package io.github.connecthubspot.events.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;

/** Records what is reported; its futures complete at once unless {@link #holdFutures} is set. */
public final class RecordingReporter implements ErrantRecordReporter {
  public static final class Report {
    public final SinkRecord record;
    public final Throwable error;
    public final CompletableFuture<Void> future;

    Report(SinkRecord record, Throwable error, CompletableFuture<Void> future) {
      this.record = record;
      this.error = error;
      this.future = future;
    }
  }

  private final List<Report> reports = Collections.synchronizedList(new ArrayList<>());
  public volatile boolean holdFutures;

  @Override
  public Future<Void> report(SinkRecord record, Throwable error) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (!holdFutures) {
      f.complete(null);
    }
    reports.add(new Report(record, error, f));
    return f;
  }

  public List<Report> reports() {
    synchronized (reports) {
      return List.copyOf(reports);
    }
  }
}
