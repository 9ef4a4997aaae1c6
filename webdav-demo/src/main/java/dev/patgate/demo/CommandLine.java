package dev.patgate.demo;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the command line: {@code [--host HOST] [--port PORT] --data DIR [--auth signed-identity]
 * --identity-key FILE}, or {@code ... --data DIR --auth cells [--admin-token-file FILE]}.
 */
final class CommandLine {

    static final String USAGE = "usage: java -jar patgate-webdav-demo-all.jar"
            + " [--host HOST] [--port PORT] --data DIR"
            + " ([--auth signed-identity] --identity-key FILE | --auth cells [--admin-token-file FILE])";

    private static final List<String> FLAGS =
            List.of("--host", "--port", "--data", "--identity-key", "--auth", "--admin-token-file");

    /** The parsed options; {@code identityKeyFile} is null in cells mode, {@code adminTokenFile} may be. */
    record Options(
            String host, int port, Path dataDir, Path identityKeyFile, DemoConfig.Auth auth, Path adminTokenFile) {}

    /** A command line that cannot be run; the message is one line for the user. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    private CommandLine() {}

    /** Whether the user asked for help ({@code -h} or {@code --help} anywhere). */
    static boolean wantsHelp(String... args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /**
     * Parses flags given as {@code --flag value} or {@code --flag=value}.
     *
     * @throws UsageException for an unknown, repeated or valueless flag, a bad port, or a missing
     *                        {@code --data} or {@code --identity-key}
     */
    static Options parse(String... args) throws UsageException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int equals = flag.indexOf('=');
            if (equals > 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(flag + " needs a value");
            }
            if (!FLAGS.contains(flag)) {
                throw new UsageException("unknown option " + flag);
            }
            if (value.isEmpty()) {
                throw new UsageException(flag + " needs a value");
            }
            if (values.put(flag, value) != null) {
                throw new UsageException(flag + " given twice");
            }
        }
        if (!values.containsKey("--data")) {
            throw new UsageException("--data DIR is required");
        }
        String authFlag = values.getOrDefault("--auth", DemoConfig.Auth.SIGNED_IDENTITY.flag());
        DemoConfig.Auth auth = DemoConfig.Auth.ofFlag(authFlag)
                .orElseThrow(() -> new UsageException("--auth must be signed-identity or cells"));
        if (auth == DemoConfig.Auth.CELLS) {
            if (values.containsKey("--identity-key")) {
                throw new UsageException("--identity-key is not used with --auth cells");
            }
        } else {
            if (!values.containsKey("--identity-key")) {
                throw new UsageException("--identity-key FILE is required");
            }
            if (values.containsKey("--admin-token-file")) {
                throw new UsageException("--admin-token-file is used with --auth cells only");
            }
        }
        return new Options(
                values.getOrDefault("--host", DemoConfig.DEFAULT_HOST),
                port(values.get("--port")),
                Path.of(values.get("--data")),
                values.containsKey("--identity-key") ? Path.of(values.get("--identity-key")) : null,
                auth,
                values.containsKey("--admin-token-file") ? Path.of(values.get("--admin-token-file")) : null);
    }

    private static int port(String value) throws UsageException {
        if (value == null) {
            return DemoConfig.DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new UsageException("--port must be a number from 0 to 65535");
    }
}
