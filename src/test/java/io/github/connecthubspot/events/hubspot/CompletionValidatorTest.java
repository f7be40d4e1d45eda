package io.github.connecthubspot.events.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompletionValidatorTest {
  private static final ObjectMapper M = new ObjectMapper();
  private final CompletionValidator validator = CompletionValidator.structuralOnly();

  private static JsonNode parse(String json) {
    try {
      return M.readTree(json.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private List<Violation> validate(String json) {
    return validator.validate(parse(json), "");
  }

  private static ObjectNode base() {
    ObjectNode n = M.createObjectNode();
    n.put("eventName", "pe1234567_manually_tracked_event");
    n.putObject("properties");
    n.put("objectId", "6091051");
    return n;
  }

  private List<Violation> withProperty(String name, String value) {
    ObjectNode n = base();
    ((ObjectNode) n.get("properties")).put(name, value);
    return validator.validate(n, "");
  }

  @Test
  void guideExampleIsValid() {
    assertThat(
            validate(
                "{'eventName':'pe1234567_manually_tracked_event','properties':{'hs_page_title':'Sweepstakes Sign Up',"
                    + "'hs_page_content_type':'LANDING_PAGE'},'objectType':'contacts','objectId':'6091051'}"))
        .isEmpty();
  }

  @Test
  void eventNameIsRequired() {
    assertThat(validate("{'properties':{},'email':'a@b.co'}"))
        .containsExactly(new Violation("eventName", "REQUIRED", "This property is required"));
    assertThat(validate("{'eventName':'','properties':{},'email':'a@b.co'}"))
        .containsExactly(new Violation("eventName", "INVALID_TYPE", "eventName must be a non-empty string"));
    assertThat(validate("{'eventName':12,'properties':{},'email':'a@b.co'}"))
        .extracting(Violation::code)
        .containsExactly("INVALID_TYPE");
  }

  @Test
  void propertiesAreRequiredButMayBeEmpty() {
    assertThat(validate("{'eventName':'pe1_e','utk':'abc'}"))
        .containsExactly(new Violation("properties", "REQUIRED", "This property is required"));
    assertThat(validate("{'eventName':'pe1_e','properties':[],'utk':'abc'}"))
        .containsExactly(
            new Violation("properties", "INVALID_TYPE", "properties must be an object of string values"));
    assertThat(validate("{'eventName':'pe1_e','properties':{},'utk':'abc'}")).isEmpty();
  }

  @Test
  void anIdentifierIsRequired() {
    Violation missing =
        new Violation(
            "identifier", "MISSING_IDENTIFIER", "One of email, objectId or utk is required to identify the contact");
    assertThat(validate("{'eventName':'pe1_e','properties':{}}")).containsExactly(missing);
    assertThat(validate("{'eventName':'pe1_e','properties':{},'email':'','objectId':null}")).containsExactly(missing);
    assertThat(validate("{'eventName':'pe1_e','properties':{},'email':'jane@example.com'}")).isEmpty();
    assertThat(validate("{'eventName':'pe1_e','properties':{},'objectId':'123'}")).isEmpty();
    assertThat(validate("{'eventName':'pe1_e','properties':{},'objectId':123}")).isEmpty();
    assertThat(validate("{'eventName':'pe1_e','properties':{},'utk':'f3a0c1'}")).isEmpty();
    assertThat(validate("{'eventName':'pe1_e','properties':{},'utk':{}}"))
        .containsExactly(new Violation("utk", "INVALID_TYPE", "utk must be a string"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"plainaddress", "a@b", "a b@example.com", "@example.com", "a@@example.com", "a@.com"})
  void invalidEmailsFail(String email) {
    assertThat(validate("{'eventName':'pe1_e','properties':{},'email':'" + email + "'}"))
        .containsExactly(new Violation("email", "INVALID_EMAIL", "Invalid email address '" + email + "'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jane@example.com", "jane.doe+tag@mail.example.co.uk", "o'brien@ex-ample.org"})
  void validEmailsPass(String email) {
    ObjectNode n = base();
    n.remove("objectId");
    n.put("email", email);
    assertThat(validator.validate(n, "")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "'2026-01-15T10:00:00Z'",
        "'2026-01-15T10:00:00.123+02:00'",
        "'2026-01-15T10:00:00+01:00[Europe/Paris]'",
        "1768471200000",
        "'1768471200000'"
      })
  void occurredAtAcceptsIsoAndEpochMillis(String value) {
    assertThat(validate("{'eventName':'pe1_e','properties':{},'utk':'x','occurredAt':" + value + "}")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"'2026-01-15 10:00:00'", "'2026-01-15T10:00:00'", "'yesterday'", "1.5", "true", "'2026-01-15'"})
  void occurredAtRejectsOtherShapes(String value) {
    List<Violation> vs = validate("{'eventName':'pe1_e','properties':{},'utk':'x','occurredAt':" + value + "}");
    assertThat(vs).extracting(Violation::in, Violation::code).containsExactly(org.assertj.core.groups.Tuple.tuple("occurredAt", "INVALID_DATETIME"));
    assertThat(vs.get(0).message())
        .startsWith("occurredAt must be an ISO-8601 date-time with offset (e.g. 2026-01-15T10:00:00Z) or epoch milliseconds, got '");
  }

  @Test
  void uuidMustBeAString() {
    assertThat(validate("{'eventName':'pe1_e','properties':{},'utk':'x','uuid':'6f9619ff-8b86-d011-b42d-00cf4fc964ff'}")).isEmpty();
    assertThat(validate("{'eventName':'pe1_e','properties':{},'utk':'x','uuid':42}"))
        .containsExactly(new Violation("uuid", "INVALID_TYPE", "uuid must be a non-empty string"));
  }

  @Test
  void atMostFiftyProperties() {
    ObjectNode ok = base();
    ObjectNode props = (ObjectNode) ok.get("properties");
    for (int i = 0; i < 50; i++) {
      props.put("p" + i, "v");
    }
    assertThat(validator.validate(ok, "")).isEmpty();
    props.put("p50", "v");
    assertThat(validator.validate(ok, ""))
        .containsExactly(
            new Violation(
                "properties", "TOO_MANY_PROPERTIES", "At most 50 properties are allowed per event completion, got 51"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Page_Title", "pageTitle", "1st", "_x", "page-title", "page title", "é", ""})
  void invalidPropertyNamesFail(String name) {
    assertThat(withProperty(name, "v"))
        .containsExactly(
            new Violation(
                "properties." + name,
                "INVALID_PROPERTY_NAME",
                "Property name '"
                    + name
                    + "' is invalid: internal names must start with a letter and contain only lowercase letters a-z,"
                    + " numbers 0-9 and underscores"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "page_title", "x1_2_3", "hs_page_title"})
  void validPropertyNamesPass(String name) {
    assertThat(withProperty(name, "v")).isEmpty();
  }

  @Test
  void propertyNamesAtMostFiftyCharacters() {
    String fifty = "a".repeat(50);
    assertThat(withProperty(fifty, "v")).isEmpty();
    String fiftyOne = "a".repeat(51);
    assertThat(withProperty(fiftyOne, "v"))
        .containsExactly(
            new Violation(
                "properties." + fiftyOne,
                "PROPERTY_NAME_TOO_LONG",
                "Property name '" + fiftyOne + "' is 51 characters long; at most 50 are allowed"));
  }

  @Test
  void valuesAtMost256Characters() {
    assertThat(withProperty("hs_page_title", "x".repeat(256))).isEmpty();
    assertThat(withProperty("hs_page_title", "x".repeat(257)))
        .containsExactly(
            new Violation(
                "properties.hs_page_title",
                "VALUE_TOO_LONG",
                "Value of property 'hs_page_title' is 257 characters long; at most 256 are allowed"));
    // characters, not UTF-16 units: 256 emoji are 512 chars in Java but 256 characters
    assertThat(withProperty("comment", "\uD83D\uDE00".repeat(256))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hs_page_url", "hs_referrer", "hs_link_href", "landing_url_2", "my_link", "referrer_page"})
  void urlReferrerAndLinkPropertiesTake1024(String name) {
    assertThat(withProperty(name, "x".repeat(1024))).isEmpty();
    assertThat(withProperty(name, "x".repeat(1025)))
        .containsExactly(
            new Violation(
                "properties." + name,
                "VALUE_TOO_LONG",
                "Value of property '" + name + "' is 1025 characters long; at most 1024 are allowed"));
  }

  @Test
  void propertyValuesMustBeStrings() {
    assertThat(validate("{'eventName':'pe1_e','properties':{'amount':12},'utk':'x'}"))
        .containsExactly(
            new Violation("properties.amount", "INVALID_TYPE", "Value of property 'amount' must be a string, got number"));
    assertThat(validate("{'eventName':'pe1_e','properties':{'a':null},'utk':'x'}"))
        .containsExactly(new Violation("properties.a", "INVALID_TYPE", "Value of property 'a' must be a string, got null"));
  }

  @Test
  void pageContentTypeAndAssetTypeTakeTheGuidesValues() {
    for (String v : CompletionValidator.ASSET_TYPES) {
      assertThat(withProperty("hs_page_content_type", v)).isEmpty();
      assertThat(withProperty("hs_asset_type", v)).isEmpty();
    }
    assertThat(withProperty("hs_asset_type", "pe1234567_other_event")).isEmpty();
    assertThat(withProperty("hs_page_content_type", "landing_page"))
        .containsExactly(
            new Violation(
                "properties.hs_page_content_type",
                "INVALID_OPTION",
                "'landing_page' is not a valid option for property 'hs_page_content_type'; allowed: STANDARD_PAGE,"
                    + " LANDING_PAGE, BLOG_POST, KNOWLEDGE_ARTICLE, AD, CALL, CONTACT_IMPORT, CONVERSATION,"
                    + " CUSTOM_BEHAVIORAL_EVENT_NAME, EMAIL, EXTERNAL_PAGE, INTEGRATIONS, MARKETING_EVENT, MEDIA_BRIDGE,"
                    + " MEETING, SALES_EMAIL, SEQUENCE, SOCIAL_POST, OTHER"));
    assertThat(withProperty("hs_asset_type", "WEBINAR")).extracting(Violation::code).containsExactly("INVALID_OPTION");
  }

  @Test
  void touchpointSourceTakesTheGuidesValues() {
    for (String v : CompletionValidator.TOUCHPOINT_SOURCES) {
      assertThat(withProperty("hs_touchpoint_source", v)).isEmpty();
    }
    assertThat(withProperty("hs_touchpoint_source", "PAID_SOCIAL;ORGANIC_SEARCH"))
        .extracting(Violation::code)
        .containsExactly("INVALID_OPTION");
    assertThat(withProperty("hs_touchpoint_source", "FACEBOOK").get(0).message())
        .isEqualTo(
            "'FACEBOOK' is not a valid option for property 'hs_touchpoint_source'; allowed: CONVERSATION, DIRECT_TRAFFIC,"
                + " EMAIL_MARKETING, HUBSPOT_CRM, INTEGRATION, MARKETING_EVENT, OFFLINE, ORGANIC_SEARCH, OTHER_CAMPAIGNS,"
                + " PAID_SEARCH, PAID_SOCIAL, REFERRALS, SALES, SOCIAL_MEDIA");
  }

  @Test
  void batchPrefixIsAppliedToEveryPath() {
    List<Violation> vs =
        validator.validate(parse("{'eventName':'pe1_e','properties':{'Page_Title':'x'},'email':'nope'}"), "inputs[3].");
    assertThat(vs).extracting(Violation::in).containsExactly("inputs[3].email", "inputs[3].properties.Page_Title");
  }

  @Test
  void nonObjectCompletionFails() {
    assertThat(validator.validate(parse("[1]"), "inputs[0]."))
        .containsExactly(new Violation("inputs[0]", "INVALID_TYPE", "An event completion must be a JSON object"));
    assertThat(validator.validate(parse("'x'"), ""))
        .containsExactly(new Violation("body", "INVALID_TYPE", "An event completion must be a JSON object"));
  }

  @Test
  void portalIdRequiresQualifiedLowerCaseNames() {
    CompletionValidator v = new CompletionValidator(List.of(), true, true, 1234567L);
    assertThat(v.validate(base(), "")).isEmpty();
    ObjectNode n = base();
    n.put("eventName", "manually_tracked_event");
    assertThat(v.validate(n, ""))
        .containsExactly(
            new Violation(
                "eventName",
                "INVALID_EVENT_NAME",
                "eventName 'manually_tracked_event' is not a fully qualified internal name: expected pe1234567_<name>"
                    + " in lower case"));
    n.put("eventName", "pe1234567_ManuallyTracked");
    assertThat(v.validate(n, "")).extracting(Violation::code).containsExactly("INVALID_EVENT_NAME");
    n.put("eventName", "pe7654321_manually_tracked_event");
    assertThat(v.validate(n, "")).extracting(Violation::code).containsExactly("INVALID_EVENT_NAME");
  }

  @Test
  void withoutDefinitionsAnyEventAndPropertyIsAccepted() {
    assertThat(validate("{'eventName':'whatever','properties':{'anything':'goes'},'utk':'x'}")).isEmpty();
  }
}
