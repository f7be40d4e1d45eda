package io.github.connecthubspot.events.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP proxy on 127.0.0.1 for tests: {@code CONNECT host:port} is answered 200 and the
 * bytes piped both ways; an absolute-URI request ({@code POST http://...}) is forwarded with one
 * request per connection. With credentials it answers 407 with a Basic challenge to any request
 * without the right {@code Proxy-Authorization}. It forwards only to loopback addresses and
 * records each request line it saw, with " [authorized]" when it carried the right credentials.
 */
final class TestProxy implements AutoCloseable {
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-proxy");
    t.setDaemon(true);
    return t;
  });
  private final String expectedAuthorization;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  /** A proxy that asks for {@code user}/{@code password}, or for nothing when {@code user} is null. */
  TestProxy(String user, String password) throws IOException {
    this.expectedAuthorization = user == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  /** The request lines seen, in order. */
  List<String> seen() {
    return List.copyOf(seen);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.submit(() -> handle(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(Socket client) {
    try (Socket c = client) {
      c.setSoTimeout(10_000);
      InputStream in = c.getInputStream();
      OutputStream out = c.getOutputStream();
      List<String> head = readHead(in);
      if (head.isEmpty()) {
        return;
      }
      String requestLine = head.get(0);
      Map<String, String> headers = headers(head);
      boolean authorized = expectedAuthorization == null
          || expectedAuthorization.equals(headers.get("proxy-authorization"));
      seen.add(requestLine + (expectedAuthorization != null && authorized ? " [authorized]" : ""));
      String[] parts = requestLine.split(" ");
      byte[] body = "CONNECT".equals(parts[0]) ? new byte[0]
          : in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      if (!authorized) {
        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
            + "Proxy-Authenticate: Basic realm=\"test-proxy\"\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return;
      }
      if ("CONNECT".equals(parts[0])) {
        tunnel(parts[1], c, in, out);
      } else {
        forward(parts, head, body, in, out);
      }
    } catch (IOException | RuntimeException e) {
      // the connection ends
    }
  }

  private void tunnel(String hostPort, Socket client, InputStream in, OutputStream out)
      throws IOException {
    int colon = hostPort.lastIndexOf(':');
    try (Socket target = connect(hostPort.substring(0, colon),
        Integer.parseInt(hostPort.substring(colon + 1)))) {
      out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      threads.submit(() -> {
        pipe(in, target);
        return null;
      });
      pipe(target.getInputStream(), client);
    }
  }

  private void forward(String[] parts, List<String> head, byte[] body, InputStream in,
      OutputStream out) throws IOException {
    URI uri = URI.create(parts[1]);
    try (Socket target = connect(uri.getHost(), uri.getPort())) {
      StringBuilder request = new StringBuilder(parts[0]).append(' ').append(uri.getRawPath())
          .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n");
      for (String line : head.subList(1, head.size())) {
        String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
        if (!name.startsWith("proxy-") && !name.equals("connection")) {
          request.append(line).append("\r\n");
        }
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream toTarget = target.getOutputStream();
      toTarget.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      toTarget.write(body);
      toTarget.flush();
      InputStream fromTarget = target.getInputStream();
      StringBuilder answer = new StringBuilder();
      for (String line : readHead(fromTarget)) {
        if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
          answer.append(line).append("\r\n");
        }
      }
      answer.append("Connection: close\r\n\r\n");
      out.write(answer.toString().getBytes(StandardCharsets.ISO_8859_1));
      fromTarget.transferTo(out);
      out.flush();
    }
  }

  private static Socket connect(String host, int port) throws IOException {
    InetAddress address = InetAddress.getByName(host);
    if (!address.isLoopbackAddress()) {
      throw new IOException("the test proxy forwards to loopback addresses only");
    }
    Socket s = new Socket(address, port);
    s.setSoTimeout(10_000);
    return s;
  }

  private static void pipe(InputStream from, Socket to) {
    try {
      from.transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  /** The request or status line and header lines, up to the empty line (at most 64 KiB). */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new CopyOnWriteArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int total = 0;
    int b;
    while ((b = in.read()) >= 0 && total++ < 64 * 1024) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(b);
      }
    }
    return lines;
  }

  private static Map<String, String> headers(List<String> head) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : head.subList(1, head.size())) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
