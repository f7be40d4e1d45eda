package io.github.connecthubspot.events.hubspot;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listening side of a {@link LocalHubSpot}: the JDK's {@link HttpServer} on one interface and port,
 * its handler threads, and a timer for delayed answers. It can stop listening and listen again on the
 * same port.
 */
final class SimServer {
  static {
    // The JDK server reads this once; without it small answers may wait on Nagle + delayed ACK.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final String host;
  private final ExecutorService executor;
  private final ScheduledExecutorService delayer;
  private final Object lifecycle = new Object();
  private HttpHandler handler;
  private HttpServer server;
  private volatile int port;
  private boolean closed;

  /** {@code port} 0: a free port, chosen when first bound. */
  SimServer(String host, int port, int threads) {
    this.host = host;
    this.port = port;
    this.executor = Executors.newFixedThreadPool(threads, daemon("local-hubspot-http"));
    this.delayer = Executors.newSingleThreadScheduledExecutor(daemon("local-hubspot-delay"));
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  Executor executor() {
    return executor;
  }

  ScheduledExecutorService delayer() {
    return delayer;
  }

  /** Binds and serves every request with {@code h}; on failure, releases the threads and throws. */
  void start(HttpHandler h) {
    synchronized (lifecycle) {
      handler = h;
      try {
        bind();
      } catch (IOException e) {
        close();
        throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
      }
    }
  }

  private void bind() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 512);
    s.createContext("/", handler);
    s.setExecutor(executor);
    s.start();
    server = s;
    port = s.getAddress().getPort();
  }

  String baseUrl() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  int port() {
    return port;
  }

  void down() {
    synchronized (lifecycle) {
      if (server != null) {
        server.stop(0);
        server = null;
      }
    }
  }

  void up() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (server == null) {
        try {
          bind();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot listen again on port " + port, e);
        }
      }
    }
  }

  boolean isUp() {
    synchronized (lifecycle) {
      return server != null;
    }
  }

  void close() {
    synchronized (lifecycle) {
      closed = true;
      if (server != null) {
        server.stop(0);
        server = null;
      }
    }
    delayer.shutdownNow();
    executor.shutdownNow();
  }
}
