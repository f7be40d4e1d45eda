package io.github.connecthubspot.events.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The properties of one occurrence in the order they were put, as a {@link java.util.LinkedHashMap}
 * keeps them, in one array: no entry object and no hash table per property, and a name already
 * there found by a scan that compares cached hash codes first (an occurrence has at most 50
 * properties, most a dozen or fewer). The mapper builds one for each record it maps. Not
 * thread-safe; {@link Completion} hands it out read-only.
 */
public final class PropertyMap extends AbstractMap<String, String> {
  /** Key i at 2i, its value at 2i + 1: one array. */
  private String[] slots;
  private int size;

  public PropertyMap() {
    this(16);
  }

  public PropertyMap(int capacity) {
    slots = new String[2 * Math.max(1, capacity)];
  }

  private int indexOf(Object key) {
    if (key == null) {
      for (int i = 0; i < size; i++) {
        if (slots[2 * i] == null) {
          return i;
        }
      }
      return -1;
    }
    int hash = key.hashCode();
    for (int i = 0; i < size; i++) {
      String k = slots[2 * i];
      if (k == key || (k != null && k.hashCode() == hash && k.equals(key))) {
        return i;
      }
    }
    return -1;
  }

  /** Puts {@code value} under {@code key}, in place when the key is there; answers its former value. */
  @Override
  public String put(String key, String value) {
    int at = indexOf(key);
    if (at >= 0) {
      String former = slots[2 * at + 1];
      slots[2 * at + 1] = value;
      return former;
    }
    append(key, value);
    return null;
  }

  /**
   * Adds {@code key}, which the caller knows is not there (e.g. the next field of a Struct or key of
   * a Map, unrenamed), without looking for it.
   */
  public void append(String key, String value) {
    if (2 * size == slots.length) {
      slots = Arrays.copyOf(slots, slots.length * 2);
    }
    slots[2 * size] = key;
    slots[2 * size + 1] = value;
    size++;
  }

  @Override
  public String get(Object key) {
    int at = indexOf(key);
    return at < 0 ? null : slots[2 * at + 1];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public String remove(Object key) {
    int at = indexOf(key);
    if (at < 0) {
      return null;
    }
    String former = slots[2 * at + 1];
    removeAt(at);
    return former;
  }

  private void removeAt(int at) {
    System.arraycopy(slots, 2 * at + 2, slots, 2 * at, 2 * (size - at - 1));
    size--;
    slots[2 * size] = null;
    slots[2 * size + 1] = null;
  }

  @Override
  public void clear() {
    Arrays.fill(slots, 0, 2 * size, null);
    size = 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super String> action) {
    Objects.requireNonNull(action);
    int n = size;
    String[] s = slots;
    for (int i = 0; i < n; i++) {
      action.accept(s[2 * i], s[2 * i + 1]);
    }
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;
          private int last = -1;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            last = next++;
            return new AbstractMap.SimpleImmutableEntry<>(slots[2 * last], slots[2 * last + 1]);
          }

          @Override
          public void remove() {
            if (last < 0) {
              throw new IllegalStateException();
            }
            removeAt(last);
            next = last;
            last = -1;
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
