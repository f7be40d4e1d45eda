package io.github.connecthubspot.events.model;

/**
 * What is known of the names seen lately (property names, event names), for code that would
 * otherwise work a name out again for every record: one open-addressing table, looked up by the
 * name's cached hash and found by identity first (a converter hands out the same name instances,
 * record after record) or else by equality. It keeps the first {@value #MAX_NAMES} names it is
 * given and no more (HubSpot takes at most 50 properties per event, so that is several events'
 * worth): names past them, or that never repeat, cost a failed look-up each and no memory.
 *
 * <p>Not thread-safe: each user keeps its own (per thread, or per object that one thread uses).
 *
 * @param <V> what is known of a name
 */
public final class NameTable<V> {
  /** The most names kept: the table is then at most half full. */
  static final int MAX_NAMES = 256;
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

  /** Whether a name not kept yet would be: fewer than {@value #MAX_NAMES} are. */
  public boolean hasRoom() {
    return size < MAX_NAMES;
  }

  /**
   * Keeps {@code value} for {@code name} (not null, neither of them), over what was known; a new
   * name only while there is room ({@link #hasRoom}).
   */
  public void put(String name, V value) {
    int i = slot(name);
    for (String known = names[i]; known != null; known = names[i]) {
      if (known == name || known.equals(name)) {
        values[i] = value;
        return;
      }
      i = (i + 1) & (SLOTS - 1);
    }
    if (size < MAX_NAMES) {
      names[i] = name;
      values[i] = value;
      size++;
    }
  }

  private static int slot(String name) {
    int h = name.hashCode();
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }
}
