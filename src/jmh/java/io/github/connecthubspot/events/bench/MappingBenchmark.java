package io.github.connecthubspot.events.bench;

import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig;
import io.github.connecthubspot.events.mapping.RecordMapper;
import io.github.connecthubspot.events.model.BatchRequest;
import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.Occurrence;
import io.github.connecthubspot.events.model.RequestJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The connector's own CPU per record, on one thread: a realistic record (about 10 properties, an
 * email identifier, the record timestamp as occurredAt, the default uuid from the record's
 * coordinates) mapped and checked against HubSpot's rules ({@link RecordMapper#map}, which
 * validates), then written as the task writes it ({@link Occurrence#of}) and joined into its
 * batch's request body as the client joins it ({@link RequestJson#join}). The records come as a schemaless Map (what JsonConverter with
 * {@code schemas.enable=false} yields: String keys; Long, Double, Boolean and String values; a
 * nested Map) and as a Connect Struct with its schema.
 *
 * <p>The {@code ...Batch} benchmarks do a batch of {@value #BATCH} records per call and report
 * records per second: the score of {@link #mapValidateSerializeMap} is the target of
 * 1,000,000 records/s on one core.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class MappingBenchmark {
  /** HubSpot's batch limit, and the connector's default batch.size. */
  static final int BATCH = BatchRequest.MAX_INPUTS;
  private static final long FIRST_OFFSET = 1_234_567L;
  private static final long TIMESTAMP = 1_764_720_000_000L; // 2025-12-03T00:00:00Z

  private RecordMapper mapper;
  private SinkRecord[] mapRecords;
  private SinkRecord[] structRecords;
  private List<Completion> completions;
  private List<Occurrence> occurrences;

  @Setup
  public void setUp() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("name", "hubspot-events");
    props.put("hubspot.access.token", "pat-na1-bench-not-a-secret");
    props.put("hubspot.portal.id", "1234567");
    props.put("event.name", "pe1234567_page_viewed");
    props.put("identifier.email.field", "email");
    props.put("occurred.at.source", "record.timestamp");
    props.put("uuid.source", "record.coordinates");
    mapper = new RecordMapper(new HubSpotSinkConnectorConfig(props));
    mapRecords = new SinkRecord[BATCH];
    structRecords = new SinkRecord[BATCH];
    for (int i = 0; i < BATCH; i++) {
      mapRecords[i] = record(null, mapValue(i), i);
      structRecords[i] = record(STRUCT_SCHEMA, structValue(i), i);
    }
    completions = new ArrayList<>(BATCH);
    occurrences = new ArrayList<>(BATCH);
    for (SinkRecord r : mapRecords) {
      completions.add(mapper.map(r).orElseThrow());
      occurrences.add(Occurrence.of(completions.get(completions.size() - 1)));
    }
    for (SinkRecord r : structRecords) {
      mapper.map(r).orElseThrow();
    }
  }

  private static SinkRecord record(Schema schema, Object value, int i) {
    return new SinkRecord("page-views", i % 6, null, null, schema, value, FIRST_OFFSET + i,
        TIMESTAMP + 37L * i, TimestampType.CREATE_TIME);
  }

  /** A page view as JsonConverter (schemas.enable=false) reads it: 11 fields, one the email. */
  static Map<String, Object> mapValue(int i) {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("os", "iOS");
    device.put("version", "17.4.1");
    device.put("mobile", true);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("email", "jane.doe+" + i + "@example.com");
    v.put("hs_page_title", "Pricing - Example Inc.");
    v.put("hs_url", "https://www.example.com/pricing?utm_source=newsletter&utm_campaign=dec-" + i);
    v.put("hs_referrer", "https://news.example.org/articles/2025/12/best-tools");
    v.put("plan", "professional");
    v.put("seats", 25L + i);
    v.put("amount", 1249.5 + i);
    v.put("trial", i % 2 == 0);
    v.put("country", "FR");
    v.put("session_id", "c0ffee12-3456-4789-abcd-" + String.format("%012d", i));
    v.put("device", device);
    return v;
  }

  static final Schema DEVICE_SCHEMA = SchemaBuilder.struct().name("Device")
      .field("os", Schema.OPTIONAL_STRING_SCHEMA)
      .field("version", Schema.OPTIONAL_STRING_SCHEMA)
      .field("mobile", Schema.OPTIONAL_BOOLEAN_SCHEMA)
      .build();
  static final Schema STRUCT_SCHEMA = SchemaBuilder.struct().name("PageView")
      .field("email", Schema.STRING_SCHEMA)
      .field("hs_page_title", Schema.OPTIONAL_STRING_SCHEMA)
      .field("hs_url", Schema.OPTIONAL_STRING_SCHEMA)
      .field("hs_referrer", Schema.OPTIONAL_STRING_SCHEMA)
      .field("plan", Schema.OPTIONAL_STRING_SCHEMA)
      .field("seats", Schema.OPTIONAL_INT64_SCHEMA)
      .field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .field("trial", Schema.OPTIONAL_BOOLEAN_SCHEMA)
      .field("country", Schema.OPTIONAL_STRING_SCHEMA)
      .field("session_id", Schema.OPTIONAL_STRING_SCHEMA)
      .field("device", DEVICE_SCHEMA)
      .build();

  /** The same page view as a Struct (e.g. from AvroConverter or JsonConverter with schemas). */
  static Struct structValue(int i) {
    Map<String, Object> m = mapValue(i);
    @SuppressWarnings("unchecked")
    Map<String, Object> d = (Map<String, Object>) m.get("device");
    Struct device = new Struct(DEVICE_SCHEMA);
    d.forEach(device::put);
    Struct s = new Struct(STRUCT_SCHEMA);
    m.forEach((k, v) -> s.put(k, k.equals("device") ? device : v));
    s.validate();
    return s;
  }

  /** The target: map, validate and serialize (its share of a batch of 500), schemaless Map records. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] mapValidateSerializeMap() {
    return mapAndWrite(mapRecords);
  }

  /** The same with Struct records. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] mapValidateSerializeStruct() {
    return mapAndWrite(structRecords);
  }

  /**
   * What the task and a sender do: each record mapped and its occurrence written ({@link
   * Occurrence#of}, in {@code put}), then the occurrences joined into the request body.
   */
  private byte[] mapAndWrite(SinkRecord[] records) {
    List<Occurrence> batch = new ArrayList<>(BATCH);
    for (SinkRecord r : records) {
      batch.add(Occurrence.of(mapper.map(r).orElseThrow()));
    }
    return RequestJson.join(batch);
  }

  /**
   * A floor: each Map record's value walked, each key and value looked at (its class), no more:
   * what any mapping of these records reads, with the same 500 distinct records in memory.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int floorReadMap() {
    int seen = 0;
    for (SinkRecord r : mapRecords) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) r.value()).entrySet()) {
        seen += e.getKey().hashCode() + e.getValue().getClass().hashCode();
        if (e.getValue() instanceof Map) {
          for (Map.Entry<?, ?> n : ((Map<?, ?>) e.getValue()).entrySet()) {
            seen += n.getKey().hashCode() + n.getValue().getClass().hashCode();
          }
        }
      }
    }
    return seen;
  }

  /** Map and validate alone, one Map record per call. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void mapValidateMap(Blackhole bh) {
    for (SinkRecord r : mapRecords) {
      bh.consume(mapper.map(r));
    }
  }

  /** Map and validate alone, one Struct record per call. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void mapValidateStruct(Blackhole bh) {
    for (SinkRecord r : structRecords) {
      bh.consume(mapper.map(r));
    }
  }

  /**
   * A request body of 500 mapped occurrences: each written ({@link Occurrence#of}) and joined, as
   * the task and a sender do; one operation is one batch.
   */
  @Benchmark
  public byte[] serializeBatch500() {
    return RequestJson.batch(completions);
  }

  /**
   * A sender's share alone: the body of 500 occurrences written already (by the task, when it
   * mapped them), joined; one operation is one batch.
   */
  @Benchmark
  public byte[] joinBatch500() {
    return RequestJson.join(occurrences);
  }
}
