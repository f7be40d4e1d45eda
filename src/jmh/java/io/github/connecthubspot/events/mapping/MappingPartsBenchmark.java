package io.github.connecthubspot.events.mapping;

import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.JsonEscapes;
import io.github.connecthubspot.events.model.Occurrence;
import io.github.connecthubspot.events.model.PropertyNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where one realistic record's time goes ({@code MappingBenchmark}'s Map record): each part of
 * {@link RecordMapper#map} and of writing its occurrence, timed alone, in ns per call. Their sum
 * next to {@code MappingBenchmark.mapValidateSerializeMap} shows what is left to cut and where.
 *
 * <p>The {@code floor...} benchmarks time work that no implementation can skip, each done the
 * cheapest way we know on the JDK: the MD5 digest of the default uuid's name (the JDK's intrinsic;
 * the name cannot change without changing every uuid already sent), {@code Double.toString} of the
 * one double, and one look at each char of the text the occurrence carries (identifiers, occurredAt,
 * uuid and property values: a JSON writer must find the chars it escapes), copied into a byte
 * array, read char by char or first copied in bulk (the cheaper of the two is the floor). With
 * {@code MappingBenchmark.floorReadMap} (reading the records), their sum bounds from below what
 * map, validate and serialize can cost on the machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class MappingPartsBenchmark {
  private static final long TIMESTAMP = 1_764_720_000_000L;
  private Map<String, Object> device;
  private Completion completion;
  /** The text an occurrence carries besides its names (see {@link #floorCharPass}). */
  private String[] text;
  private final byte[] out = new byte[4096];
  private final char[] chars = new char[4096];
  private final byte[] name = ("kafka-connect-hubspot-events/hubspot-events/page-views/1/1234567")
      .getBytes(StandardCharsets.US_ASCII);
  private MessageDigest md5;
  private long offset = 1_234_567L;
  private final HubSpotRules rules = new HubSpotRules(Optional.of("1234567"));

  @Setup
  public void setUp() {
    device = new LinkedHashMap<>();
    device.put("os", "iOS");
    device.put("version", "17.4.1");
    device.put("mobile", true);
    Completion.Builder b = Completion.builder().eventName("pe1234567_page_viewed")
        .email("jane.doe+7@example.com").occurredAt(TimeValues.isoMillis(TIMESTAMP))
        .uuid(EventUuids.fromCoordinates("hubspot-events", "page-views", 1, offset));
    b.property("hs_page_title", "Pricing - Example Inc.")
        .property("hs_url", "https://www.example.com/pricing?utm_source=newsletter&utm_campaign=dec-7")
        .property("hs_referrer", "https://news.example.org/articles/2025/12/best-tools")
        .property("plan", "professional").property("seats", "32").property("amount", "1256.5")
        .property("trial", "false").property("country", "FR")
        .property("session_id", "c0ffee12-3456-4789-abcd-000000000007")
        .property("device", "{\"os\":\"iOS\",\"version\":\"17.4.1\",\"mobile\":true}");
    completion = b.build();
    List<String> all = new ArrayList<>(List.of(completion.email(),
        completion.occurredAt(), completion.uuid()));
    all.addAll(completion.properties().values());
    text = all.toArray(new String[0]);
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The default uuid: an MD5 name-based UUID of the record's coordinates, as text. */
  @Benchmark
  public String uuid() {
    return EventUuids.fromCoordinates("hubspot-events", "page-views", 1, offset++);
  }

  /** occurredAt from the record timestamp. */
  @Benchmark
  public String occurredAt() {
    return TimeValues.isoMillis(TIMESTAMP + (offset++ & 0xffff) * 37);
  }

  /** A Double property. */
  @Benchmark
  public String formatDouble() throws ValueFormatter.Unformattable {
    return ValueFormatter.format(1249.5 + (offset++ & 0xff), null, PropertyNames.MAX_VALUE_LENGTH);
  }

  /** A Long property. */
  @Benchmark
  public String formatLong() throws ValueFormatter.Unformattable {
    return ValueFormatter.format(25L + (offset++ & 0xff), null, PropertyNames.MAX_VALUE_LENGTH);
  }

  /** The nested map of three entries, as JSON text. */
  @Benchmark
  public String formatNestedMap() throws ValueFormatter.Unformattable {
    return ValueFormatter.format(device, null, PropertyNames.MAX_VALUE_LENGTH);
  }

  /** HubSpot's rules over the mapped occurrence (10 properties). */
  @Benchmark
  public Optional<String> rules() {
    return rules.check(completion);
  }

  /** The occurrence's JSON (10 properties, about 560 bytes). */
  @Benchmark
  public Occurrence write() {
    return Occurrence.of(completion);
  }

  /** Floor: the MD5 digest of the default uuid's name for this record (64 bytes: two blocks). */
  @Benchmark
  public byte[] floorMd5() {
    name[name.length - 1] = (byte) ('0' + (offset++ & 7));
    return md5.digest(name);
  }

  /** Floor: the text of the record's one double. */
  @Benchmark
  public String floorDoubleToString() {
    return Double.toString(1249.5 + (offset++ & 0xff));
  }

  /**
   * Floor: each char of the occurrence's text looked at once (is it one JSON escapes or encodes?)
   * and copied into a byte array: what any writer of its JSON does at the least.
   */
  @Benchmark
  public int floorCharPass() {
    byte[] b = out;
    int p = 0;
    int special = 0;
    for (String s : text) {
      for (int i = 0, n = s.length(); i < n; i++) {
        char ch = s.charAt(i);
        special |= ch >= 0x80 ? 1 : JsonEscapes.of(ch);
        b[p++] = (byte) ch;
      }
    }
    return p + special;
  }

  /** Floor: as {@link #floorCharPass}, each string's chars first copied in bulk ({@code getChars}). */
  @Benchmark
  public int floorCharPassBulk() {
    byte[] b = out;
    char[] cs = chars;
    int p = 0;
    int special = 0;
    for (String s : text) {
      int n = s.length();
      s.getChars(0, n, cs, 0);
      for (int i = 0; i < n; i++) {
        char ch = cs[i];
        special |= ch >= 0x80 ? 1 : JsonEscapes.of(ch);
        b[p++] = (byte) ch;
      }
    }
    return p + special;
  }
}
