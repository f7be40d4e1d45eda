package io.github.connecthubspot.events.bench;

import io.github.connecthubspot.events.bench.plugin.NoOpSinkConnector;
import io.github.connecthubspot.events.bench.plugin.StampArrival;
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
 * our plugin zip): the classes of package {@code ...bench.plugin} as compiled, with the service
 * files by which the worker finds {@link NoOpSinkConnector} and {@link StampArrival}.
 */
final class BenchPlugin {
  private static final String PACKAGE = NoOpSinkConnector.class.getPackageName().replace('.', '/');

  private BenchPlugin() {}

  /** Writes {@code <folder>/bench-plugin.jar} from the classes under {@code classesRoot}; answers the jar. */
  static Path write(Path folder, Path classesRoot) throws IOException {
    Path classes = classesRoot.resolve(PACKAGE);
    List<Path> files;
    try (Stream<Path> list = Files.list(classes)) {
      files = list.filter(f -> f.toString().endsWith(".class")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no compiled classes in " + classes);
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
      service(out, "org.apache.kafka.connect.sink.SinkConnector", NoOpSinkConnector.class.getName());
      service(out, "org.apache.kafka.connect.transforms.Transformation", StampArrival.class.getName());
    }
    return jar;
  }

  private static void service(JarOutputStream out, String type, String implementation) throws IOException {
    out.putNextEntry(new JarEntry("META-INF/services/" + type));
    out.write((implementation + "\n").getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }
}
