package io.github.connecthubspot.events.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;

/**
 * The time inputs the mapping accepts, read into an {@link Instant}: a Connect {@code Timestamp} or
 * {@code Date} (any {@link java.util.Date}), epoch milliseconds (an integer, a whole decimal, or a
 * string of digits), or an ISO-8601 string (a date-time with an offset, an instant, or a day
 * {@code YYYY-MM-DD} read as its midnight UTC). One home for {@code occurredAt} and for properties
 * the event defines as {@code datetime} or {@code date}.
 *
 * <p>A number before 1973 is refused as probably being seconds; instants outside the years 0000 to
 * 9999 are refused. Strings longer than {@link #MAX_DATE_TIME_LENGTH} are never parsed, and a
 * decimal's scale is never applied before its bounded unscaled value is compared.
 */
final class TimeValues {
  /** Epoch milliseconds below this (1973-03-03) are almost surely seconds. */
  static final long SMALLEST_EPOCH_MILLIS = 100_000_000_000L;
  /** 9999-12-31T23:59:59.999Z: later instants have no four-digit ISO-8601 year. */
  static final long LARGEST_EPOCH_MILLIS = 253_402_300_799_999L;
  /** Longer than any ISO-8601 date-time (with nanoseconds and an offset): not parsed. */
  static final int MAX_DATE_TIME_LENGTH = 64;
  static final String EXPECTED =
      "expected a Timestamp, a Date, epoch milliseconds or an ISO-8601 string";

  private static final Instant FIRST_INSTANT = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");
  /** A decimal of more bits than this has more than 308 digits: not epoch millis. */
  private static final int MAX_BITS = 1024;
  private static final BigDecimal SMALLEST_DECIMAL = BigDecimal.valueOf(SMALLEST_EPOCH_MILLIS);
  private static final BigDecimal LARGEST_DECIMAL = BigDecimal.valueOf(LARGEST_EPOCH_MILLIS);
  /** Digits of the longest epoch milliseconds read from a string (a long has 19). */
  private static final int MAX_EPOCH_DIGITS = 18;

  private TimeValues() {}

  /**
   * Why a value is no time: {@link #getMessage()} completes a sentence whose subject the caller
   * names ("occurredAt field 'at' ", "property 'signed_at' (datetime) "). Stackless.
   */
  static final class NotATime extends Exception {
    private static final long serialVersionUID = 1L;

    NotATime(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * The instant {@code v} stands for; {@code schema} (may be null) only says whether a Date is a
   * Connect {@code Time} of day, which is no instant.
   */
  static Instant instant(Object v, Schema schema) throws NotATime {
    if (v instanceof Date) {
      if (schema != null && Time.LOGICAL_NAME.equals(schema.name())) {
        throw new NotATime("is a Connect Time (a time of day): " + EXPECTED);
      }
      return inRange(((Date) v).toInstant());
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return epochMillis(((Number) v).longValue());
    }
    if (v instanceof BigInteger) {
      BigInteger millis = (BigInteger) v;
      if (millis.bitLength() > 63) {
        return epochMillis(millis.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
      }
      return epochMillis(millis.longValue());
    }
    if (v instanceof BigDecimal) {
      return epochMillis((BigDecimal) v);
    }
    if (v instanceof String) {
      return parse(((String) v).trim());
    }
    throw new NotATime("is a " + ValueFormatter.typeName(v) + ": " + EXPECTED);
  }

  private static Instant parse(String s) throws NotATime {
    if (s.length() > MAX_DATE_TIME_LENGTH) {
      throw notIso();
    }
    int digits = digits(s);
    if (digits > 0) {
      if (digits > MAX_EPOCH_DIGITS) {
        return epochMillis(s.charAt(0) == '-' ? Long.MIN_VALUE : Long.MAX_VALUE);
      }
      return epochMillis(Long.parseLong(s));
    }
    try {
      return inRange(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return inRange(Instant.parse(s));
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return inRange(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException e) {
      throw notIso();
    }
  }

  /** The number of digits of {@code s} when it is an optional '-' and digits only, else 0. */
  private static int digits(String s) {
    int start = !s.isEmpty() && s.charAt(0) == '-' ? 1 : 0;
    if (start == s.length()) {
      return 0;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
    }
    return s.length() - start;
  }

  private static NotATime notIso() {
    return new NotATime("is not an ISO-8601 date-time (e.g. 2024-05-01T12:00:00Z)");
  }

  private static Instant inRange(Instant instant) throws NotATime {
    if (instant.isBefore(FIRST_INSTANT) || instant.isAfter(LAST_INSTANT)) {
      throw new NotATime("is outside the years 0000 to 9999");
    }
    return instant;
  }

  private static Instant epochMillis(long millis) throws NotATime {
    if (millis > LARGEST_EPOCH_MILLIS) {
      throw new NotATime("is after the year 9999 as epoch milliseconds");
    }
    if (millis < SMALLEST_EPOCH_MILLIS) {
      throw new NotATime("is before 1973 as epoch milliseconds: is it in seconds? (expected epoch"
          + " milliseconds)");
    }
    return Instant.ofEpochMilli(millis);
  }

  /**
   * A decimal of epoch milliseconds, compared with the range before it is ever rescaled: its scale
   * may be anything (-2^31 included), so only its bounded unscaled value is worked on.
   */
  private static Instant epochMillis(BigDecimal millis) throws NotATime {
    if (millis.unscaledValue().bitLength() > MAX_BITS) {
      throw new NotATime("is a number of more than 308 digits: expected epoch milliseconds");
    }
    if (millis.compareTo(LARGEST_DECIMAL) > 0) {
      return epochMillis(Long.MAX_VALUE);
    }
    if (millis.compareTo(SMALLEST_DECIMAL) < 0) {
      return epochMillis(Long.MIN_VALUE);
    }
    try {
      return epochMillis(millis.longValueExact());
    } catch (ArithmeticException e) {
      throw new NotATime("is not whole epoch milliseconds");
    }
  }

  /** -62167219200000: 0000-01-01T00:00:00Z, the first instant {@link #isoMillis} formats by hand. */
  private static final long FIRST_EPOCH_MILLIS = -62_167_219_200_000L;

  /**
   * {@code Instant.ofEpochMilli(millis).toString()}, written by hand for the years 0000 to 9999
   * ({@code yyyy-MM-ddTHH:mm:ss[.SSS]Z}, the fraction only when not zero, as {@code Instant} prints
   * whole milliseconds) and left to {@code Instant} outside them.
   */
  static String isoMillis(long millis) {
    if (millis < FIRST_EPOCH_MILLIS || millis > LARGEST_EPOCH_MILLIS) {
      return Instant.ofEpochMilli(millis).toString();
    }
    long days = Math.floorDiv(millis, 86_400_000L);
    int msOfDay = (int) Math.floorMod(millis, 86_400_000L);
    // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    int ms = msOfDay % 1000;
    int secs = msOfDay / 1000;
    char[] out = new char[ms == 0 ? 20 : 24];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, day, 2);
    out[10] = 'T';
    digits(out, 11, secs / 3600, 2);
    out[13] = ':';
    digits(out, 14, secs / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secs % 60, 2);
    if (ms != 0) {
      out[19] = '.';
      digits(out, 20, ms, 3);
    }
    out[out.length - 1] = 'Z';
    return new String(out);
  }

  private static void digits(char[] out, int at, int value, int count) {
    for (int i = at + count - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
