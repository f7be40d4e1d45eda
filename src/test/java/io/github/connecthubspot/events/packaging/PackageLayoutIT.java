package io.github.connecthubspot.events.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.connecthubspot.events.HubSpotBehavioralEventSinkConnector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Confluent Hub archive that {@code mvn package} writes, as a user downloads it. */
class PackageLayoutIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path zip;
  private static String version;
  private static String base;

  @BeforeAll
  static void locate() {
    zip = Path.of(System.getProperty("plugin.zip", "target/missing.zip"));
    version = System.getProperty("plugin.version");
    base = "kafka-connect-hubspot-events-" + version + "/";
    assertThat(zip).as("the plugin archive written by mvn package").exists();
  }

  private static List<String> entries() throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      z.stream().map(ZipEntry::getName).forEach(names::add);
    }
    return names;
  }

  private static byte[] read(String name) throws IOException {
    try (ZipFile z = new ZipFile(zip.toFile())) {
      ZipEntry e = z.getEntry(name);
      assertThat(e).as(name + " in the archive").isNotNull();
      try (InputStream in = z.getInputStream(e)) {
        return in.readAllBytes();
      }
    }
  }

  @Test
  void everythingIsUnderOneBaseFolder() throws IOException {
    assertThat(entries()).allSatisfy(n -> assertThat(n).startsWith(base));
    assertThat(entries()).contains(base + "manifest.json", base + "doc/README.md", base + "doc/LICENSE",
        base + "etc/hubspot-events-sink.json", base + "etc/hubspot-events-sink.properties",
        base + "lib/kafka-connect-hubspot-events-" + version + ".jar");
  }

  @Test
  void manifestDescribesTheComponent() throws IOException {
    JsonNode m = JSON.readTree(read(base + "manifest.json"));
    assertThat(m.path("name").asText()).isEqualTo("kafka-connect-hubspot-events");
    assertThat(m.path("version").asText()).isEqualTo(version);
    for (String field : List.of("title", "description", "documentation_url")) {
      assertThat(m.path(field).asText()).as(field).isNotBlank();
    }
    assertThat(m.path("owner").path("username").asText()).isNotBlank();
    assertThat(m.path("owner").path("name").asText()).isNotBlank();
    assertThat(m.path("component_types")).containsExactly(JSON.getNodeFactory().textNode("sink"));
    assertThat(m.path("tags").size()).isPositive();
    assertThat(m.path("features").isObject()).isTrue();
    assertThat(m.path("requirements").size()).isPositive();
    assertThat(m.path("license").get(0).path("name").asText()).isEqualTo("Apache License, Version 2.0");
    assertThat(m.path("support").path("summary").asText()).isNotBlank();
  }

  @Test
  void libHoldsTheConnectorAndItsDependenciesButNoKafkaJar() throws IOException {
    List<String> jars = new ArrayList<>();
    for (String n : entries()) {
      if (n.startsWith(base + "lib/") && n.endsWith(".jar")) {
        jars.add(n.substring((base + "lib/").length()));
      }
    }
    assertThat(jars).anyMatch(j -> j.startsWith("jackson-databind-"))
        .anyMatch(j -> j.startsWith("httpclient5-"))
        .anyMatch(j -> j.startsWith("guava-"));
    assertThat(jars).noneMatch(j -> j.startsWith("kafka") && !j.startsWith("kafka-connect-hubspot-events"))
        .noneMatch(j -> j.startsWith("connect-"))
        .noneMatch(j -> j.startsWith("slf4j-"))
        .noneMatch(j -> j.startsWith("log4j") || j.startsWith("reload4j"))
        .noneMatch(j -> j.startsWith("junit") || j.startsWith("assertj"));
  }

  @Test
  void connectorJarRegistersTheConnectorForServiceLoading() throws IOException {
    byte[] jar = read(base + "lib/kafka-connect-hubspot-events-" + version + ".jar");
    String services = null;
    boolean hasVersion = false;
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals("META-INF/services/org.apache.kafka.connect.sink.SinkConnector")) {
          services = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        hasVersion |= e.getName().equals("io/github/connecthubspot/events/version.properties");
        assertThat(e.getName()).as("test classes stay out of the plugin").doesNotContain("Test");
      }
    }
    assertThat(services).isEqualTo(HubSpotBehavioralEventSinkConnector.class.getName());
    assertThat(hasVersion).isTrue();
  }

  @Test
  void theLocalHubSpotEndpointStaysOutOfThePlugin() throws IOException {
    assertThat(entries()).noneMatch(n -> n.contains("events/hubspot/"))
        .noneMatch(n -> n.substring(n.lastIndexOf('/') + 1).startsWith("local-hubspot"));
    for (String n : entries()) {
      if (!n.endsWith(".jar")) {
        continue;
      }
      try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(read(n)))) {
        for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          assertThat(e.getName()).as("in " + n).doesNotStartWith("io/github/connecthubspot/events/hubspot/");
        }
      }
    }
  }

  @Test
  void exampleConfigsAreTheOnesInTheRepository() throws IOException {
    assertThat(read(base + "etc/hubspot-events-sink.json"))
        .isEqualTo(Files.readAllBytes(Path.of("config/hubspot-events-sink.json")));
    JsonNode example = JSON.readTree(read(base + "etc/hubspot-events-sink.json"));
    assertThat(example.path("config").path("connector.class").asText())
        .isEqualTo(HubSpotBehavioralEventSinkConnector.class.getName());
  }
}
