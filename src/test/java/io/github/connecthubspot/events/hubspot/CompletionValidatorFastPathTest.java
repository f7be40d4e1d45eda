package io.github.connecthubspot.events.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written fast paths agree with the reference (java.time, the email regex) on mutated inputs. */
class CompletionValidatorFastPathTest {
  private static final String DT_ALPHABET = "0123456789-:TZ+.tz 9";
  private static final String EMAIL_ALPHABET = "ab9.-@_+ Z'\u00e9";

  private static boolean javaTime(String s) {
    try {
      OffsetDateTime.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String mutate(Random r, String seed, String alphabet) {
    StringBuilder sb = new StringBuilder(seed);
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits && sb.length() > 0; e++) {
      int pos = r.nextInt(sb.length());
      char c = alphabet.charAt(r.nextInt(alphabet.length()));
      switch (r.nextInt(3)) {
        case 0:
          sb.setCharAt(pos, c);
          break;
        case 1:
          sb.insert(pos, c);
          break;
        default:
          sb.deleteCharAt(pos);
      }
    }
    return sb.toString();
  }

  @Test
  void isoFastPathNeverAcceptsWhatJavaTimeRejects() {
    String[] seeds = {
      "2026-01-15T10:00:00Z", "2024-02-29T23:59:59.123456789+05:30", "2025-12-31T00:00:00-18:00", "2026-03-01T12:34:56.5+18:00"
    };
    Random r = new Random(1);
    int fastAccepted = 0;
    for (int i = 0; i < 60_000; i++) {
      String s = mutate(r, seeds[r.nextInt(seeds.length)], DT_ALPHABET);
      boolean fast = CompletionValidator.isCommonIsoOffsetDateTime(s);
      if (fast) {
        fastAccepted++;
        assertThat(javaTime(s)).as(s).isTrue();
      }
      assertThat(CompletionValidator.isValidDateTimeText(s))
          .as(s)
          .isEqualTo(fast || javaTime(s) || zoned(s) || epoch(s));
    }
    for (String s : seeds) {
      assertThat(CompletionValidator.isCommonIsoOffsetDateTime(s)).as(s).isTrue();
    }
    assertThat(fastAccepted).isGreaterThan(300);
    assertThat(CompletionValidator.isCommonIsoOffsetDateTime("2025-02-29T00:00:00Z")).isFalse();
    assertThat(CompletionValidator.isCommonIsoOffsetDateTime("2026-01-15T24:00:00Z")).isFalse();
    assertThat(CompletionValidator.isCommonIsoOffsetDateTime("2026-01-15T10:00:00+18:01")).isFalse();
  }

  private static boolean zoned(String s) {
    try {
      java.time.ZonedDateTime.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean epoch(String s) {
    return s.matches("-?\\d{1,18}");
  }

  @Test
  void emailFastPathMatchesTheRegex() {
    String[] seeds = {"jane@example.com", "a.b+c@mail.ex-ample.co.uk", "o'brien@x.org", "x@y.z"};
    Random r = new Random(2);
    for (int i = 0; i < 60_000; i++) {
      String s = mutate(r, seeds[r.nextInt(seeds.length)], EMAIL_ALPHABET);
      assertThat(CompletionValidator.isValidEmail(s)).as(s).isEqualTo(CompletionValidator.EMAIL.matcher(s).matches());
    }
  }
}
