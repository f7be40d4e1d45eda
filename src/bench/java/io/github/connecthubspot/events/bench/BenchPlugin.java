package io.github.connecthubspot.events.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The benchmark's own plugin, a jar in a folder of its own under the worker's plugin.path (never in
 * our plugin zip): the classes of package {@code ...bench.plugin} ({@code src/bench/plugin/java},
 * which the build compiles to {@code target/bench-plugin-classes}, off every test classpath, so
 * that the tests' own Connect workers never see them), with the service files by which the worker
 * finds the no-op sink and the stamp.
 */
final class BenchPlugin {
  static final String PACKAGE_NAME = "io.github.connecthubspot.events.bench.plugin";
  /** Reads, converts and commits, and does nothing else: the floor. */
  static final String NO_OP_SINK = PACKAGE_NAME + ".NoOpSinkConnector";
  /** Sets each record's timestamp to when the worker hands it to the task, and counts it. */
  static final String STAMP = PACKAGE_NAME + ".StampArrival";
  /** The MBean of their counters in the worker. */
  static final String PROBE = "io.github.connecthubspot.bench:type=probe";
  private static final String PACKAGE = PACKAGE_NAME.replace('.', '/');

  private BenchPlugin() {}

  /** Writes {@code <folder>/bench-plugin.jar} from the classes under {@code classesRoot}; answers the jar. */
  static Path write(Path folder, Path classesRoot) throws IOException {
    Path classes = classesRoot.resolve(PACKAGE);
    List<Path> files;
    try (Stream<Path> list = Files.list(classes)) {
      files = list.filter(f -> f.toString().endsWith(".class")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no compiled classes in " + classes + ": run ./bench without --no-build");
    }
    Files.createDirectories(folder);
    Path jar = folder.resolve("bench-plugin.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Path f : files) {
        out.putNextEntry(new JarEntry(PACKAGE + "/" + f.getFileName()));
        Files.copy(f, out);
        out.closeEntry();
      }
      service(out, "org.apache.kafka.connect.sink.SinkConnector", NO_OP_SINK);
      service(out, "org.apache.kafka.connect.transforms.Transformation", STAMP);
    }
    return jar;
  }

  private static void service(JarOutputStream out, String type, String implementation) throws IOException {
    out.putNextEntry(new JarEntry("META-INF/services/" + type));
    out.write((implementation + "\n").getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }
}
