package io.github.connecthubspot.events.config;

import io.github.connecthubspot.events.model.ApiVersion;
import io.github.connecthubspot.events.model.PropertyNames;
import io.github.connecthubspot.events.model.PropertyRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * The connector's settings: one {@code ConfigDef} in three groups (Connection, Mapping, Delivery),
 * per-key validators, the cross-key checks of {@link #crossKeyErrors(List)} shared by {@code
 * Connector.validate()} and the task, and typed accessors.
 */
public final class HubSpotSinkConnectorConfig extends AbstractConfig {

  /** Where {@code occurredAt} comes from. */
  public enum OccurredAtSource { RECORD_TIMESTAMP, FIELD, NONE }

  /** Where the occurrence's {@code uuid} comes from. */
  public enum UuidSource { RECORD_COORDINATES, FIELD, NONE }

  /** What a tombstone (a record with a null value) does. */
  public enum NullValueBehavior { IGNORE, FAIL }

  /** What HubSpot's daily limit (a 429 with policy DAILY) does. */
  public enum DailyLimitBehavior { PAUSE, FAIL }

  /** What a property the event's definition does not have does. */
  public enum UndefinedPropertyBehavior { FAIL, DROP, SEND }

  /** How property names taken from fields and headers are written. */
  public enum PropertyNameStyle {
    AS_IS("as-is"),
    SNAKE_CASE("snake_case");

    private final String external;

    PropertyNameStyle(String external) {
      this.external = external;
    }

    /** The value as written in the setting. */
    public String external() {
      return external;
    }

    static PropertyNameStyle parse(String value) {
      String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      for (PropertyNameStyle style : values()) {
        if (style.external.equals(wanted)) {
          return style;
        }
      }
      throw new IllegalArgumentException(String.valueOf(value));
    }

    static List<String> names() {
      List<String> names = new ArrayList<>();
      for (PropertyNameStyle style : values()) {
        names.add(style.external);
      }
      return names;
    }
  }

  static final String CONNECTION_GROUP = "Connection";
  static final String MAPPING_GROUP = "Mapping";
  static final String DELIVERY_GROUP = "Delivery";

  /** The connector's name, which Connect passes to tasks among their settings. */
  public static final String CONNECTOR_NAME_CONFIG = "name";
  static final String CONNECTOR_NAME_DEFAULT = "hubspot-events";

  // ---- Connection
  public static final String ACCESS_TOKEN_CONFIG = "hubspot.access.token";
  static final String ACCESS_TOKEN_DOC =
      "HubSpot private-app access token or service key, sent as 'Authorization: Bearer'. It needs"
          + " the scope analytics.behavioral_events.send. Stored and shown as a password. Set it,"
          + " or the OAuth settings (hubspot.oauth.*) instead.";
  static final String ACCESS_TOKEN_DISPLAY = "Access token";

  public static final String BASE_URL_CONFIG = "hubspot.base.url";
  static final String BASE_URL_DOC =
      "Base URL of HubSpot's API. Must be https; plain http is accepted only for a loopback host"
          + " (localhost, 127.0.0.1, [::1]), such as the project's local HubSpot endpoint.";
  static final String BASE_URL_DISPLAY = "Base URL";
  public static final String BASE_URL_DEFAULT = "https://api.hubapi.com";

  public static final String PORTAL_ID_CONFIG = "hubspot.portal.id";
  static final String PORTAL_ID_DOC =
      "Optional HubSpot account (portal) id. When set, every event name must start with"
          + " 'pe<portalId>_', and records whose event name does not are refused before sending.";
  static final String PORTAL_ID_DISPLAY = "Portal id";

  public static final String CONNECT_TIMEOUT_MS_CONFIG = "hubspot.connect.timeout.ms";
  static final String CONNECT_TIMEOUT_MS_DOC = "How long to wait to open a connection to HubSpot.";
  static final String CONNECT_TIMEOUT_MS_DISPLAY = "Connect timeout (ms)";
  static final int CONNECT_TIMEOUT_MS_DEFAULT = 10_000;

  public static final String REQUEST_TIMEOUT_MS_CONFIG = "hubspot.request.timeout.ms";
  static final String REQUEST_TIMEOUT_MS_DOC =
      "How long to wait for HubSpot's answer to one request; a request that takes longer counts"
          + " as a transient failure.";
  static final String REQUEST_TIMEOUT_MS_DISPLAY = "Request timeout (ms)";
  static final int REQUEST_TIMEOUT_MS_DEFAULT = 30_000;

  public static final String API_VERSION_CONFIG = ApiVersion.SETTING;
  static final String API_VERSION_DOC =
      "HubSpot API version of the paths the connector uses. 'v3' (the default):"
          + " /events/v3/send/batch, /events/v3/event-definitions and the OAuth token endpoint"
          + " /oauth/v1/token; HubSpot stops supporting the v1-v3 paths in September 2027."
          + " '2026-03': /events/2026-03/send/batch, /events/2026-03/event-definitions and"
          + " /oauth/2026-03/token. The dated paths are not confirmed by HubSpot yet: when the"
          + " start-up check finds no send path (404), the task tries the documented alternative"
          + " (/events/custom/2026-03/...) and fails, naming this setting, when neither exists.";
  static final String API_VERSION_DISPLAY = "API version";
  static final String API_VERSION_DEFAULT = ApiVersion.V3.id();

  public static final String EVENT_DEFINITIONS_ENABLED_CONFIG = "event.definitions.enabled";
  static final String EVENT_DEFINITIONS_ENABLED_DOC =
      "Whether the task reads the portal's definition of each event it sends (GET"
          + " <version>/event-definitions/{eventName}, scope"
          + " behavioral_events.event_definitions.read_write, optional: without it the task logs"
          + " one WARN and keeps to HubSpot's generic rules). An event.name or"
          + " event.name.topic.mapping event the portal does not define fails the task at start."
          + " These reads count against HubSpot's general API limits (a few requests per refresh)."
          + " false turns them off: only the generic rules apply.";
  static final String EVENT_DEFINITIONS_ENABLED_DISPLAY = "Read event definitions";

  public static final String EVENT_DEFINITIONS_REFRESH_MS_CONFIG = "event.definitions.refresh.ms";
  static final String EVENT_DEFINITIONS_REFRESH_MS_DOC =
      "How often the task reads again the definitions of the events it has met, one after the"
          + " other (a failed or rate-limited read keeps what it knew). 0 never reads them again:"
          + " each is read once, at start or when a record first names it.";
  static final String EVENT_DEFINITIONS_REFRESH_MS_DISPLAY = "Event definitions refresh (ms)";
  static final int EVENT_DEFINITIONS_REFRESH_MS_DEFAULT = 600_000;
  static final int EVENT_DEFINITIONS_REFRESH_MS_MIN = 10_000;

  // ---- Mapping
  public static final String EVENT_NAME_CONFIG = "event.name";
  static final String EVENT_NAME_DOC =
      "The event's fully qualified internal name for every record, such as"
          + " 'pe1234567_product_viewed'. Precedence: event.name.field (when the record has that"
          + " field), then event.name or event.name.topic.mapping (set one of the two, not both).";
  static final String EVENT_NAME_DISPLAY = "Event name";

  public static final String EVENT_NAME_FIELD_CONFIG = "event.name.field";
  static final String EVENT_NAME_FIELD_DOC =
      "Field (dotted path) of the record value that holds the event name, or $key, $key.<path> or"
          + " $header.<name> (e.g. '$header.event_type'). It wins over event.name and"
          + " event.name.topic.mapping, which serve as fallback when the field is absent or empty.";
  static final String EVENT_NAME_FIELD_DISPLAY = "Event name field";

  public static final String EVENT_NAME_TOPIC_MAPPING_CONFIG = "event.name.topic.mapping";
  static final String EVENT_NAME_TOPIC_MAPPING_DOC =
      "Event name per topic, as 'topic:eventName,topic:eventName'. A record of a topic not listed"
          + " (and without event.name.field) is refused. Not together with event.name.";
  static final String EVENT_NAME_TOPIC_MAPPING_DISPLAY = "Event name per topic";

