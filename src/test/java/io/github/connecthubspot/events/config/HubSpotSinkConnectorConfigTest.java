package io.github.connecthubspot.events.config;

import static io.github.connecthubspot.events.TestConfigs.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.TestConfigs;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.NullValueBehavior;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.OccurredAtSource;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.UuidSource;
import io.github.connecthubspot.events.model.ApiVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HubSpotSinkConnectorConfigTest {

  @Test
  void defaults() {
    HubSpotSinkConnectorConfig c = new HubSpotSinkConnectorConfig(minimal());
    assertThat(c.baseUrl()).isEqualTo("https://api.hubapi.com");
    assertThat(c.accessToken().map(Password::value)).contains(TestConfigs.TOKEN);
    assertThat(c.usesOAuth()).isFalse();
    assertThat(c.oauthGrantType()).isEqualTo("refresh_token");
    assertThat(c.oauthTokenUrl()).isEqualTo("https://api.hubapi.com/oauth/v1/token");
    assertThat(c.apiVersion()).isEqualTo(ApiVersion.V3);
    assertThat(c.eventDefinitionsEnabled()).isTrue();
    assertThat(c.eventDefinitionsRefresh()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.dryRun()).isFalse();
    assertThat(c.sslTruststoreLocation()).isEmpty();
    assertThat(c.sslTruststoreType()).isEqualTo("JKS");
    assertThat(c.sslEndpointIdentification()).isTrue();
    assertThat(c.proxyHost()).isEmpty();
    assertThat(c.proxyUsername()).isEmpty();
    assertThat(c.portalId()).isEmpty();
    assertThat(c.emailField()).contains("email");
    assertThat(c.objectIdField()).contains("objectId");
    assertThat(c.utkField()).contains("utk");
    assertThat(c.occurredAtSource()).isEqualTo(OccurredAtSource.RECORD_TIMESTAMP);
    assertThat(c.uuidSource()).isEqualTo(UuidSource.RECORD_COORDINATES);
    assertThat(c.behaviorOnNullValues()).isEqualTo(NullValueBehavior.IGNORE);
    assertThat(c.batchSize()).isEqualTo(500);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.connectorName()).isEqualTo("hubspot-test");
  }

  @Test
  void typedAccessors() {
    HubSpotSinkConnectorConfig c = new HubSpotSinkConnectorConfig(minimal(
        "event.name", null,
        "event.name.topic.mapping", "clicks:pe1_click, orders:pe1_order",
        "occurred.at.source", "FIELD", "occurred.at.field", "at",
        "uuid.source", "none",
        "identifier.utk.field", "",
        "properties.rename", "a:b",
        "properties.static", "hs_touchpoint_source:INTEGRATION",
        "behavior.on.null.values", "Fail",
        "hubspot.portal.id", "1"));
    assertThat(c.eventNamesByTopic()).containsExactly(Map.entry("clicks", "pe1_click"), Map.entry("orders", "pe1_order"));
    assertThat(c.occurredAtSource()).isEqualTo(OccurredAtSource.FIELD);
    assertThat(c.occurredAtField()).contains("at");
    assertThat(c.uuidSource()).isEqualTo(UuidSource.NONE);
    assertThat(c.utkField()).isEmpty();
    assertThat(c.propertiesRename()).containsExactly(Map.entry("a", "b"));
    assertThat(c.staticProperties()).containsExactly(Map.entry("hs_touchpoint_source", "INTEGRATION"));
    assertThat(c.behaviorOnNullValues()).isEqualTo(NullValueBehavior.FAIL);
    assertThat(c.portalId()).contains("1");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(minimal("hubspot.access.token", null), "hubspot.access.token",
            "Invalid value [hidden] for configuration hubspot.access.token: no credentials: set"
                + " hubspot.access.token (a private-app access token or service key), or OAuth:"
                + " hubspot.oauth.client.id, hubspot.oauth.client.secret and hubspot.oauth.refresh.token"
                + " (or hubspot.oauth.grant.type=client_credentials with the client id and secret)"),
        Arguments.of(minimal("hubspot.access.token", " "), "hubspot.access.token",
            "Invalid value [hidden] for configuration hubspot.access.token: no credentials: set"
                + " hubspot.access.token (a private-app access token or service key), or OAuth:"
                + " hubspot.oauth.client.id, hubspot.oauth.client.secret and hubspot.oauth.refresh.token"
                + " (or hubspot.oauth.grant.type=client_credentials with the client id and secret)"),
        Arguments.of(minimal("batch.size", "501"), "batch.size",
            "Invalid value 501 for configuration batch.size: Value must be no more than 500"),
        Arguments.of(minimal("batch.size", "0"), "batch.size",
            "Invalid value 0 for configuration batch.size: Value must be at least 1"),
        Arguments.of(minimal("hubspot.base.url", "http://api.hubapi.com"), "hubspot.base.url",
            "Invalid value http://api.hubapi.com for configuration hubspot.base.url: plain http is"
                + " allowed only to a loopback host (localhost, 127.0.0.1, [::1]); use https for api.hubapi.com"),
        Arguments.of(minimal("hubspot.base.url", "ftp://x"), "hubspot.base.url",
            "Invalid value ftp://x for configuration hubspot.base.url: must be an absolute https URL"
                + " such as https://api.hubapi.com"),
        Arguments.of(minimal("hubspot.portal.id", "abc"), "hubspot.portal.id",
            "Invalid value abc for configuration hubspot.portal.id: must be the numeric id of a HubSpot account"),
        Arguments.of(minimal("occurred.at.source", "kafka"), "occurred.at.source",
            "Invalid value kafka for configuration occurred.at.source: must be one of"
                + " [record.timestamp, field, none]"),
        Arguments.of(minimal("uuid.source", "random"), "uuid.source",
            "Invalid value random for configuration uuid.source: must be one of"
                + " [record.coordinates, field, none]"),
        Arguments.of(minimal("behavior.on.null.values", "delete"), "behavior.on.null.values",
            "Invalid value delete for configuration behavior.on.null.values: must be one of [ignore, fail]"),
        Arguments.of(minimal("properties.rename", "a"), "properties.rename",
            "Invalid value [a] for configuration properties.rename: entry 'a' is not of the form 'name:value'"),
        Arguments.of(minimal("event.name", null, "event.name.topic.mapping", "t:pe1_a,t:pe1_b"),
            "event.name.topic.mapping",
            "Invalid value [t:pe1_a, t:pe1_b] for configuration event.name.topic.mapping: 't' is"
                + " given twice ('pe1_a' and 'pe1_b')"),
        Arguments.of(minimal("event.name", null), "event.name",
            "Invalid value null for configuration event.name: no event name: set one of event.name,"
                + " event.name.field or event.name.topic.mapping"),
        Arguments.of(minimal("event.name.topic.mapping", "t:pe1_a"), "event.name",
            "Invalid value pe1234567_manually_tracked_event for configuration event.name: event.name"
                + " and event.name.topic.mapping conflict: set one of them, not both"),
        Arguments.of(minimal("hubspot.portal.id", "42"), "event.name",
            "Invalid value pe1234567_manually_tracked_event for configuration event.name: event name"
                + " 'pe1234567_manually_tracked_event' must start with 'pe42_' (hubspot.portal.id=42)"),
        Arguments.of(minimal("event.name", "pe1_Login"), "event.name",
            "Invalid value pe1_Login for configuration event.name: event name 'pe1_Login' must be"
                + " lower case (HubSpot internal names are)"),
        Arguments.of(minimal("identifier.email.field", "", "identifier.object.id.field", " ",
                "identifier.utk.field", ""), "identifier.email.field",
            "Invalid value  for configuration identifier.email.field: no identifier: HubSpot needs an"
                + " email, objectId or utk on every occurrence; set at least one of"
                + " identifier.email.field, identifier.object.id.field or identifier.utk.field"),
        Arguments.of(minimal("identifier.email.field", "user..email"), "identifier.email.field",
            "Invalid value user..email for configuration identifier.email.field: is not a field"
                + " path: field names separated by single dots, e.g. user.email"),
        Arguments.of(minimal("properties.field", ".props"), "properties.field",
            "Invalid value .props for configuration properties.field: is not a field path: field"
                + " names separated by single dots, e.g. user.email"),
        Arguments.of(minimal("properties.static", "Bad Name:x"), "properties.static",
            "Invalid value Bad Name:x for configuration properties.static: property 'Bad Name' is"
                + " not a valid HubSpot internal name (must match [a-z][a-z0-9_]*, at most 50"
                + " characters)"),
        Arguments.of(minimal("properties.static", "source:" + "x".repeat(257)), "properties.static",
            "Invalid value source:" + "x".repeat(257) + " for configuration properties.static:"
                + " property 'source' value has 257 characters: HubSpot accepts at most 256"),
        Arguments.of(minimal("properties.static", "hs_touchpoint_source:WEB"), "properties.static",
            "Invalid value hs_touchpoint_source:WEB for configuration properties.static: property"
                + " 'hs_touchpoint_source' value is not one of HubSpot's options [CONVERSATION,"
                + " DIRECT_TRAFFIC, EMAIL_MARKETING, HUBSPOT_CRM, INTEGRATION, MARKETING_EVENT,"
                + " OFFLINE, ORGANIC_SEARCH, OTHER_CAMPAIGNS, PAID_SEARCH, PAID_SOCIAL, REFERRALS,"
                + " SALES, SOCIAL_MEDIA]"),
        Arguments.of(minimal("properties.rename", "pageTitle:Page_Title"), "properties.rename",
            "Invalid value pageTitle:Page_Title for configuration properties.rename: 'Page_Title'"
                + " is not a valid HubSpot property internal name (must match [a-z][a-z0-9_]*, at"
                + " most 50 characters)"),
        Arguments.of(minimal("occurred.at.source", "field"), "occurred.at.field",
            "Invalid value null for configuration occurred.at.field: occurred.at.field must name a"
                + " field when occurred.at.source=field"),
        Arguments.of(minimal("uuid.source", "field"), "uuid.field",
            "Invalid value null for configuration uuid.field: uuid.field must name a field when"
                + " uuid.source=field"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("invalid")
  void invalidSettingNamesItsKey(Map<String, String> props, String key, String message) {
    assertThatThrownBy(() -> new HubSpotSinkConnectorConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key)
        .hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:8089", "http://127.0.0.1:1/", "http://[::1]:9", "https://api.hubapi.com/",
      "https://eu1.example.test"})
  void acceptedBaseUrls(String url) {
    assertThat(new HubSpotSinkConnectorConfig(minimal("hubspot.base.url", url)).baseUrl()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.0.0.1", "http://localhost.example.com", "http://127.0.0.1.nip.io"})
  void plainHttpToAnyOtherHostIsRefused(String url) {
    assertThatThrownBy(() -> new HubSpotSinkConnectorConfig(minimal("hubspot.base.url", url)))
        .hasMessageContaining("plain http is allowed only to a loopback host");
  }

  @Test
  void staticValuesAreMeasuredInCodePointsAsTheMappingDoes() {
    String emoji = "\uD83D\uDE80".repeat(256); // 256 code points, 512 UTF-16 units
    assertThat(new HubSpotSinkConnectorConfig(minimal("properties.static", "note:" + emoji))
        .staticProperties()).containsEntry("note", emoji);
    assertThat(new HubSpotSinkConnectorConfig(minimal("properties.static", "hs_page_content_type:pe1_x"))
        .staticProperties()).containsEntry("hs_page_content_type", "pe1_x");
  }

  @Test
  void crossKeyErrorsAreAttachedToEveryKeyInvolved() {
    Map<String, List<String>> errors = HubSpotSinkConnectorConfig.crossKeyErrors(
        HubSpotSinkConnectorConfig.CONFIG_DEF.validate(
            minimal("event.name.topic.mapping", "t:pe1_a", "batch.size", "501")));
    assertThat(errors).containsOnlyKeys("event.name", "event.name.topic.mapping");
    assertThat(errors.get("event.name")).containsExactly(
        "event.name and event.name.topic.mapping conflict: set one of them, not both");
  }

  @Test
  void tokenIsNeverShown() {
    HubSpotSinkConnectorConfig c = new HubSpotSinkConnectorConfig(minimal());
    assertThat(c.toString()).doesNotContain(TestConfigs.TOKEN);
    assertThat(c.values().toString()).doesNotContain(TestConfigs.TOKEN);
    assertThat(c.accessToken().map(Object::toString)).contains("[hidden]");
  }
}
