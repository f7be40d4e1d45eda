package io.github.connecthubspot.events.client;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * Which servers the HTTP client trusts: the JVM's default certificate authorities, or those of a
 * trust store file; and whether a certificate must name the host it was reached by.
 */
public final class TlsSettings {
  private final Path truststore;
  private final Password truststorePassword;
  private final String truststoreType;
  private final boolean hostnameVerification;

  /**
   * @param truststore the trust store file, or null for the JVM's default certificate authorities
   * @param truststorePassword its password, or null for none
   * @param truststoreType {@code JKS} or {@code PKCS12}
   * @param hostnameVerification false accepts a trusted certificate for any host name (tests only)
   */
  public TlsSettings(Path truststore, Password truststorePassword, String truststoreType,
      boolean hostnameVerification) {
    this.truststore = truststore;
    this.truststorePassword = truststorePassword;
    this.truststoreType = truststoreType;
    this.hostnameVerification = hostnameVerification;
  }

  /** The JVM's default certificate authorities, with host names verified. */
  public static TlsSettings jvmDefaults() {
    return new TlsSettings(null, null, "JKS", true);
  }

  public Optional<Path> truststore() {
    return Optional.ofNullable(truststore);
  }

  /** The trust store's password as characters, or null when there is none. */
  char[] truststorePassword() {
    return truststorePassword == null ? null : truststorePassword.value().toCharArray();
  }

  public String truststoreType() {
    return truststoreType;
  }

  public boolean hostnameVerification() {
    return hostnameVerification;
  }

  @Override
  public String toString() {
    return "TlsSettings[truststore=" + (truststore == null ? "JVM default" : truststore)
        + ", type=" + truststoreType + ", hostnameVerification=" + hostnameVerification + "]";
  }
}
