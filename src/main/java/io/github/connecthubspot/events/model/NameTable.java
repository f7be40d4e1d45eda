package io.github.connecthubspot.events.model;

/**
 * What is known of the names seen lately (property names, event names), for code that would
 * otherwise work a name out again for every record: one open-addressing table, looked up by the
 * name's cached hash and found by identity first (a converter hands out the same name instances,
 * record after record) or else by equality. It keeps at most {@value #MAX_NAMES} names and starts
 * afresh when full, so names that never repeat cost a little time and no growing memory.
 *
 * <p>Not thread-safe: each user keeps its own (per thread, or per object that one thread uses).
 *
 * @param <V> what is known of a name
 */
public final class NameTable<V> {
  /** The most names kept: the table is then at most half full. */
  static final int MAX_NAMES = 128;
  private static final int SLOTS = 2 * MAX_NAMES;

  private final String[] names = new String[SLOTS];
  private final Object[] values = new Object[SLOTS];
  private int size;

  /** What is known of {@code name}, or null. */
  @SuppressWarnings("unchecked")
  public V get(String name) {
    for (int i = slot(name); ; i = (i + 1) & (SLOTS - 1)) {
      String known = names[i];
      if (known == null) {
        return null;
      }
      if (known == name || known.equals(name)) {
        return (V) values[i];
      }
    }
  }

  /** Keeps {@code value} for {@code name} (not null, neither of them), over what was known. */
  public void put(String name, V value) {
    int i = slot(name);
    for (String known = names[i]; known != null; known = names[i]) {
      if (known == name || known.equals(name)) {
        values[i] = value;
        return;
      }
      i = (i + 1) & (SLOTS - 1);
    }
    if (size == MAX_NAMES) { // full: start afresh
      java.util.Arrays.fill(names, null);
      java.util.Arrays.fill(values, null);
      size = 0;
      i = slot(name);
    }
    names[i] = name;
    values[i] = value;
    size++;
  }

  private static int slot(String name) {
    int h = name.hashCode();
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }
}
