package io.github.connecthubspot.events.hubspot;

import io.github.connecthubspot.events.hubspot.LocalHubSpot.BatchFailureMode;
import io.github.connecthubspot.events.hubspot.LocalHubSpot.DuplicateUuidMode;
import java.util.List;

/** The settings a running instance may change: random faults and the switches for unconfirmed behaviour. */
final class Switches {
  volatile Faults faults;
  volatile BatchFailureMode batchFailureMode;
  volatile DuplicateUuidMode duplicateUuidMode;
  volatile boolean retryAfterOn429;
  /** Whether tokens may read event definitions (false: 403 MISSING_SCOPES). */
  volatile boolean definitionsScope = true;
  /** By which names a definition is found. */
  volatile LocalHubSpot.DefinitionNames definitionNames = LocalHubSpot.DefinitionNames.BOTH;
  /** Path prefixes answered 404 as if HubSpot had no such path. */
  volatile List<String> disabledPaths = List.of();

  Switches(Faults faults, BatchFailureMode batchFailureMode, DuplicateUuidMode duplicateUuidMode, boolean retryAfterOn429) {
    this.faults = faults;
    this.batchFailureMode = batchFailureMode;
    this.duplicateUuidMode = duplicateUuidMode;
    this.retryAfterOn429 = retryAfterOn429;
  }

  @Override
  public String toString() {
    return "faults: " + faults + " | batch failure: " + batchFailureMode + " | duplicate uuid: " + duplicateUuidMode
        + " | definitions: " + definitionNames + (definitionsScope ? "" : ", no scope")
        + (disabledPaths.isEmpty() ? "" : " | disabled paths: " + disabledPaths);
  }
}