  public static final String IDENTIFIER_EMAIL_FIELD_CONFIG = "identifier.email.field";
  static final String IDENTIFIER_EMAIL_FIELD_DOC =
      "Field that holds the contact's email. Empty turns it off. HubSpot needs at least one of"
          + " email, objectId and utk on every occurrence. Like every field setting it may name"
          + " the value ('user.email' or '$value.user.email'), the key ('$key' for a String key,"
          + " '$key.email' into a Struct or Map key) or a header ('$header.email', the last"
          + " header of that name).";
  static final String IDENTIFIER_EMAIL_FIELD_DISPLAY = "Email field";

  public static final String IDENTIFIER_OBJECT_ID_FIELD_CONFIG = "identifier.object.id.field";
  static final String IDENTIFIER_OBJECT_ID_FIELD_DOC =
      "Field that holds the HubSpot record id (objectId) of the contact, or of the company, deal,"
          + " ticket or custom object the event is defined on (e.g. '$key' for a key that is the"
          + " deal id). Empty turns it off. Events defined on other objects than contacts (known"
          + " from the event's definition) need it.";
  static final String IDENTIFIER_OBJECT_ID_FIELD_DISPLAY = "Object id field";

  public static final String IDENTIFIER_UTK_FIELD_CONFIG = "identifier.utk.field";
  static final String IDENTIFIER_UTK_FIELD_DOC =
      "Field that holds the visitor's HubSpot user token (utk). Empty turns it off.";
  static final String IDENTIFIER_UTK_FIELD_DISPLAY = "utk field";

  public static final String OCCURRED_AT_SOURCE_CONFIG = "occurred.at.source";
  static final String OCCURRED_AT_SOURCE_DOC =
      "Where occurredAt comes from: 'record.timestamp' (the Kafka record's timestamp), 'field'"
          + " (occurred.at.field: a Connect Timestamp or Date, epoch milliseconds, or an ISO-8601"
          + " string), or 'none' (HubSpot uses the time it receives the request).";
  static final String OCCURRED_AT_SOURCE_DISPLAY = "occurredAt source";

  public static final String OCCURRED_AT_FIELD_CONFIG = "occurred.at.field";
  static final String OCCURRED_AT_FIELD_DOC =
      "Field that holds the time of the occurrence, when occurred.at.source=field.";
  static final String OCCURRED_AT_FIELD_DISPLAY = "occurredAt field";

  public static final String UUID_SOURCE_CONFIG = "uuid.source";
  static final String UUID_SOURCE_DOC =
      "Where the occurrence's uuid comes from; HubSpot keeps only the first occurrence of a uuid"
          + " within a year. 'record.coordinates': a name-based UUID of connector name, topic,"
          + " partition and offset, so a redelivered record carries the same uuid. 'field':"
          + " uuid.field. 'none': no uuid (redelivered records may be duplicated).";
  static final String UUID_SOURCE_DISPLAY = "uuid source";

  public static final String UUID_FIELD_CONFIG = "uuid.field";
  static final String UUID_FIELD_DOC = "Field that holds the uuid, when uuid.source=field.";
  static final String UUID_FIELD_DISPLAY = "uuid field";

  public static final String PROPERTIES_FIELD_CONFIG = "properties.field";
  static final String PROPERTIES_FIELD_DOC =
      "Field (a nested Struct or Map) that holds the event's properties, also '$key' or"
          + " '$key.<path>' for a Struct or Map key, or '$header.<name>' for a Map header. When"
          + " empty, the properties are the value's top-level fields other than those used for"
          + " the event name, identifiers, occurredAt and uuid.";
  static final String PROPERTIES_FIELD_DISPLAY = "Properties field";

  public static final String PROPERTIES_INCLUDE_CONFIG = "properties.include";
  static final String PROPERTIES_INCLUDE_DOC =
      "When set, only these fields become properties (names before renaming).";
  static final String PROPERTIES_INCLUDE_DISPLAY = "Include properties";

  public static final String PROPERTIES_EXCLUDE_CONFIG = "properties.exclude";
  static final String PROPERTIES_EXCLUDE_DOC =
      "Fields that never become properties (names before renaming).";
  static final String PROPERTIES_EXCLUDE_DISPLAY = "Exclude properties";

  public static final String PROPERTIES_RENAME_CONFIG = "properties.rename";
  static final String PROPERTIES_RENAME_DOC =
      "Renames fields to HubSpot property names, as 'from:to,from:to' (e.g."
          + " 'pageTitle:hs_page_title').";
  static final String PROPERTIES_RENAME_DISPLAY = "Rename properties";

  public static final String PROPERTIES_STATIC_CONFIG = "properties.static";
  static final String PROPERTIES_STATIC_DOC =
      "Properties added to every occurrence, as 'name:value,name:value' (e.g."
          + " 'hs_touchpoint_source:INTEGRATION'). They override a field of the same name.";
  static final String PROPERTIES_STATIC_DISPLAY = "Static properties";

  public static final String BEHAVIOR_ON_NULL_VALUES_CONFIG = "behavior.on.null.values";
  static final String BEHAVIOR_ON_NULL_VALUES_DOC =
      "What a tombstone (null value) does: 'ignore' skips it; 'fail' treats it as a bad record"
          + " (sent to the dead-letter queue with errors.tolerance=all, else the task fails).";
  static final String BEHAVIOR_ON_NULL_VALUES_DISPLAY = "Behavior on null values";

  public static final String PROPERTIES_HEADERS_CONFIG = "properties.headers";
  static final String PROPERTIES_HEADERS_DOC =
      "Record headers added as properties, by header name (e.g. 'source,campaign_id'): the last"
          + " header of each name, formatted like a field (bytes read as UTF-8), left out when the"
          + " record has none. properties.rename and properties.name.style apply to their names;"
          + " properties.include and properties.exclude do not. properties.static overrides them.";
  static final String PROPERTIES_HEADERS_DISPLAY = "Header properties";

  public static final String PROPERTIES_NAME_STYLE_CONFIG = "properties.name.style";
  static final String PROPERTIES_NAME_STYLE_DOC =
      "How the names of fields and headers become property names: 'as-is' keeps them;"
          + " 'snake_case' writes them in HubSpot's style ('scrollDepth' becomes 'scroll_depth',"
          + " 'Page-Title' 'page_title', 'HTTPStatus' 'http_status'; digits kept, runs of other"
          + " characters one '_'). A name that is already a valid HubSpot name is kept, and so are"
          + " properties.rename targets. Two fields that become the same name refuse the record.";
  static final String PROPERTIES_NAME_STYLE_DISPLAY = "Property name style";

  public static final String BEHAVIOR_ON_UNDEFINED_PROPERTY_CONFIG =
      "behavior.on.undefined.property";
  static final String BEHAVIOR_ON_UNDEFINED_PROPERTY_DOC =
      "What a property that the event's definition in the portal does not have does, when the"
          + " definition is known (HubSpot's default hs_* properties count as defined): 'fail'"
          + " refuses the record (to the dead-letter queue with errors.tolerance=all); 'drop'"
          + " leaves the property out (a DEBUG line and a metric count it), so a new field of a"
          + " producer costs nothing; 'send' sends it as is (HubSpot then refuses the request).";
  static final String BEHAVIOR_ON_UNDEFINED_PROPERTY_DISPLAY = "Behavior on undefined property";

  // ---- Delivery
  public static final String BATCH_SIZE_CONFIG = "batch.size";
  static final String BATCH_SIZE_DOC =
      "Most occurrences in one request to HubSpot's batch endpoint (HubSpot's limit is 500).";
  static final String BATCH_SIZE_DISPLAY = "Batch size";
  static final int BATCH_SIZE_DEFAULT = 500;

