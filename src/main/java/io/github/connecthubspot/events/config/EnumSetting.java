package io.github.connecthubspot.events.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Validator and recommender for a setting whose value is one of an enum's constants, any case. */
final class EnumSetting<E extends Enum<E>> implements ConfigDef.Validator, ConfigDef.Recommender {
  private final Class<E> type;
  private final Function<E, String> naming;

  /** Values written as the constants' names in lower case, '_' as '.'. */
  EnumSetting(Class<E> type) {
    this(type, EnumSetting::external);
  }

  /** Values written as {@code naming} names the constants (e.g. {@code 2026-03}). */
  EnumSetting(Class<E> type, Function<E, String> naming) {
    this.type = type;
    this.naming = naming;
  }

  static String external(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '.');
  }

  E parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (naming.apply(e).toLowerCase(Locale.ROOT).equals(wanted)) {
        return e;
      }
    }
    throw new IllegalArgumentException(value);
  }

  List<String> names() {
    return Arrays.stream(type.getEnumConstants()).map(naming).collect(Collectors.toList());
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
