package io.github.connecthubspot.events.mapping;

import java.util.Set;

/**
 * HubSpot's default properties of every custom behavioral event ({@code hs_*}: page, device,
 * location, UTM and touchpoint properties), which an event definition need not list: they count as
 * defined for {@code behavior.on.undefined.property}. The same list as the local HubSpot endpoint's
 * (a test keeps the two equal).
 */
final class DefaultEventProperties {
  static final Set<String> NAMES = Set.of(
      "hs_asset_description",
      "hs_asset_type",
      "hs_browser",
      "hs_campaign_id",
      "hs_city",
      "hs_country",
      "hs_device_name",
      "hs_device_type",
      "hs_element_class",
      "hs_element_id",
      "hs_element_text",
      "hs_language",
      "hs_link_href",
      "hs_operating_system",
      "hs_operating_version",
      "hs_page_content_type",
      "hs_page_id",
      "hs_page_title",
      "hs_page_url",
      "hs_parent_module_id",
      "hs_referrer",
      "hs_region",
      "hs_screen_height",
      "hs_screen_width",
      "hs_touchpoint_source",
      "hs_tracking_name",
      "hs_user_agent",
      "hs_utm_campaign",
      "hs_utm_content",
      "hs_utm_medium",
      "hs_utm_source",
      "hs_utm_term");

  private DefaultEventProperties() {}

  static boolean contains(String name) {
    return NAMES.contains(name);
  }
}
