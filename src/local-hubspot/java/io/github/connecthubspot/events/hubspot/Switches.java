package io.github.connecthubspot.events.hubspot;

import io.github.connecthubspot.events.hubspot.LocalHubSpot.BatchFailureMode;
import io.github.connecthubspot.events.hubspot.LocalHubSpot.DuplicateUuidMode;

/** The settings a running instance may change: random faults and the switches for unconfirmed behaviour. */
final class Switches {
  volatile Faults faults;
  volatile BatchFailureMode batchFailureMode;
  volatile DuplicateUuidMode duplicateUuidMode;
  volatile boolean retryAfterOn429;

  Switches(Faults faults, BatchFailureMode batchFailureMode, DuplicateUuidMode duplicateUuidMode, boolean retryAfterOn429) {
    this.faults = faults;
    this.batchFailureMode = batchFailureMode;
    this.duplicateUuidMode = duplicateUuidMode;
    this.retryAfterOn429 = retryAfterOn429;
  }

  @Override
  public String toString() {
    return "faults: " + faults + " | batch failure: " + batchFailureMode + " | duplicate uuid: " + duplicateUuidMode;
  }
}
