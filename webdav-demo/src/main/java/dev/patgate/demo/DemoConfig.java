package dev.patgate.demo;

import dev.patgate.demo.identity.IdentityKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run a {@link DemoServer}; immutable, built with {@link #builder()}.
 *
 * <pre>{@code
 * DemoConfig config = DemoConfig.builder()
 *         .port(0)                                  // ephemeral
 *         .dataDir(tempDir)
 *         .identityKeyFile(gatewayData.resolve("identity.key"))
 *         .requestListener(seen::add)
 *         .build();
 * }</pre>
 */
public final class DemoConfig {

    /** The default listening address. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 8081;

    /** Which credentials the server accepts. */
    public enum Auth {
        /** Only the gateway's signed identity ({@code X-Patgate-Identity}); the default. */
        SIGNED_IDENTITY("signed-identity"),
        /** Only Cells-style personal tokens the server minted itself: the Cells stand-in. */
        CELLS("cells");

        private final String flag;

        Auth(String flag) {
            this.flag = flag;
        }

        /** The value of {@code --auth}. */
        public String flag() {
            return flag;
        }

        /** The mode named {@code flag}; empty when there is none. */
        public static java.util.Optional<Auth> ofFlag(String flag) {
            for (Auth auth : values()) {
                if (auth.flag.equals(flag)) {
                    return java.util.Optional.of(auth);
                }
            }
            return java.util.Optional.empty();
        }
    }

    private final String host;
    private final int port;
    private final Path dataDir;
    private final byte[] identityKey;
    private final Auth auth;
    private final Path adminTokenFile;
    private final Clock clock;
    private final Consumer<RecordedRequest> requestListener;
    private final Consumer<String> restAnswerListener;

    private DemoConfig(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.dataDir = builder.dataDir;
        this.identityKey = builder.identityKey == null ? null : builder.identityKey.clone();
        this.auth = builder.auth;
        this.adminTokenFile = builder.adminTokenFile;
        this.clock = builder.clock;
        this.requestListener = builder.requestListener;
        this.restAnswerListener = builder.restAnswerListener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address to listen on. */
    public String host() {
        return host;
    }

    /** The port to listen on; 0 means an ephemeral port (see {@link DemoServer#port()}). */
    public int port() {
        return port;
    }

    /** The data directory; created when missing. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * A copy of the {@value IdentityKey#LENGTH}-byte identity key shared with the gateway; null in
     * {@link Auth#CELLS} mode, which does not use one.
     */
    public byte[] identityKey() {
        return identityKey == null ? null : identityKey.clone();
    }

    /** Which credentials the server accepts. */
    public Auth auth() {
        return auth;
    }

    /**
     * In {@link Auth#CELLS} mode, where the stand-in's admin token is read from when valid, or written
     * to (owner-only) otherwise; null to keep it in memory only.
     */
    public Path adminTokenFile() {
        return adminTokenFile;
    }

    /** The clock that decides whether an identity assertion or a Cells token is current. */
    public Clock clock() {
        return clock;
    }

    /** Called with every request received, before any check; null when none was set. */
    public Consumer<RecordedRequest> requestListener() {
        return requestListener;
    }

    /** Called with each REST route once its answer is ready, before it is sent; null when none was set. */
    public Consumer<String> restAnswerListener() {
        return restAnswerListener;
    }

    /** Builds a {@link DemoConfig}. Not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Path dataDir;
        private byte[] identityKey;
        private Auth auth = Auth.SIGNED_IDENTITY;
        private Path adminTokenFile;
        private Clock clock = Clock.systemUTC();
        private Consumer<RecordedRequest> requestListener;
        private Consumer<String> restAnswerListener;

        private Builder() {}

        /** Default {@value DemoConfig#DEFAULT_HOST}. */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /** 0 to 65535; 0 means ephemeral. Default {@value DemoConfig#DEFAULT_PORT}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535");
            }
            this.port = port;
            return this;
        }

        /** Required. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** The identity key itself (copied); this or {@link #identityKeyFile} is required. */
        public Builder identityKey(byte[] identityKey) {
            Objects.requireNonNull(identityKey, "identityKey");
            if (identityKey.length != IdentityKey.LENGTH) {
                throw new IllegalArgumentException("identity key must be " + IdentityKey.LENGTH + " bytes");
            }
            this.identityKey = identityKey.clone();
            return this;
        }

        /**
         * Reads the identity key from a file as the gateway writes it (see {@link IdentityKey#read}).
         *
         * @throws IOException              when the file is missing or unreadable
         * @throws IllegalArgumentException when it does not hold a key
         */
        public Builder identityKeyFile(Path file) throws IOException {
            return identityKey(IdentityKey.read(file));
        }

        /** Default {@link Auth#SIGNED_IDENTITY}. */
        public Builder auth(Auth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /** Only in {@link Auth#CELLS} mode: see {@link DemoConfig#adminTokenFile()}. Default: none. */
        public Builder adminTokenFile(Path adminTokenFile) {
            this.adminTokenFile = adminTokenFile;
            return this;
        }

        /** Default: the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Called synchronously, on the request's thread, with every request received, before the
         * identity check; an exception it throws is logged and ignored. Default: none.
         */
        public Builder requestListener(Consumer<RecordedRequest> requestListener) {
            this.requestListener = requestListener;
            return this;
        }

        /**
         * Called synchronously, on the request's thread, with the route of every REST request
         * (e.g. {@code /n/node/<uuid>}) once its answer has been computed and before it is written:
         * a test can hold it there to deliver an answer that describes the past. Default: none.
         */
        public Builder restAnswerListener(Consumer<String> restAnswerListener) {
            this.restAnswerListener = restAnswerListener;
            return this;
        }

        /**
         * @throws IllegalStateException when the data directory is missing, the identity key is missing
         *                               in signed-identity mode, or an admin token file is given outside
         *                               cells mode
         */
        public DemoConfig build() {
            if (dataDir == null) {
                throw new IllegalStateException("dataDir is required");
            }
            if (auth == Auth.SIGNED_IDENTITY && identityKey == null) {
                throw new IllegalStateException("identityKey is required");
            }
            if (auth != Auth.CELLS && adminTokenFile != null) {
                throw new IllegalStateException("adminTokenFile is for the cells mode only");
            }
            return new DemoConfig(this);
        }
    }
}