  public static final String LINGER_MS_CONFIG = "linger.ms";
  static final String LINGER_MS_DOC =
      "How long an occurrence may wait for others to fill its batch: a batch is sent when it"
          + " holds batch.size occurrences or when its oldest has waited linger.ms, whichever comes"
          + " first. Larger values pack more occurrences into each request of the rate budget."
          + " A batch waits for linger.ms only while it is not full: under a backlog every batch is"
          + " full and linger.ms adds no latency; with a trickle it is the added latency that buys"
          + " fuller requests. An offset commit sends nothing early: a batch keeps lingering across it.";
  static final String LINGER_MS_DISPLAY = "Linger (ms)";
  static final int LINGER_MS_DEFAULT = 1_000;

  public static final String MAX_IN_FLIGHT_REQUESTS_CONFIG = "max.in.flight.requests";
  static final String MAX_IN_FLIGHT_REQUESTS_DOC =
      "Most requests one task has waiting for HubSpot's answer at once. Within it the task keeps"
          + " as many in flight as its share of rate.limit.requests.per.second needs at the answer"
          + " time it observes (rate x answer time, plus 2: Little's law), so the bound matters only"
          + " when the budget is high and HubSpot slow: a task sends at most max.in.flight.requests"
          + " x batch.size / answer time occurrences per second (32 x 500 / 0.2 s = 80,000/s). Each"
          + " request in flight holds a sender thread (parked on its socket) and a pooled"
          + " connection; threads are made when needed and end after 30 s idle.";
  static final String MAX_IN_FLIGHT_REQUESTS_DISPLAY = "Max in-flight requests";
  static final int MAX_IN_FLIGHT_REQUESTS_DEFAULT = 32;

  public static final String RATE_LIMIT_CONFIG = "rate.limit.requests.per.second";
  static final String RATE_LIMIT_DOC =
      "The connector's whole request budget to HubSpot, in requests per second (a request holds"
          + " up to batch.size occurrences), split evenly over its tasks. The default, 8, is 80"
          + " requests per 10 seconds: 80% of the general limit of HubSpot's Free and Starter tiers"
          + " (100 per 10 s). Set it below your account's limit, leaving room for other apps that"
          + " share it. Each task sends at its share of the rate from its first second (saving at"
          + " most one second of unused budget, spent at once after an idle spell) and never more"
          + " than its share of rate x 10 requests in any rolling 10 seconds, HubSpot's window,"
          + " counted from the answer of each request so that network delays cannot crowd"
          + " two windows into one. HubSpot's"
          + " 429 answers and X-HubSpot-RateLimit-Remaining slow the tasks down further; they never"
          + " go faster than this.";
  static final String RATE_LIMIT_DISPLAY = "Rate limit (requests/s)";
  static final double RATE_LIMIT_DEFAULT = 8.0;
  static final double RATE_LIMIT_MAX = 1_250.0;

  /**
   * Internal: one task's share of {@link #RATE_LIMIT_CONFIG}, set by the connector's {@code
   * taskConfigs()}. Absent (a task started on its own) means the whole budget.
   */
  public static final String TASK_RATE_LIMIT_CONFIG = "rate.limit.task.requests.per.second";

  /**
   * Internal: one task's share of the requests {@link #RATE_LIMIT_CONFIG} allows in HubSpot's
   * rolling window ({@link #BUDGET_WINDOW_MS}), in whole requests, set by the connector's {@code
   * taskConfigs()} so that the shares add up to the connector's. Absent means the window of the
   * task's own rate.
   */
  public static final String TASK_WINDOW_LIMIT_CONFIG = "rate.limit.task.requests.per.window";

  /** HubSpot's rolling window (per app, 10 s), over which the budget is also kept exactly. */
  public static final long BUDGET_WINDOW_MS = 10_000;

  /**
   * Internal: the task's number among the connector's tasks, set by the connector's {@code
   * taskConfigs()}, for the name of its metrics. Absent (a task started on its own) means "0".
   */
  public static final String TASK_ID_CONFIG = "task.id";

  public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
  static final String RETRY_BACKOFF_MS_DOC =
      "Shortest first wait before sending again a request that failed transiently (I/O error,"
          + " timeout, 5xx, 423, 477): the first wait is drawn between it and twice it. Each further"
          + " failure doubles the wait, with random jitter, up to"
          + " retry.backoff.max.ms. A Retry-After header, and 2 s for a 423, wait longer when"
          + " longer.";
  static final String RETRY_BACKOFF_MS_DISPLAY = "Retry backoff (ms)";
  static final int RETRY_BACKOFF_MS_DEFAULT = 500;

  public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "retry.backoff.max.ms";
  static final String RETRY_BACKOFF_MAX_MS_DOC =
      "Longest wait between two attempts of a request that failed transiently.";
  static final String RETRY_BACKOFF_MAX_MS_DISPLAY = "Max retry backoff (ms)";
  static final int RETRY_BACKOFF_MAX_MS_DEFAULT = 30_000;

  public static final String RETRY_TIMEOUT_MS_CONFIG = "retry.timeout.ms";
  static final String RETRY_TIMEOUT_MS_DOC =
      "How long one request may keep failing transiently (or be rate limited) before the task"
          + " fails; nothing from that request on is committed, so a restart sends it again. 0"
          + " fails at the first transient failure.";
  static final String RETRY_TIMEOUT_MS_DISPLAY = "Retry timeout (ms)";
  static final int RETRY_TIMEOUT_MS_DEFAULT = 300_000;

  public static final String BEHAVIOR_ON_DAILY_LIMIT_CONFIG = "behavior.on.daily.limit";
  static final String BEHAVIOR_ON_DAILY_LIMIT_DOC =
      "What HubSpot's daily limit (a 429 with policyName DAILY) does: 'pause' stops consuming and"
          + " sending, probes HubSpot with one request every 15 minutes (or after Retry-After)"
          + " and resumes once it is accepted; 'fail' fails the task.";
  static final String BEHAVIOR_ON_DAILY_LIMIT_DISPLAY = "Behavior on daily limit";

  public static final String MAX_BUFFERED_RECORDS_CONFIG = "max.buffered.records";
  static final String MAX_BUFFERED_RECORDS_DOC =
      "Most records one task holds whose offsets cannot be committed yet (waiting to be sent,"
          + " in flight, or behind one that is). Above it the task pauses its partitions and"
          + " resumes when half of them are done, which bounds the heap. At least batch.size. A"
          + " task holds fewer when its share of the budget sends them in more than 2 seconds (but"
          + " at least four batches): a full batch is still there at each request the budget"
          + " allows, and the rest of a backlog waits in Kafka. What a task holds but has not"
          + " sent when its partitions close (a stop, a restart, a rebalance) is not committed:"
          + " their next owner reads it again and sends it once.";
  static final String MAX_BUFFERED_RECORDS_DISPLAY = "Max buffered records";
  static final int MAX_BUFFERED_RECORDS_DEFAULT = 10_000;

  public static final String MAX_BUFFERED_BYTES_CONFIG = "max.buffered.bytes";
  static final String MAX_BUFFERED_BYTES_DOC =
      "Most bytes one task holds in records whose offsets cannot be committed yet, estimated from"
          + " what each record maps to (counted twice: the record and its occurrence). Above it the"
          + " task pauses its partitions and resumes when half of it is free, as for"
          + " max.buffered.records: it bounds the heap when records are large. At least 1 MiB.";
  static final String MAX_BUFFERED_BYTES_DISPLAY = "Max buffered bytes";
  static final long MAX_BUFFERED_BYTES_DEFAULT = 64L * 1024 * 1024;

  public static final String STOP_DRAIN_TIMEOUT_MS_CONFIG = "stop.drain.timeout.ms";
  static final String STOP_DRAIN_TIMEOUT_MS_DOC =
      "How long an offset commit waits for what the task already sent to be done: the answers,"
          + " a batch sent again after a failure (while that can be done in time) and the"
          + " dead-letter queue's confirmation of what HubSpot refused; and how long stopping a"
          + " task waits for its requests on the wire. From an offset commit until Connect goes on"
          + " or closes the partitions, the task starts no fresh batch. Connect commits right"
          + " before it closes partitions (a rebalance, a stop, a restart), so what was sent is"
          + " committed and the next owner does not send it again; what was not sent yet, it"
          + " reads again and sends once. What is not done when the wait ends is sent again by"
          + " the next owner, with the same uuid. A periodic commit waits the same way, about one"
          + " answer's time when HubSpot answers well. Keep it below the worker's"
          + " task.shutdown.graceful.timeout.ms (5 s by default).";
  static final String STOP_DRAIN_TIMEOUT_MS_DISPLAY = "Stop drain timeout (ms)";
  static final int STOP_DRAIN_TIMEOUT_MS_DEFAULT = 4_000;

