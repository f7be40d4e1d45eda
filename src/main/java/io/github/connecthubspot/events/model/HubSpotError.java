package io.github.connecthubspot.events.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * HubSpot's {@code Error} body, the fields of its rate-limit answers ({@code errorType}, {@code
 * policyName}), and of a multi-status answer ({@code numErrors}). Every field is optional: the
 * client's parser fills what the answer had in the expected type and leaves the rest null; it
 * never keeps a null element in a list, and every string in here has already been redacted and
 * capped by it.
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

  /** A multi-status answer's count of failed inputs. */
  @JsonProperty("numErrors")
  public Long numErrors;

  @JsonProperty("context")
  public Map<String, List<String>> context;

  @JsonProperty("links")
  public Map<String, String> links;

  @JsonProperty("errors")
  public List<Detail> errors;

  /**
   * One entry of {@code errors[]}: HubSpot's {@code ErrorDetail}, or in a multi-status answer a
   * whole error of its own (then {@code category} and nested {@code errors} may be set).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Detail {
    @JsonProperty("message")
    public String message;

    @JsonProperty("code")
    public String code;

    @JsonProperty("in")
    public String in;

    @JsonProperty("category")
    public String category;

    @JsonProperty("subCategory")
    public String subCategory;

    @JsonProperty("context")
    public Map<String, List<String>> context;

    /** Nested details (one level is read). */
    @JsonProperty("errors")
    public List<Detail> errors;
  }
}
