package io.github.connecthubspot.events.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Validator and recommender for a setting whose value is one of an enum's constants, any case. */
final class EnumSetting<E extends Enum<E>> implements ConfigDef.Validator, ConfigDef.Recommender {
  private final Class<E> type;

  EnumSetting(Class<E> type) {
    this.type = type;
  }

  static String external(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '.');
  }

  E parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (external(e).equals(wanted)) {
        return e;
      }
    }
    throw new IllegalArgumentException(value);
  }

  List<String> names() {
    return Arrays.stream(type.getEnumConstants()).map(EnumSetting::external).collect(Collectors.toList());
  }

  @Override
  public void ensureValid(String name, Object value) {
    if (value == null) {
      throw new ConfigException(name, null, "must be one of " + names());
    }
    try {
      parse(value.toString());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, value, "must be one of " + names());
    }
  }

  @Override
  public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
    return List.copyOf(names());
  }

  @Override
  public boolean visible(String name, Map<String, Object> parsedConfig) {
    return true;
  }

  @Override
  public String toString() {
    return String.join(", ", names());
  }
}
