package io.github.connecthubspot.events.hubspot;

import io.github.connecthubspot.events.hubspot.LocalHubSpot.BatchFailureMode;
import io.github.connecthubspot.events.hubspot.LocalHubSpot.DuplicateUuidMode;
import io.github.connecthubspot.events.hubspot.LocalHubSpot.UnknownMode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar local-hubspot-<version>.jar [options]}: the options, parsed into a {@link LocalHubSpot.Builder}. */
final class CommandLine {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar local-hubspot-<version>.jar [options]",
          "   or: java -cp <classpath> io.github.connecthubspot.events.hubspot.LocalHubSpot [options]",
          "  --host H                      interface (default 127.0.0.1)",
          "  --port N                      port (default 0: a free port)",
          "  --threads N                   handler threads",
          "  --token T[=scope,scope]       accepted bearer token, repeatable (default scope "
              + LocalHubSpot.SEND_SCOPE
              + ";",
          "                                'T=' has no scope -> 403); default token " + LocalHubSpot.DEFAULT_TOKEN,
          "  --oauth-client ID:SECRET:REFRESH_TOKEN   OAuth app for /oauth/v1/token and /oauth/2026-03/token",
          "  --access-token-ttl SECONDS    expires_in of issued tokens (default 1800)",
          "  --events FILE                 known event definitions (JSON), also served by GET /events/v3/event-definitions[/NAME]",
          "                                (and /events/2026-03/..., /events/custom/2026-03/...)",
          "  --definitions-scope true|false  false: event-definition reads answer 403 MISSING_SCOPES (default true)",
          "  --definition-names both|full|short  names GET .../event-definitions/NAME finds (default both)",
          "  --disable-path PREFIX         answer 404 to paths starting with PREFIX, repeatable (e.g. /events/2026-03/)",
          "  --unknown-events accept|reject, --unknown-properties accept|reject   (default reject, with --events)",
          "  --portal-id N                 require eventName pe<N>_<lower-case name>",
          "  --max-batch N                 default 500",
          "  --batch-failure whole-batch|bad-items-only|bad-items-only-207   (default whole-batch)",
          "  --duplicate-uuid drop|reject  (default drop)",
          "  --retry-after-on-429 true|false (default false)",
          "  --ten-secondly N --secondly N --daily N   limits, 0 = unlimited (default 12500, 1250, 1000000)",
          "  --daily-zone ZONE             midnight of this zone resets the daily limit (default UTC)",
          "  --no-rate-limits",
          "  --seed N                      seed of random faults (default 0)",
          "  --fault STATUS=SHARE          e.g. --fault 503=0.05, repeatable",
          "  --reset-share X  --delay-share X  --delay-ms N  --accept-then-fail-share X",
          "  --accept-then-fail-status N (default 502)  --accept-then-reset-share X  --retry-after-477 SECONDS",
          "  --counts-only                 do not keep occurrence bodies in the ledger",
          "  --help");

  private final LocalHubSpot.Builder b = LocalHubSpot.builder();
  private long seed;
  private final Map<Integer, Double> statusShares = new LinkedHashMap<>();
  private double resetShare;
  private double delayShare;
  private long delayMs = 5000;
  private double atfShare;
  private int atfStatus = 502;
  private double atrShare;
  private int retry477 = 3;

  private CommandLine() {}

  /** Parses options into a builder; IllegalArgumentException (with the usage) for {@code --help} or a bad option. */
  static LocalHubSpot.Builder parse(String... args) {
    CommandLine c = new CommandLine();
    for (int i = 0; i < args.length; i++) {
      String opt = args[i];
      String val = null;
      int eq = opt.indexOf('=');
      if (opt.startsWith("--") && eq > 0 && !opt.startsWith("--token") && !opt.startsWith("--fault")) {
        val = opt.substring(eq + 1);
        opt = opt.substring(0, eq);
      }
      switch (opt) {
        case "--help":
        case "-h":
          throw new IllegalArgumentException(USAGE);
        case "--no-rate-limits":
          c.b.noRateLimits();
          continue;
        case "--counts-only":
          c.b.recordBodies(false);
          continue;
        default:
          break;
      }
      if (val == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value for " + opt + "\n" + USAGE);
        }
        val = args[++i];
      }
      if (!c.server(opt, val) && !c.faults(opt, val)) {
        throw new IllegalArgumentException("Unknown option " + opt + "\n" + USAGE);
      }
    }
    Faults f = Faults.seeded(c.seed).retryAfter477Seconds(c.retry477);
    c.statusShares.forEach(f::status);
    f.reset(c.resetShare).delay(c.delayShare, Duration.ofMillis(c.delayMs)).acceptThenFail(c.atfShare, c.atfStatus);
    f.acceptThenReset(c.atrShare);
    return c.b.faults(f);
  }

  /** The options of the server, its tokens, validation and limits; false if {@code opt} is none of them. */
  private boolean server(String opt, String val) {
    switch (opt) {
      case "--host":
        b.host(val);
        return true;
      case "--port":
        b.port(Integer.parseInt(val));
        return true;
      case "--threads":
        b.threads(Integer.parseInt(val));
        return true;
      case "--token":
        int e = val.indexOf('=');
        if (e < 0) {
          b.token(val);
        } else {
          String scopes = val.substring(e + 1);
          b.token(val.substring(0, e), scopes.isEmpty() ? new String[] {""} : scopes.split(","));
        }
        return true;
      case "--oauth-client":
        String[] parts = val.split(":", 3);
        if (parts.length != 3) {
          throw new IllegalArgumentException("--oauth-client wants ID:SECRET:REFRESH_TOKEN, got " + val);
        }
        b.oauthClient(parts[0], parts[1], parts[2]);
        return true;
      case "--access-token-ttl":
        b.accessTokenTtl(Duration.ofSeconds(Long.parseLong(val)));
        return true;
      case "--events":
        b.eventDefinitionsFile(Path.of(val));
        return true;
      case "--definitions-scope":
        b.definitionsScope(Boolean.parseBoolean(val));
        return true;
      case "--definition-names":
        b.definitionNames(LocalHubSpot.DefinitionNames.valueOf(enumName(val)));
        return true;
      case "--disable-path":
        b.disablePath(val);
        return true;
      case "--unknown-events":
        b.unknownEvents(UnknownMode.valueOf(enumName(val)));
        return true;
      case "--unknown-properties":
        b.unknownProperties(UnknownMode.valueOf(enumName(val)));
        return true;
      case "--portal-id":
        b.portalId(Long.parseLong(val));
        return true;
      case "--max-batch":
        b.maxBatchSize(Integer.parseInt(val));
        return true;
      case "--batch-failure":
        b.batchFailureMode(BatchFailureMode.valueOf(enumName(val)));
        return true;
      case "--duplicate-uuid":
        b.duplicateUuidMode(DuplicateUuidMode.valueOf(enumName(val)));
        return true;
      case "--retry-after-on-429":
        b.retryAfterOn429(Boolean.parseBoolean(val));
        return true;
      case "--ten-secondly":
        b.tenSecondlyLimit(Integer.parseInt(val));
        return true;
      case "--secondly":
        b.secondlyLimit(Integer.parseInt(val));
        return true;
      case "--daily":
        b.dailyLimit(Long.parseLong(val));
        return true;
      case "--daily-zone":
        b.dailyLimitZone(ZoneId.of(val));
        return true;
      default:
        return false;
    }
  }

  /** The options of the random faults; false if {@code opt} is none of them. */
  private boolean faults(String opt, String val) {
    switch (opt) {
      case "--seed":
        seed = Long.parseLong(val);
        return true;
      case "--fault":
        String[] kv = val.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("--fault wants STATUS=SHARE, got " + val);
        }
        statusShares.merge(Integer.parseInt(kv[0]), Double.parseDouble(kv[1]), Double::sum);
        return true;
      case "--reset-share":
        resetShare = Double.parseDouble(val);
        return true;
      case "--delay-share":
        delayShare = Double.parseDouble(val);
        return true;
      case "--delay-ms":
        delayMs = Long.parseLong(val);
        return true;
      case "--accept-then-fail-share":
        atfShare = Double.parseDouble(val);
        return true;
      case "--accept-then-fail-status":
        atfStatus = Integer.parseInt(val);
        return true;
      case "--accept-then-reset-share":
        atrShare = Double.parseDouble(val);
        return true;
      case "--retry-after-477":
        retry477 = Integer.parseInt(val);
        return true;
      default:
        return false;
    }
  }

  private static String enumName(String s) {
    return s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * Starts from the options, prints the base URL, and runs until the JVM is stopped (a shutdown hook
   * closes the server). {@code --help} prints the usage to stdout and exits 0; a bad option prints the
   * reason and the usage to stderr and exits 2.
   */
  static void run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    LocalHubSpot.Builder b;
    try {
      b = parse(args);
    } catch (IllegalArgumentException e) {
      boolean help = e.getMessage() != null && e.getMessage().equals(USAGE);
      (help ? out : err).println(e.getMessage());
      System.exit(help ? 0 : 2);
      return;
    }
    LocalHubSpot sim = b.start();
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "local-hubspot-shutdown"));
    out.println("LocalHubSpot listening on " + sim.baseUrl());
    out.println("Tokens: " + String.join(", ", sim.tokenNames()) + " | " + sim.switches());
    out.flush();
    new CountDownLatch(1).await();
  }
}
