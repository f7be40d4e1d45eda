package io.github.connecthubspot.events.delivery;

/** Records pause and resume calls. */
final class RecordingPartitionControl implements PartitionControl {
  boolean paused;
  int pauses;
  int resumes;
  long wakeUpMs = -1;

  @Override
  public void pauseAll() {
    if (!paused) {
      pauses++;
    }
    paused = true;
  }

  @Override
  public void resumeAll() {
    resumes++;
    paused = false;
  }

  @Override
  public void wakeUpWithin(long ms) {
    wakeUpMs = ms;
  }
}