  public static final String DRY_RUN_CONFIG = "hubspot.dry.run";
  static final String DRY_RUN_DOC =
      "Dry run: records are mapped, checked and batched as usual, but no batch is sent to HubSpot;"
          + " each counts as delivered (a DEBUG line per batch, the DryRunBatches metric). The"
          + " credentials check and the event-definition reads still run (they create nothing)."
          + " Offsets are committed, so the consumer group moves past the records: give a dry run"
          + " its own connector name (its own consumer group).";
  static final String DRY_RUN_DISPLAY = "Dry run";

  private static final EnumSetting<ApiVersion> API_VERSIONS =
      new EnumSetting<>(ApiVersion.class, ApiVersion::id);
  private static final EnumSetting<OccurredAtSource> OCCURRED_AT_SOURCES =
      new EnumSetting<>(OccurredAtSource.class);
  private static final EnumSetting<UuidSource> UUID_SOURCES = new EnumSetting<>(UuidSource.class);
  private static final EnumSetting<NullValueBehavior> NULL_VALUE_BEHAVIORS =
      new EnumSetting<>(NullValueBehavior.class);
  private static final EnumSetting<DailyLimitBehavior> DAILY_LIMIT_BEHAVIORS =
      new EnumSetting<>(DailyLimitBehavior.class);
  private static final EnumSetting<UndefinedPropertyBehavior> UNDEFINED_PROPERTY_BEHAVIORS =
      new EnumSetting<>(UndefinedPropertyBehavior.class);

  public static final ConfigDef CONFIG_DEF = configDef();

