package io.github.connecthubspot.events.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * HubSpot's {@code Error} body, and the fields of its rate-limit answers ({@code errorType},
 * {@code policyName}). Every field is optional when parsing: HubSpot does not always fill them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class HubSpotError {
  @JsonProperty("status")
  public String status;

  @JsonProperty("category")
  public String category;

  @JsonProperty("subCategory")
  public String subCategory;

  @JsonProperty("message")
  public String message;

  @JsonProperty("correlationId")
  public String correlationId;

  @JsonProperty("errorType")
  public String errorType;

  @JsonProperty("policyName")
  public String policyName;

  @JsonProperty("context")
  public Map<String, List<String>> context;

  @JsonProperty("links")
  public Map<String, String> links;

  @JsonProperty("errors")
  public List<Detail> errors;

  /** One entry of {@code errors[]}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Detail {
    @JsonProperty("message")
    public String message;

    @JsonProperty("code")
    public String code;

    @JsonProperty("in")
    public String in;

    @JsonProperty("subCategory")
    public String subCategory;

    @JsonProperty("context")
    public Map<String, List<String>> context;
  }
}
