package io.github.connecthubspot.events.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

/**
 * Floats and doubles are written exactly as the BigDecimal path did before the plain-text shortcut:
 * {@link #reference} is that path, kept here, compared over edge cases and random values, with
 * limits large and small.
 */
class ValueFormatterDecimalTest {
  private static final int[] LIMITS = {1, 2, 3, 5, 8, 13, 14, 20, 25, 31, 32, 33, 100, 65_536};

  /** The former {@code ValueFormatter.decimal} for finite values, exceptions as their message. */
  private static String reference(Object value, int maxLength) {
    BigDecimal stripped = new BigDecimal(value.toString()).stripTrailingZeros();
    if (ValueFormatter.surelyMoreDigits(stripped.unscaledValue().bitLength(), maxLength)) {
      return "value has more than " + maxLength + " characters";
    }
    long length = ValueFormatter.plainLength(stripped);
    if (length > maxLength) {
      return "value has " + length + " characters";
    }
    return stripped.toPlainString();
  }

  private static String actual(Object value, Schema schema, int maxLength) {
    try {
      return ValueFormatter.format(value, schema, maxLength);
    } catch (ValueFormatter.Unformattable e) {
      return e.getMessage();
    }
  }

  private static void same(double d) {
    for (int limit : LIMITS) {
      assertThat(actual(d, Schema.FLOAT64_SCHEMA, limit)).as("double %s, limit %d", d, limit)
          .isEqualTo(reference(d, limit));
      float f = (float) d;
      if (!Float.isInfinite(f)) {
        assertThat(actual(f, Schema.FLOAT32_SCHEMA, limit)).as("float %s, limit %d", f, limit)
            .isEqualTo(reference(f, limit));
      }
    }
  }

  @Test
  void edgeCases() {
    double[] edges = {0.0, -0.0, 1.0, -1.0, 0.1, -0.1, 0.001, 0.00099999, 1e-3, 9.999999e6, 1e7,
        -1e7, 1e7 - 1, 1e7 - 0.5, 123.456, 100.0, 1000.5, 19.9, 0.5, 1234567.0, 9999999.999999999,
        Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, Float.MIN_VALUE,
        Float.MAX_VALUE, 1e-300, 1e300, 4.35, 2.675, 0.30000000000000004, 1.0E-5, 123456789.0};
    for (double d : edges) {
      same(d);
    }
  }

  @Test
  void randomValues() {
    SplittableRandom random = new SplittableRandom(14L);
    for (int i = 0; i < 30_000; i++) {
      double bits = Double.longBitsToDouble(random.nextLong());
      if (!Double.isNaN(bits) && !Double.isInfinite(bits)) {
        same(bits);
      }
      same(random.nextDouble(-1e7, 1e7));
      same(random.nextDouble(-1, 1));
      same(Math.round(random.nextDouble(-1e6, 1e6) * 100) / 100.0);
      same((double) random.nextInt(-10_000_000, 10_000_000));
      same(random.nextDouble(-0.01, 0.01));
    }
  }
}
