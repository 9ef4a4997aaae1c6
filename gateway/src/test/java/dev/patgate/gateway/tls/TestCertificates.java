package dev.patgate.gateway.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made in-process for the TLS tests: a test CA, and server certificates it signs for
 * {@code localhost} and {@code 127.0.0.1}, each with the serial number asked for, written as the files
 * an operator would have (PEM chain, PKCS#8 or PKCS#1 key, PKCS#12).
 */
public final class TestCertificates {

    /** A key pair and its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {}

    private final Issued ca;

    private TestCertificates(Issued ca) {
        this.ca = ca;
    }

    /** A new test CA (RSA). */
    public static TestCertificates newCa() {
        KeyPair keys = keyPair("RSA");
        return new TestCertificates(new Issued(keys, sign(keys, keys, "CN=patgate test CA", BigInteger.ONE, true)));
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /**
     * A server certificate for localhost and 127.0.0.1, signed by this CA.
     *
     * @param algorithm {@code RSA} or {@code EC}
     */
    public Issued server(String algorithm, long serial) {
        KeyPair keys = keyPair(algorithm);
        return new Issued(keys, sign(keys, ca.keys(), "CN=localhost", BigInteger.valueOf(serial), false));
    }

    /** An SSL context that trusts this CA only. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the chain (the server's certificate, then the CA's) as PEM. */
    public void writeChain(Issued server, Path file) throws IOException {
        Files.writeString(
                file,
                pem("CERTIFICATE", encoded(server.certificate())) + pem("CERTIFICATE", encoded(ca.certificate())));
    }

    /** Writes the private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public static void writePkcs8(Issued server, Path file) throws IOException {
        Files.writeString(file, pem("PRIVATE KEY", server.keys().getPrivate().getEncoded()));
    }

    /** Writes an RSA private key as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}). */
    public static void writePkcs1(Issued server, Path file) throws IOException {
        byte[] pkcs1 = PrivateKeyInfo.getInstance(server.keys().getPrivate().getEncoded())
                .parsePrivateKey()
                .toASN1Primitive()
                .getEncoded();
        Files.writeString(file, pem("RSA PRIVATE KEY", pkcs1));
    }

    /** Writes the key and chain as a PKCS#12 file protected by {@code password}. */
    public void writePkcs12(Issued server, Path file, String password) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", server.keys().getPrivate(), password.toCharArray(), new Certificate[] {
                server.certificate(), ca.certificate()
            });
            store.store(out, password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(KeyPair subject, KeyPair issuer, String name, BigInteger serial, boolean ca) {
        Instant now = Instant.now();
        try {
            X500Name issuerName = ca ? new X500Name(name) : new X500Name("CN=patgate test CA");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuerName,
                    serial,
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))),
                    new X500Name(name),
                    subject.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!ca) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
            }
            String signature = issuer.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(issuer.getPrivate())));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
