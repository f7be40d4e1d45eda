package io.github.connecthubspot.events.hubspot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every accepted occurrence, with counts. Lock-free: concurrent maps and adders only.
 *
 * <p>De-duplication follows the guide: "When multiple events have the same ID within a year, the first
 * will be accepted and all others will be rejected". The key is (eventName, uuid); a uuid accepted more
 * than 365 days earlier (by the injected clock) may be accepted again.
 */
public final class Ledger {
  static final long UUID_MEMORY_MILLIS = 365L * 86_400_000L;

  private final boolean recordBodies;
  private final ConcurrentLinkedQueue<Occurrence> occurrences = new ConcurrentLinkedQueue<>();
  private final AtomicLong seq = new AtomicLong();
  private final LongAdder accepted = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> byEventName = new ConcurrentHashMap<>();
  /** (eventName, uuid) of accepted occurrences -> acceptance time (millis). */
  private final ConcurrentHashMap<UuidKey, Long> acceptedUuids = new ConcurrentHashMap<>();
  private final LongAdder duplicatesRefused = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> duplicatesRefusedByUuid = new ConcurrentHashMap<>();

  Ledger(boolean recordBodies) {
    this.recordBodies = recordBodies;
  }

  /** Whether occurrence bodies are kept (false: counts only). */
  public boolean recordsBodies() {
    return recordBodies;
  }

  /** Key of the de-duplication map (cheaper than a concatenated string on the hot path). */
  private static final class UuidKey {
    final String eventName;
    final String uuid;
    final int hash;

    UuidKey(String eventName, String uuid) {
      this.eventName = eventName;
      this.uuid = uuid;
      this.hash = 31 * eventName.hashCode() + uuid.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof UuidKey)) {
        return false;
      }
      UuidKey k = (UuidKey) o;
      return hash == k.hash && uuid.equals(k.uuid) && eventName.equals(k.eventName);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Reserves (eventName, uuid); false when it was already accepted within a year. */
  boolean reserveUuid(String eventName, String uuid, long nowMillis) {
    UuidKey key = new UuidKey(eventName, uuid);
    Long prev = acceptedUuids.putIfAbsent(key, nowMillis);
    if (prev == null) {
      return true;
    }
    if (nowMillis - prev > UUID_MEMORY_MILLIS) {
      return acceptedUuids.replace(key, prev, nowMillis);
    }
    return false;
  }

  void releaseUuid(String eventName, String uuid) {
    acceptedUuids.remove(new UuidKey(eventName, uuid));
  }

  void refused(String uuid) {
    duplicatesRefused.increment();
    duplicatesRefusedByUuid.computeIfAbsent(uuid, k -> new LongAdder()).increment();
  }

  void record(Occurrence o) {
    accepted.increment();
    byEventName.computeIfAbsent(o.eventName(), k -> new LongAdder()).increment();
    if (recordBodies) {
      occurrences.add(o);
    }
  }

  long nextSeq() {
    return seq.incrementAndGet();
  }

  void clear() {
    occurrences.clear();
    accepted.reset();
    byEventName.clear();
    acceptedUuids.clear();
    duplicatesRefused.reset();
    duplicatesRefusedByUuid.clear();
    seq.set(0);
  }

  /** All recorded occurrences in arrival order (empty when bodies are not kept). */
  public List<Occurrence> occurrences() {
    return Collections.unmodifiableList(new ArrayList<>(occurrences));
  }

  /** Recorded occurrences of one event name, in arrival order. */
  public List<Occurrence> occurrences(String eventName) {
    List<Occurrence> out = new ArrayList<>();
    for (Occurrence o : occurrences) {
      if (o.eventName().equals(eventName)) {
        out.add(o);
      }
    }
    return out;
  }

  /** Recorded occurrences with this uuid (any event name). */
  public List<Occurrence> withUuid(String uuid) {
    List<Occurrence> out = new ArrayList<>();
    for (Occurrence o : occurrences) {
      if (uuid.equals(o.uuid())) {
        out.add(o);
      }
    }
    return out;
  }

  /** Number of accepted occurrences (also maintained when bodies are not kept). */
  public long acceptedCount() {
    return accepted.sum();
  }

  /** Accepted occurrences per event name (sorted by name). */
  public Map<String, Long> countsByEventName() {
    return snapshot(byEventName);
  }

  /** Accepted occurrences of one event name. */
  public long count(String eventName) {
    LongAdder a = byEventName.get(eventName);
    return a == null ? 0 : a.sum();
  }

  /**
   * Accepted occurrences per uuid (sorted). A value above 1 means the same uuid was accepted for
   * different event names; the same (eventName, uuid) is accepted once.
   */
  public Map<String, Long> countsByUuid() {
    Map<String, Long> out = new TreeMap<>();
    acceptedUuids.keySet().forEach(k -> out.merge(k.uuid, 1L, Long::sum));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The uuids accepted for {@code eventName} (for every event name when null), sorted; a uuid
   * accepted under two event names appears twice when {@code eventName} is null. Occurrences
   * without a uuid are not listed. Kept also when bodies are not ({@code --counts-only}).
   */
  public List<String> acceptedUuids(String eventName) {
    List<String> out = new ArrayList<>();
    for (UuidKey k : acceptedUuids.keySet()) {
      if (eventName == null || eventName.equals(k.eventName)) {
        out.add(k.uuid);
      }
    }
    Collections.sort(out);
    return out;
  }

  /** Accepted occurrences carrying this uuid. */
  public long countByUuid(String uuid) {
    long n = 0;
    for (UuidKey k : acceptedUuids.keySet()) {
      if (k.uuid.equals(uuid)) {
        n++;
      }
    }
    return n;
  }

  /** Occurrences refused as duplicates of an already accepted (eventName, uuid). */
  public long duplicatesRefused() {
    return duplicatesRefused.sum();
  }

  /** Duplicates refused per uuid. */
  public Map<String, Long> duplicatesRefusedByUuid() {
    return snapshot(duplicatesRefusedByUuid);
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return Collections.unmodifiableMap(out);
  }
}
