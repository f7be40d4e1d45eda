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
 * keeps them, in two arrays: no entry object and no hash table per property, and a name already
 * there found by a scan that compares cached hash codes first (an occurrence has at most 50
 * properties, most a dozen or fewer). The mapper builds one for each record it maps. Not
 * thread-safe; {@link Completion} hands it out read-only.
 */
public final class PropertyMap extends AbstractMap<String, String> {
  private String[] keys;
  private String[] values;
  private int size;

  public PropertyMap() {
    this(16);
  }

  public PropertyMap(int capacity) {
    keys = new String[Math.max(1, capacity)];
    values = new String[keys.length];
  }

  private int indexOf(Object key) {
    if (key == null) {
      for (int i = 0; i < size; i++) {
        if (keys[i] == null) {
          return i;
        }
      }
      return -1;
    }
    int hash = key.hashCode();
    for (int i = 0; i < size; i++) {
      String k = keys[i];
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
      String former = values[at];
      values[at] = value;
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
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    keys[size] = key;
    values[size] = value;
    size++;
  }

  @Override
  public String get(Object key) {
    int at = indexOf(key);
    return at < 0 ? null : values[at];
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
    String former = values[at];
    removeAt(at);
    return former;
  }

  private void removeAt(int at) {
    System.arraycopy(keys, at + 1, keys, at, size - at - 1);
    System.arraycopy(values, at + 1, values, at, size - at - 1);
    size--;
    keys[size] = null;
    values[size] = null;
  }

  @Override
  public void clear() {
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
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
    for (int i = 0; i < n; i++) {
      action.accept(keys[i], values[i]);
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
            return new AbstractMap.SimpleImmutableEntry<>(keys[last], values[last]);
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
