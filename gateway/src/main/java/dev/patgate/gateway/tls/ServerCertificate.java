package dev.patgate.gateway.tls;

import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.TlsConfig;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's TLS settings and certificate: TLS 1.2 and 1.3 only, forward-secret AEAD cipher suites
 * only, no renegotiation, and the certificate from {@code listen.tls}'s files, which {@link #check()}
 * re-reads when they change. A renewal that cannot be used (a file missing or half written, a key
 * that does not match the certificate) leaves the current certificate in service and is logged once.
 * Connections already open keep the certificate they were made with.
 */
public final class ServerCertificate {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificate.class);

    /** The protocols offered. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * The cipher suites offered, in order of preference: TLS 1.3's three, then for TLS 1.2 only ECDHE
     * key exchange with AES-GCM or ChaCha20-Poly1305 (as Mozilla's "intermediate" profile).
     */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final TlsConfig tls;
    private final Map<String, String> env;
    private final SslContextFactory.Server factory;
    private volatile KeyMaterial current;
    private String refusedFingerprint;

    private ServerCertificate(TlsConfig tls, Map<String, String> env, KeyMaterial material) {
        this.tls = tls;
        this.env = env;
        this.current = material;
        this.factory = new SslContextFactory.Server();
        factory.setKeyStore(material.keyStore());
        factory.setKeyStorePassword(KeyMaterial.STORE_PASSWORD);
        factory.setCertAlias(KeyMaterial.ALIAS);
        factory.setIncludeProtocols(PROTOCOLS.toArray(String[]::new));
        factory.setIncludeCipherSuites(CIPHER_SUITES.toArray(String[]::new));
        factory.setUseCipherSuitesOrder(true);
        factory.setRenegotiationAllowed(false);
    }

    /**
     * Reads the files {@code tls} names.
     *
     * @param env the environment, for {@code listen.tls.password_env}
     * @throws ConfigException naming the field and the file when they cannot be used
     */
    public static ServerCertificate load(TlsConfig tls, Map<String, String> env) {
        Objects.requireNonNull(tls, "tls must not be null");
        KeyMaterial material = KeyMaterial.read(tls, env);
        LOG.info("listen.tls: serving the certificate of {} ({})", sourceOf(tls), material.describe());
        return new ServerCertificate(tls, env, material);
    }

    /** The factory for the HTTPS connector; its key store is replaced by {@link #check()}. */
    public SslContextFactory.Server sslContextFactory() {
        return factory;
    }

    /** The certificate new connections get. */
    public X509Certificate certificate() {
        return current.certificate();
    }

    /** Whether HTTP/2 is offered through ALPN ({@code listen.tls.http2}). */
    public boolean offersHttp2() {
        return tls.offersHttp2();
    }

    /** How often {@link #check()} should run ({@code listen.tls.reload_interval}). */
    public java.time.Duration interval() {
        return tls.reloadInterval();
    }

    /**
     * Reads the files again if their bytes changed since the certificate in service was read, and
     * serves the new certificate to new connections when it can be used. Never throws.
     *
     * @return whether a new certificate is now served
     */
    public synchronized boolean check() {
        String fingerprint;
        try {
            fingerprint = KeyMaterial.fingerprint(tls);
        } catch (ConfigException e) {
            refuse(e.getMessage(), e.getMessage());
            return false;
        }
        if (fingerprint.equals(current.fingerprint()) || fingerprint.equals(refusedFingerprint)) {
            return false;
        }
        KeyMaterial renewed;
        try {
            renewed = KeyMaterial.read(tls, env);
        } catch (ConfigException e) {
            refuse(fingerprint, e.getMessage());
            return false;
        }
        try {
            factory.reload(reloaded -> reloaded.setKeyStore(renewed.keyStore()));
        } catch (Exception e) {
            refuse(fingerprint, "listen.tls: the renewed certificate cannot be served (" + e + ")");
            return false;
        }
        current = renewed;
        refusedFingerprint = null;
        LOG.info("listen.tls: serving the renewed certificate of {} ({})", sourceOf(tls), renewed.describe());
        return true;
    }

    private void refuse(String fingerprint, String why) {
        if (!fingerprint.equals(refusedFingerprint)) {
            refusedFingerprint = fingerprint;
            LOG.warn("{}; still serving the previous certificate ({})", why, current.describe());
        }
    }

    private static String sourceOf(TlsConfig tls) {
        return tls.pkcs12() != null ? tls.pkcs12() : tls.cert();
    }
}
