package io.github.connecthubspot.events.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DefaultEventPropertiesTest {
  @Test
  void sameListAsTheLocalEndpoint() {
    assertThat(DefaultEventProperties.NAMES).isEqualTo(
        io.github.connecthubspot.events.hubspot.EventDefinition.DEFAULT_PROPERTIES);
  }
}
