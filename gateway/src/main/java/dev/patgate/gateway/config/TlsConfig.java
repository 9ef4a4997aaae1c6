package dev.patgate.gateway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTPS (section {@code listen.tls}): where the certificate and its key are, and how they are served.
 * Either {@code cert} and {@code key} (PEM) or {@code pkcs12} (a PKCS#12 file, with its password from
 * {@code password_env} or {@code password_file}). Paths are as written until
 * {@link #resolvedAgainst} makes them absolute. The files are read at start and watched after.
 *
 * @param cert PEM file with the certificate chain, the server's certificate first; or null
 * @param key PEM file with the certificate's private key, unencrypted PKCS#8 ({@code BEGIN PRIVATE
 *        KEY}) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}); or null
 * @param pkcs12 a PKCS#12 file holding one private key and its chain; or null
 * @param passwordEnv the environment variable holding the PKCS#12 password; or null
 * @param passwordFile a file whose first line is the PKCS#12 password; or null (neither: no password)
 * @param http2 whether HTTP/2 is offered through ALPN next to HTTP/1.1; default false
 * @param reloadInterval how often the files are checked for a new certificate; default 1 min
 */
public record TlsConfig(
        String cert,
        String key,
        String pkcs12,
        String passwordEnv,
        String passwordFile,
        Boolean http2,
        Duration reloadInterval) {

    /** How often the files are checked when {@code reload_interval} is not given. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);

    public TlsConfig {
        boolean pem = cert != null || key != null;
        if (pem && pkcs12 != null) {
            throw new IllegalArgumentException("listen.tls takes cert and key (PEM) or pkcs12, not both");
        }
        if (pem && (cert == null || key == null)) {
            throw new IllegalArgumentException("listen.tls needs both cert and key (PEM files)");
        }
        if (!pem && pkcs12 == null) {
            throw new IllegalArgumentException("listen.tls needs cert and key (PEM files) or pkcs12");
        }
        if ((passwordEnv != null || passwordFile != null) && pkcs12 == null) {
            throw new IllegalArgumentException(
                    "listen.tls.password_env and password_file are for pkcs12 (PEM keys must be unencrypted)");
        }
        if (passwordEnv != null && passwordFile != null) {
            throw new IllegalArgumentException(
                    "listen.tls.password_env and listen.tls.password_file exclude each other");
        }
        for (String[] named :
                new String[][] {{"cert", cert}, {"key", key}, {"pkcs12", pkcs12}, {"password_file", passwordFile}}) {
            if (named[1] != null && (named[1].isBlank() || named[1].indexOf('\0') >= 0)) {
                throw new IllegalArgumentException("listen.tls." + named[0] + " must be a path");
            }
        }
        if (passwordEnv != null && !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("listen.tls.password_env must be an environment variable's name");
        }
        http2 = http2 != null && http2;
        reloadInterval = reloadInterval == null ? DEFAULT_RELOAD_INTERVAL : reloadInterval;
        if (reloadInterval.toMillis() < 1) {
            throw new IllegalArgumentException("listen.tls.reload_interval must be positive");
        }
    }

    /** PEM files. */
    public static TlsConfig pem(Path cert, Path key) {
        return new TlsConfig(cert.toString(), key.toString(), null, null, null, false, null);
    }

    /** A PKCS#12 file whose password is the first line of {@code passwordFile} (null: no password). */
    public static TlsConfig pkcs12(Path file, Path passwordFile) {
        return new TlsConfig(
                null, null, file.toString(), null, passwordFile == null ? null : passwordFile.toString(), false, null);
    }

    /** The same files, with relative paths resolved against {@code home}. */
    public TlsConfig resolvedAgainst(Path home) {
        return new TlsConfig(
                resolve(home, cert, "cert"),
                resolve(home, key, "key"),
                resolve(home, pkcs12, "pkcs12"),
                passwordEnv,
                resolve(home, passwordFile, "password_file"),
                http2,
                reloadInterval);
    }

    public TlsConfig withHttp2(boolean newHttp2) {
        return new TlsConfig(cert, key, pkcs12, passwordEnv, passwordFile, newHttp2, reloadInterval);
    }

    /** Whether HTTP/2 is offered (never null after construction). */
    public boolean offersHttp2() {
        return http2;
    }

    private static String resolve(Path home, String text, String name) {
        if (text == null) {
            return null;
        }
        try {
            return home.resolve(text).toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("listen.tls." + name + " must be a path");
        }
    }
}