  public static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    addConnectionGroup(def);
    addMappingGroup(def);
    addDeliveryGroup(def);
    return def;
  }

  private static void addConnectionGroup(ConfigDef def) {
    int order = 0;
    def.define(ACCESS_TOKEN_CONFIG, Type.PASSWORD, null, Importance.HIGH, ACCESS_TOKEN_DOC,
        CONNECTION_GROUP, ++order, Width.LONG, ACCESS_TOKEN_DISPLAY);
    order = SecurityConfigs.addOAuth(def, CONNECTION_GROUP, order);
    def.define(BASE_URL_CONFIG, Type.STRING, BASE_URL_DEFAULT, new BaseUrlValidator(),
            Importance.MEDIUM, BASE_URL_DOC, CONNECTION_GROUP, ++order, Width.LONG,
            BASE_URL_DISPLAY)
        .define(PORTAL_ID_CONFIG, Type.STRING, "", digitsOrEmpty(), Importance.MEDIUM,
            PORTAL_ID_DOC, CONNECTION_GROUP, ++order, Width.SHORT, PORTAL_ID_DISPLAY)
        .define(CONNECT_TIMEOUT_MS_CONFIG, Type.INT, CONNECT_TIMEOUT_MS_DEFAULT,
            ConfigDef.Range.between(100, 600_000), Importance.LOW, CONNECT_TIMEOUT_MS_DOC,
            CONNECTION_GROUP, ++order, Width.SHORT, CONNECT_TIMEOUT_MS_DISPLAY)
        .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, REQUEST_TIMEOUT_MS_DEFAULT,
            ConfigDef.Range.between(100, 600_000), Importance.LOW, REQUEST_TIMEOUT_MS_DOC,
            CONNECTION_GROUP, ++order, Width.SHORT, REQUEST_TIMEOUT_MS_DISPLAY)
        .define(API_VERSION_CONFIG, Type.STRING, API_VERSION_DEFAULT, API_VERSIONS,
            Importance.MEDIUM, API_VERSION_DOC, CONNECTION_GROUP, ++order, Width.SHORT,
            API_VERSION_DISPLAY, API_VERSIONS)
        .define(EVENT_DEFINITIONS_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
            EVENT_DEFINITIONS_ENABLED_DOC, CONNECTION_GROUP, ++order, Width.SHORT,
            EVENT_DEFINITIONS_ENABLED_DISPLAY)
        .define(EVENT_DEFINITIONS_REFRESH_MS_CONFIG, Type.INT,
            EVENT_DEFINITIONS_REFRESH_MS_DEFAULT, zeroOrBetween(
                EVENT_DEFINITIONS_REFRESH_MS_MIN, 86_400_000), Importance.LOW,
            EVENT_DEFINITIONS_REFRESH_MS_DOC, CONNECTION_GROUP, ++order, Width.SHORT,
            EVENT_DEFINITIONS_REFRESH_MS_DISPLAY)
        .define(DRY_RUN_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, DRY_RUN_DOC,
            CONNECTION_GROUP, ++order, Width.SHORT, DRY_RUN_DISPLAY);
    SecurityConfigs.addTlsAndProxy(def, CONNECTION_GROUP, order);
  }

  private static void addMappingGroup(ConfigDef def) {
    int order = 0;
    def.define(EVENT_NAME_CONFIG, Type.STRING, "", Importance.HIGH, EVENT_NAME_DOC,
            MAPPING_GROUP, ++order, Width.MEDIUM, EVENT_NAME_DISPLAY)
        .define(EVENT_NAME_FIELD_CONFIG, Type.STRING, "", fieldPath(), Importance.MEDIUM,
            EVENT_NAME_FIELD_DOC, MAPPING_GROUP, ++order, Width.MEDIUM, EVENT_NAME_FIELD_DISPLAY)
        .define(EVENT_NAME_TOPIC_MAPPING_CONFIG, Type.LIST, "", pairList(),
            Importance.MEDIUM, EVENT_NAME_TOPIC_MAPPING_DOC, MAPPING_GROUP, ++order, Width.LONG,
            EVENT_NAME_TOPIC_MAPPING_DISPLAY)
        .define(IDENTIFIER_EMAIL_FIELD_CONFIG, Type.STRING, "email", fieldPath(), Importance.HIGH,
            IDENTIFIER_EMAIL_FIELD_DOC, MAPPING_GROUP, ++order, Width.MEDIUM,
            IDENTIFIER_EMAIL_FIELD_DISPLAY)
        .define(IDENTIFIER_OBJECT_ID_FIELD_CONFIG, Type.STRING, "objectId", fieldPath(), Importance.HIGH,
            IDENTIFIER_OBJECT_ID_FIELD_DOC, MAPPING_GROUP, ++order, Width.MEDIUM,
            IDENTIFIER_OBJECT_ID_FIELD_DISPLAY)
        .define(IDENTIFIER_UTK_FIELD_CONFIG, Type.STRING, "utk", fieldPath(), Importance.MEDIUM,
            IDENTIFIER_UTK_FIELD_DOC, MAPPING_GROUP, ++order, Width.MEDIUM,
            IDENTIFIER_UTK_FIELD_DISPLAY)
        .define(OCCURRED_AT_SOURCE_CONFIG, Type.STRING,
            EnumSetting.external(OccurredAtSource.RECORD_TIMESTAMP), OCCURRED_AT_SOURCES,
            Importance.MEDIUM, OCCURRED_AT_SOURCE_DOC, MAPPING_GROUP, ++order, Width.SHORT,
            OCCURRED_AT_SOURCE_DISPLAY, OCCURRED_AT_SOURCES)
        .define(OCCURRED_AT_FIELD_CONFIG, Type.STRING, "", fieldPath(), Importance.MEDIUM,
            OCCURRED_AT_FIELD_DOC, MAPPING_GROUP, ++order, Width.MEDIUM,
            OCCURRED_AT_FIELD_DISPLAY, List.of(OCCURRED_AT_SOURCE_CONFIG),
            visibleWhen(OCCURRED_AT_SOURCE_CONFIG, "field"))
        .define(UUID_SOURCE_CONFIG, Type.STRING,
            EnumSetting.external(UuidSource.RECORD_COORDINATES), UUID_SOURCES, Importance.MEDIUM,
            UUID_SOURCE_DOC, MAPPING_GROUP, ++order, Width.SHORT, UUID_SOURCE_DISPLAY,
            UUID_SOURCES)
        .define(UUID_FIELD_CONFIG, Type.STRING, "", fieldPath(), Importance.MEDIUM, UUID_FIELD_DOC,
            MAPPING_GROUP, ++order, Width.MEDIUM, UUID_FIELD_DISPLAY,
            List.of(UUID_SOURCE_CONFIG), visibleWhen(UUID_SOURCE_CONFIG, "field"))
        .define(PROPERTIES_FIELD_CONFIG, Type.STRING, "", fieldPath(), Importance.MEDIUM,
            PROPERTIES_FIELD_DOC, MAPPING_GROUP, ++order, Width.MEDIUM, PROPERTIES_FIELD_DISPLAY)
        .define(PROPERTIES_INCLUDE_CONFIG, Type.LIST, "", Importance.LOW,
            PROPERTIES_INCLUDE_DOC, MAPPING_GROUP, ++order, Width.LONG, PROPERTIES_INCLUDE_DISPLAY)
        .define(PROPERTIES_EXCLUDE_CONFIG, Type.LIST, "", Importance.LOW,
            PROPERTIES_EXCLUDE_DOC, MAPPING_GROUP, ++order, Width.LONG, PROPERTIES_EXCLUDE_DISPLAY)
        .define(PROPERTIES_RENAME_CONFIG, Type.LIST, "", pairList(), Importance.LOW,
            PROPERTIES_RENAME_DOC, MAPPING_GROUP, ++order, Width.LONG, PROPERTIES_RENAME_DISPLAY)
        .define(PROPERTIES_STATIC_CONFIG, Type.LIST, "", pairList(), Importance.LOW,
            PROPERTIES_STATIC_DOC, MAPPING_GROUP, ++order, Width.LONG, PROPERTIES_STATIC_DISPLAY)
        .define(BEHAVIOR_ON_NULL_VALUES_CONFIG, Type.STRING,
            EnumSetting.external(NullValueBehavior.IGNORE), NULL_VALUE_BEHAVIORS,
            Importance.LOW, BEHAVIOR_ON_NULL_VALUES_DOC, MAPPING_GROUP, ++order, Width.SHORT,
            BEHAVIOR_ON_NULL_VALUES_DISPLAY, NULL_VALUE_BEHAVIORS)
        .define(PROPERTIES_HEADERS_CONFIG, Type.LIST, "", headerNames(), Importance.LOW,
            PROPERTIES_HEADERS_DOC, MAPPING_GROUP, ++order, Width.LONG,
            PROPERTIES_HEADERS_DISPLAY)
        .define(PROPERTIES_NAME_STYLE_CONFIG, Type.STRING, PropertyNameStyle.AS_IS.external(),
            nameStyle(), Importance.MEDIUM, PROPERTIES_NAME_STYLE_DOC, MAPPING_GROUP, ++order,
            Width.SHORT, PROPERTIES_NAME_STYLE_DISPLAY, nameStyleRecommender())
        .define(BEHAVIOR_ON_UNDEFINED_PROPERTY_CONFIG, Type.STRING,
            EnumSetting.external(UndefinedPropertyBehavior.FAIL), UNDEFINED_PROPERTY_BEHAVIORS,
            Importance.MEDIUM, BEHAVIOR_ON_UNDEFINED_PROPERTY_DOC, MAPPING_GROUP, ++order,
            Width.SHORT, BEHAVIOR_ON_UNDEFINED_PROPERTY_DISPLAY, UNDEFINED_PROPERTY_BEHAVIORS);
  }

  private static void addDeliveryGroup(ConfigDef def) {
    int order = 0;
    def.define(BATCH_SIZE_CONFIG, Type.INT, BATCH_SIZE_DEFAULT, ConfigDef.Range.between(1, 500),
            Importance.MEDIUM, BATCH_SIZE_DOC, DELIVERY_GROUP, ++order, Width.SHORT,
            BATCH_SIZE_DISPLAY)
        .define(LINGER_MS_CONFIG, Type.INT, LINGER_MS_DEFAULT,
            ConfigDef.Range.between(0, 600_000), Importance.MEDIUM, LINGER_MS_DOC,
            DELIVERY_GROUP, ++order, Width.SHORT, LINGER_MS_DISPLAY)
        .define(MAX_IN_FLIGHT_REQUESTS_CONFIG, Type.INT, MAX_IN_FLIGHT_REQUESTS_DEFAULT,
            ConfigDef.Range.between(1, 64), Importance.MEDIUM, MAX_IN_FLIGHT_REQUESTS_DOC,
            DELIVERY_GROUP, ++order, Width.SHORT, MAX_IN_FLIGHT_REQUESTS_DISPLAY)
        .define(RATE_LIMIT_CONFIG, Type.DOUBLE, RATE_LIMIT_DEFAULT,
            ConfigDef.Range.between(0.01, RATE_LIMIT_MAX), Importance.HIGH, RATE_LIMIT_DOC,
            DELIVERY_GROUP, ++order, Width.SHORT, RATE_LIMIT_DISPLAY)
        .define(RETRY_BACKOFF_MS_CONFIG, Type.INT, RETRY_BACKOFF_MS_DEFAULT,
            ConfigDef.Range.between(1, 600_000), Importance.LOW, RETRY_BACKOFF_MS_DOC,
            DELIVERY_GROUP, ++order, Width.SHORT, RETRY_BACKOFF_MS_DISPLAY)
        .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.INT, RETRY_BACKOFF_MAX_MS_DEFAULT,
            ConfigDef.Range.between(1, 3_600_000), Importance.LOW, RETRY_BACKOFF_MAX_MS_DOC,
            DELIVERY_GROUP, ++order, Width.SHORT, RETRY_BACKOFF_MAX_MS_DISPLAY)
        .define(RETRY_TIMEOUT_MS_CONFIG, Type.INT, RETRY_TIMEOUT_MS_DEFAULT,
            ConfigDef.Range.between(0, 86_400_000), Importance.MEDIUM, RETRY_TIMEOUT_MS_DOC,
            DELIVERY_GROUP, ++order, Width.SHORT, RETRY_TIMEOUT_MS_DISPLAY)
        .define(BEHAVIOR_ON_DAILY_LIMIT_CONFIG, Type.STRING,
            EnumSetting.external(DailyLimitBehavior.PAUSE), DAILY_LIMIT_BEHAVIORS,
            Importance.MEDIUM, BEHAVIOR_ON_DAILY_LIMIT_DOC, DELIVERY_GROUP, ++order,
            Width.SHORT, BEHAVIOR_ON_DAILY_LIMIT_DISPLAY, DAILY_LIMIT_BEHAVIORS)
        .define(MAX_BUFFERED_RECORDS_CONFIG, Type.INT, MAX_BUFFERED_RECORDS_DEFAULT,
            ConfigDef.Range.between(1, 10_000_000), Importance.LOW, MAX_BUFFERED_RECORDS_DOC,
            DELIVERY_GROUP, ++order, Width.SHORT, MAX_BUFFERED_RECORDS_DISPLAY)
        .define(MAX_BUFFERED_BYTES_CONFIG, Type.LONG, MAX_BUFFERED_BYTES_DEFAULT,
            ConfigDef.Range.between(1024L * 1024, 1L << 40), Importance.LOW,
            MAX_BUFFERED_BYTES_DOC, DELIVERY_GROUP, ++order, Width.SHORT,
            MAX_BUFFERED_BYTES_DISPLAY)
        .define(STOP_DRAIN_TIMEOUT_MS_CONFIG, Type.INT, STOP_DRAIN_TIMEOUT_MS_DEFAULT,
            ConfigDef.Range.between(0, 600_000), Importance.LOW, STOP_DRAIN_TIMEOUT_MS_DOC,
            DELIVERY_GROUP, ++order, Width.SHORT, STOP_DRAIN_TIMEOUT_MS_DISPLAY)
        .defineInternal(TASK_RATE_LIMIT_CONFIG, Type.DOUBLE, null,
            nullOr(ConfigDef.Range.between(0.0001, RATE_LIMIT_MAX)), Importance.LOW,
            "This task's share of " + RATE_LIMIT_CONFIG + ", set by the connector.")
        .defineInternal(TASK_WINDOW_LIMIT_CONFIG, Type.INT, null,
            nullOr(ConfigDef.Range.atLeast(1)), Importance.LOW,
            "This task's share of the requests " + RATE_LIMIT_CONFIG + " allows in HubSpot's"
                + " rolling 10-second window, set by the connector.")
        .defineInternal(TASK_ID_CONFIG, Type.STRING, "0", null, Importance.LOW,
            "This task's number among the connector's tasks, set by the connector.");
  }

  private static ConfigDef.Validator zeroOrBetween(int min, int max) {
    return described("0, or [" + min + ",...," + max + "]", (name, value) -> {
      int v = value instanceof Integer ? (Integer) value : -1;
      if (v != 0 && (v < min || v > max)) {
        throw new ConfigException(name, value, "must be 0 (never) or between " + min + " and "
            + max);
      }
    });
  }

  private static ConfigDef.Validator nullOr(ConfigDef.Validator validator) {
    return (name, value) -> {
      if (value != null) {
        validator.ensureValid(name, value);
      }
    };
  }

  private final Map<String, String> eventNamesByTopic;
  private final Map<String, String> renames;
  private final Map<String, String> staticProperties;

  public HubSpotSinkConnectorConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    Map<String, List<String>> errors = crossKeyErrors(values());
    if (!errors.isEmpty()) {
      Map.Entry<String, List<String>> first = errors.entrySet().iterator().next();
      String key = first.getKey();
      // A password's value never goes into the message ("Invalid value [hidden] ...").
      Object value = CONFIG_DEF.configKeys().get(key).type == Type.PASSWORD
          ? new Password("") : originals().get(key);
      throw new ConfigException(key, value, first.getValue().get(0));
    }
    this.eventNamesByTopic = pairs(EVENT_NAME_TOPIC_MAPPING_CONFIG, getList(EVENT_NAME_TOPIC_MAPPING_CONFIG));
    this.renames = pairs(PROPERTIES_RENAME_CONFIG, getList(PROPERTIES_RENAME_CONFIG));
    this.staticProperties = pairs(PROPERTIES_STATIC_CONFIG, getList(PROPERTIES_STATIC_CONFIG));
  }

  /**
   * Checks across keys: key to its error messages, in key order. Works on the values {@code
   * ConfigDef.validate} parsed, so it runs even when some key is invalid on its own (that key then
   * counts as unset). {@code Connector.validate()} attaches each message to its key; the
   * constructor throws the first.
   */
  public static Map<String, List<String>> crossKeyErrors(List<ConfigValue> validated) {
    Map<String, Object> parsed = new HashMap<>();
    for (ConfigValue v : validated) {
      if (v.errorMessages().isEmpty()) {
        parsed.put(v.name(), v.value());
      }
    }
    return crossKeyErrors(parsed);
  }

  private static Map<String, List<String>> crossKeyErrors(Map<String, ?> parsed) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    String eventName = text(parsed, EVENT_NAME_CONFIG);
    String eventNameField = text(parsed, EVENT_NAME_FIELD_CONFIG);
    List<String> topicMapping = list(parsed, EVENT_NAME_TOPIC_MAPPING_CONFIG);
    if (eventName.isEmpty() && eventNameField.isEmpty() && topicMapping.isEmpty()) {
      String msg = "no event name: set one of " + EVENT_NAME_CONFIG + ", " + EVENT_NAME_FIELD_CONFIG
          + " or " + EVENT_NAME_TOPIC_MAPPING_CONFIG;
      add(errors, EVENT_NAME_CONFIG, msg);
      add(errors, EVENT_NAME_FIELD_CONFIG, msg);
      add(errors, EVENT_NAME_TOPIC_MAPPING_CONFIG, msg);
    }
    if (!eventName.isEmpty() && !topicMapping.isEmpty()) {
      String msg = EVENT_NAME_CONFIG + " and " + EVENT_NAME_TOPIC_MAPPING_CONFIG
          + " conflict: set one of them, not both";
      add(errors, EVENT_NAME_CONFIG, msg);
      add(errors, EVENT_NAME_TOPIC_MAPPING_CONFIG, msg);
    }
    String portalId = text(parsed, PORTAL_ID_CONFIG);
    if (!eventName.isEmpty()) {
      staticEventNameError(eventName, portalId)
          .ifPresent(m -> add(errors, EVENT_NAME_CONFIG, m));
    }
    Map<String, String> byTopic = tryPairs(EVENT_NAME_TOPIC_MAPPING_CONFIG, topicMapping);
    for (String name : byTopic.values()) {
      staticEventNameError(name, portalId)
          .ifPresent(m -> add(errors, EVENT_NAME_TOPIC_MAPPING_CONFIG, m));
    }
    if (parsed.containsKey(IDENTIFIER_EMAIL_FIELD_CONFIG)
        && parsed.containsKey(IDENTIFIER_OBJECT_ID_FIELD_CONFIG)
        && parsed.containsKey(IDENTIFIER_UTK_FIELD_CONFIG)
        && text(parsed, IDENTIFIER_EMAIL_FIELD_CONFIG).isEmpty()
        && text(parsed, IDENTIFIER_OBJECT_ID_FIELD_CONFIG).isEmpty()
        && text(parsed, IDENTIFIER_UTK_FIELD_CONFIG).isEmpty()) {
      String msg = "no identifier: HubSpot needs an email, objectId or utk on every occurrence;"
          + " set at least one of " + IDENTIFIER_EMAIL_FIELD_CONFIG + ", "
          + IDENTIFIER_OBJECT_ID_FIELD_CONFIG + " or " + IDENTIFIER_UTK_FIELD_CONFIG;
      add(errors, IDENTIFIER_EMAIL_FIELD_CONFIG, msg);
      add(errors, IDENTIFIER_OBJECT_ID_FIELD_CONFIG, msg);
      add(errors, IDENTIFIER_UTK_FIELD_CONFIG, msg);
    }
    for (Map.Entry<String, String> p
        : tryPairs(PROPERTIES_STATIC_CONFIG, list(parsed, PROPERTIES_STATIC_CONFIG)).entrySet()) {
      PropertyRules.check(p.getKey(), p.getValue()).ifPresent(m -> add(errors, PROPERTIES_STATIC_CONFIG, m));
    }
    for (String target
        : tryPairs(PROPERTIES_RENAME_CONFIG, list(parsed, PROPERTIES_RENAME_CONFIG)).values()) {
      propertyNameError(target).ifPresent(m -> add(errors, PROPERTIES_RENAME_CONFIG, m));
    }
    if ("field".equalsIgnoreCase(text(parsed, OCCURRED_AT_SOURCE_CONFIG))
        && text(parsed, OCCURRED_AT_FIELD_CONFIG).isEmpty()) {
      add(errors, OCCURRED_AT_FIELD_CONFIG,
          OCCURRED_AT_FIELD_CONFIG + " must name a field when " + OCCURRED_AT_SOURCE_CONFIG + "=field");
    }
    if ("field".equalsIgnoreCase(text(parsed, UUID_SOURCE_CONFIG))
        && text(parsed, UUID_FIELD_CONFIG).isEmpty()) {
      add(errors, UUID_FIELD_CONFIG,
          UUID_FIELD_CONFIG + " must name a field when " + UUID_SOURCE_CONFIG + "=field");
    }
    deliveryErrors(parsed, errors);
    SecurityConfigs.crossKeyErrors(parsed, errors);
    return errors;
  }

  private static void deliveryErrors(Map<String, ?> parsed, Map<String, List<String>> errors) {
    Object backoff = parsed.get(RETRY_BACKOFF_MS_CONFIG);
    Object backoffMax = parsed.get(RETRY_BACKOFF_MAX_MS_CONFIG);
    if (backoff instanceof Integer && backoffMax instanceof Integer
        && (Integer) backoffMax < (Integer) backoff) {
      String msg = RETRY_BACKOFF_MAX_MS_CONFIG + " (" + backoffMax + ") must be at least "
          + RETRY_BACKOFF_MS_CONFIG + " (" + backoff + ")";
      add(errors, RETRY_BACKOFF_MS_CONFIG, msg);
      add(errors, RETRY_BACKOFF_MAX_MS_CONFIG, msg);
    }
    Object batchSize = parsed.get(BATCH_SIZE_CONFIG);
    Object maxBuffered = parsed.get(MAX_BUFFERED_RECORDS_CONFIG);
    if (batchSize instanceof Integer && maxBuffered instanceof Integer
        && (Integer) maxBuffered < (Integer) batchSize) {
      String msg = MAX_BUFFERED_RECORDS_CONFIG + " (" + maxBuffered + ") must be at least "
          + BATCH_SIZE_CONFIG + " (" + batchSize + ")";
      add(errors, BATCH_SIZE_CONFIG, msg);
      add(errors, MAX_BUFFERED_RECORDS_CONFIG, msg);
    }
  }

  private static String text(Map<String, ?> parsed, String key) {
    Object v = parsed.get(key);
    return v == null ? "" : v.toString().trim();
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Map<String, ?> parsed, String key) {
    Object v = parsed.get(key);
    return v instanceof List ? (List<String>) v : List.of();
  }

  /** Why a configured event name can never be accepted by HubSpot, if it cannot. */
  private static Optional<String> staticEventNameError(String name, String portalId) {
    if (!name.equals(name.toLowerCase(Locale.ROOT))) {
      return Optional.of("event name '" + name + "' must be lower case (HubSpot internal names are)");
    }
    if (!portalId.isEmpty() && !name.startsWith("pe" + portalId + "_")) {
      return Optional.of("event name '" + name + "' must start with 'pe" + portalId + "_' ("
          + PORTAL_ID_CONFIG + "=" + portalId + ")");
    }
    return Optional.empty();
  }

  private static Optional<String> propertyNameError(String name) {
    return PropertyNames.isValid(name)
        ? Optional.empty()
        : Optional.of("'" + name + "' is not a valid HubSpot property internal name ("
            + PropertyNames.NAME_RULE + ")");
  }

  private static void add(Map<String, List<String>> errors, String key, String message) {
    errors.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
  }

  /** A validator with a description for the generated reference. */
  private static ConfigDef.Validator described(String description, ConfigDef.Validator validator) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        validator.ensureValid(name, value);
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  private static ConfigDef.Validator fieldPath() {
    return described("a field or dotted path (e.g. user.email), $value.<path>, $key, $key.<path>"
        + " or $header.<name>; or empty", (name, value) -> {
      SourcePath.error(value == null ? null : value.toString()).ifPresent(m -> {
        throw new ConfigException(name, value, m);
      });
    });
  }

  private static ConfigDef.Validator headerNames() {
    return described("header names, each once", (name, value) -> {
      @SuppressWarnings("unchecked")
      List<String> names = value == null ? List.of() : (List<String>) value;
      List<String> seen = new ArrayList<>();
      for (String header : names) {
        if (header.trim().isEmpty()) {
          throw new ConfigException(name, value, "has an empty header name");
        }
        if (seen.contains(header.trim())) {
          throw new ConfigException(name, value, "names header '" + header.trim() + "' twice");
        }
        seen.add(header.trim());
      }
    });
  }

  private static ConfigDef.Validator nameStyle() {
    return described(String.join(", ", PropertyNameStyle.names()), (name, value) -> {
      try {
        PropertyNameStyle.parse(value == null ? null : value.toString());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, "must be one of " + PropertyNameStyle.names());
      }
    });
  }

  private static ConfigDef.Recommender nameStyleRecommender() {
    return new ConfigDef.Recommender() {
      @Override
      public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
        return List.copyOf(PropertyNameStyle.names());
      }

      @Override
      public boolean visible(String name, Map<String, Object> parsedConfig) {
        return true;
      }
    };
  }

  private static ConfigDef.Validator digitsOrEmpty() {
    return described("digits, or empty", (name, value) -> {
      String text = value == null ? "" : value.toString().trim();
      if (!text.isEmpty() && !text.matches("[0-9]{1,19}")) {
        throw new ConfigException(name, value, "must be the numeric id of a HubSpot account");
      }
    });
  }

  private static ConfigDef.Validator pairList() {
    return described("comma-separated name:value pairs, each name once", (name, value) -> {
      @SuppressWarnings("unchecked")
      List<String> entries = value == null ? List.of() : (List<String>) value;
      pairs(name, entries);
    });
  }

  private static Map<String, String> tryPairs(String key, List<String> entries) {
    try {
      return pairs(key, entries);
    } catch (ConfigException e) {
      return Map.of(); // reported by the key's own validator
    }
  }

  /** Parses 'key:value' entries; a malformed entry or a key given twice is an error on {@code key}. */
  static Map<String, String> pairs(String key, List<String> entries) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String entry : entries) {
      int colon = entry.indexOf(':');
      String k = colon < 0 ? "" : entry.substring(0, colon).trim();
      String v = colon < 0 ? "" : entry.substring(colon + 1).trim();
      if (k.isEmpty() || v.isEmpty()) {
        throw new ConfigException(key, entries, "entry '" + entry + "' is not of the form 'name:value'");
      }
      String previous = result.putIfAbsent(k, v);
      if (previous != null) {
        throw new ConfigException(key, entries, "'" + k + "' is given twice ('" + previous
            + "' and '" + v + "')");
      }
    }
    return Collections.unmodifiableMap(result);
  }

  private static ConfigDef.Recommender visibleWhen(String key, String value) {
    return new ConfigDef.Recommender() {
      @Override
      public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
        return List.of();
      }

      @Override
      public boolean visible(String name, Map<String, Object> parsedConfig) {
        Object v = parsedConfig.get(key);
        return v != null && value.equalsIgnoreCase(v.toString().trim());
      }
    };
  }

  // ---- typed accessors

  public String connectorName() {
    Object name = originals().get(CONNECTOR_NAME_CONFIG);
    return name == null || name.toString().isBlank() ? CONNECTOR_NAME_DEFAULT : name.toString();
  }

  /** The task's number among the connector's tasks ("0" for a task started on its own). */
  public String taskId() {
    return getString(TASK_ID_CONFIG);
  }

  /** The private-app token or service key, unless OAuth is configured instead. */
  public Optional<Password> accessToken() {
    return password(ACCESS_TOKEN_CONFIG);
  }

  /** Whether the connector authenticates with OAuth rather than {@link #accessToken()}. */
  public boolean usesOAuth() {
    return accessToken().isEmpty();
  }

  public String oauthClientId() {
    return getString(SecurityConfigs.OAUTH_CLIENT_ID_CONFIG).trim();
  }

  public Optional<Password> oauthClientSecret() {
    return password(SecurityConfigs.OAUTH_CLIENT_SECRET_CONFIG);
  }

  public Optional<Password> oauthRefreshToken() {
    return password(SecurityConfigs.OAUTH_REFRESH_TOKEN_CONFIG);
  }

  /** {@code refresh_token} or {@code client_credentials}, lower case. */
  public String oauthGrantType() {
    return getString(SecurityConfigs.OAUTH_GRANT_TYPE_CONFIG).trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The token endpoint's URL: {@link #baseUrl()} and the configured path, or when none is set the
   * path of {@link #apiVersion()} ({@code client_credentials}: the 2026-03 path, v1 lacks it).
   */
  public String oauthTokenUrl() {
    String base = baseUrl();
    String path = getString(SecurityConfigs.OAUTH_TOKEN_PATH_CONFIG).trim();
    if (path.isEmpty()) {
      path = SecurityConfigs.GRANT_CLIENT_CREDENTIALS.equals(oauthGrantType())
          ? ApiVersion.V2026_03.tokenPath()
          : apiVersion().tokenPath();
    }
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }

  public ApiVersion apiVersion() {
    return API_VERSIONS.parse(getString(API_VERSION_CONFIG));
  }

  public boolean eventDefinitionsEnabled() {
    return getBoolean(EVENT_DEFINITIONS_ENABLED_CONFIG);
  }

  /** How often definitions are read again; zero: never. */
  public Duration eventDefinitionsRefresh() {
    return Duration.ofMillis(getInt(EVENT_DEFINITIONS_REFRESH_MS_CONFIG));
  }

  public boolean dryRun() {
    return getBoolean(DRY_RUN_CONFIG);
  }

  public Optional<Path> sslTruststoreLocation() {
    String location = getString(SecurityConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG).trim();
    return location.isEmpty() ? Optional.empty() : Optional.of(Path.of(location));
  }

  public Optional<Password> sslTruststorePassword() {
    return password(SecurityConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
  }

  /** {@code JKS} or {@code PKCS12}. */
  public String sslTruststoreType() {
    return getString(SecurityConfigs.SSL_TRUSTSTORE_TYPE_CONFIG).trim().toUpperCase(Locale.ROOT);
  }

  public boolean sslEndpointIdentification() {
    return getBoolean(SecurityConfigs.SSL_ENDPOINT_IDENTIFICATION_ENABLED_CONFIG);
  }

  public Optional<String> proxyHost() {
    return optional(SecurityConfigs.PROXY_HOST_CONFIG);
  }

  /** The proxy's port; set whenever {@link #proxyHost()} is. */
  public int proxyPort() {
    Integer port = getInt(SecurityConfigs.PROXY_PORT_CONFIG);
    return port == null ? -1 : port;
  }

  public Optional<String> proxyUsername() {
    return optional(SecurityConfigs.PROXY_USERNAME_CONFIG);
  }

  public Optional<Password> proxyPassword() {
    return password(SecurityConfigs.PROXY_PASSWORD_CONFIG);
  }

  public String baseUrl() {
    return getString(BASE_URL_CONFIG).trim();
  }

  public Optional<String> portalId() {
    return optional(PORTAL_ID_CONFIG);
  }

  public Duration connectTimeout() {
    return Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS_CONFIG));
  }

  public Duration requestTimeout() {
    return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS_CONFIG));
  }

  public Optional<String> eventName() {
    return optional(EVENT_NAME_CONFIG);
  }

  public Optional<String> eventNameField() {
    return optional(EVENT_NAME_FIELD_CONFIG);
  }

  public Map<String, String> eventNamesByTopic() {
    return eventNamesByTopic;
  }

  public Optional<String> emailField() {
    return optional(IDENTIFIER_EMAIL_FIELD_CONFIG);
  }

  public Optional<String> objectIdField() {
    return optional(IDENTIFIER_OBJECT_ID_FIELD_CONFIG);
  }

  public Optional<String> utkField() {
    return optional(IDENTIFIER_UTK_FIELD_CONFIG);
  }

  public OccurredAtSource occurredAtSource() {
    return OCCURRED_AT_SOURCES.parse(getString(OCCURRED_AT_SOURCE_CONFIG));
  }

  public Optional<String> occurredAtField() {
    return optional(OCCURRED_AT_FIELD_CONFIG);
  }

  public UuidSource uuidSource() {
    return UUID_SOURCES.parse(getString(UUID_SOURCE_CONFIG));
  }

  public Optional<String> uuidField() {
    return optional(UUID_FIELD_CONFIG);
  }

  public Optional<String> propertiesField() {
    return optional(PROPERTIES_FIELD_CONFIG);
  }

  public List<String> propertiesInclude() {
    return getList(PROPERTIES_INCLUDE_CONFIG);
  }

  public List<String> propertiesExclude() {
    return getList(PROPERTIES_EXCLUDE_CONFIG);
  }

  public Map<String, String> propertiesRename() {
    return renames;
  }

  public Map<String, String> staticProperties() {
    return staticProperties;
  }

  public NullValueBehavior behaviorOnNullValues() {
    return NULL_VALUE_BEHAVIORS.parse(getString(BEHAVIOR_ON_NULL_VALUES_CONFIG));
  }

  /** The headers added as properties, trimmed, in the order given. */
  public List<String> propertiesHeaders() {
    List<String> names = new ArrayList<>();
    for (String name : getList(PROPERTIES_HEADERS_CONFIG)) {
      names.add(name.trim());
    }
    return Collections.unmodifiableList(names);
  }

  public PropertyNameStyle propertiesNameStyle() {
    return PropertyNameStyle.parse(getString(PROPERTIES_NAME_STYLE_CONFIG));
  }

  public UndefinedPropertyBehavior behaviorOnUndefinedProperty() {
    return UNDEFINED_PROPERTY_BEHAVIORS.parse(getString(BEHAVIOR_ON_UNDEFINED_PROPERTY_CONFIG));
  }

  public int batchSize() {
    return getInt(BATCH_SIZE_CONFIG);
  }

  public Duration linger() {
    return Duration.ofMillis(getInt(LINGER_MS_CONFIG));
  }

  public int maxInFlightRequests() {
    return getInt(MAX_IN_FLIGHT_REQUESTS_CONFIG);
  }

  /** The connector's whole budget, in requests per second. */
  public double rateLimit() {
    return getDouble(RATE_LIMIT_CONFIG);
  }

  /** This task's share of {@link #rateLimit()}: the whole budget when no share was set. */
  public double taskRateLimit() {
    Double share = getDouble(TASK_RATE_LIMIT_CONFIG);
    return share == null ? rateLimit() : Math.min(share, rateLimit());
  }

  /**
   * The most requests this task sends in any rolling {@link #BUDGET_WINDOW_MS}: its share set by
   * the connector, else what its own rate allows in the window.
   */
  public int taskWindowLimit() {
    Integer share = getInt(TASK_WINDOW_LIMIT_CONFIG);
    return share == null ? windowLimit(taskRateLimit()) : share;
  }

  /** What {@code budgetPerSecond} allows in HubSpot's rolling window: whole requests, at least 1. */
  public static int windowLimit(double budgetPerSecond) {
    double perWindow = budgetPerSecond * BUDGET_WINDOW_MS / 1000.0;
    return (int) Math.max(1, Math.floor(perWindow + 1e-9));
  }

  /**
   * Task {@code task}'s share of {@code windowLimit} requests among {@code tasks}: whole requests,
   * the remainder going one each to the first tasks, so that the shares add up to the limit (at
   * least 1 each: more tasks than requests in a window overshoot it, by design the least).
   */
  public static int taskWindowShare(int windowLimit, int tasks, int task) {
    int share = windowLimit / tasks + (task < windowLimit % tasks ? 1 : 0);
    return Math.max(1, share);
  }

  public Duration retryBackoff() {
    return Duration.ofMillis(getInt(RETRY_BACKOFF_MS_CONFIG));
  }

  public Duration retryBackoffMax() {
    return Duration.ofMillis(getInt(RETRY_BACKOFF_MAX_MS_CONFIG));
  }

  public Duration retryTimeout() {
    return Duration.ofMillis(getInt(RETRY_TIMEOUT_MS_CONFIG));
  }

  public DailyLimitBehavior behaviorOnDailyLimit() {
    return DAILY_LIMIT_BEHAVIORS.parse(getString(BEHAVIOR_ON_DAILY_LIMIT_CONFIG));
  }

  public int maxBufferedRecords() {
    return getInt(MAX_BUFFERED_RECORDS_CONFIG);
  }

  public long maxBufferedBytes() {
    return getLong(MAX_BUFFERED_BYTES_CONFIG);
  }

  public Duration stopDrainTimeout() {
    return Duration.ofMillis(getInt(STOP_DRAIN_TIMEOUT_MS_CONFIG));
  }

  private Optional<Password> password(String key) {
    Password value = getPassword(key);
    return value == null || value.value().isBlank() ? Optional.empty() : Optional.of(value);
  }

  private Optional<String> optional(String key) {
    String value = getString(key);
    return value == null || value.trim().isEmpty() ? Optional.empty() : Optional.of(value.trim());
  }
}
