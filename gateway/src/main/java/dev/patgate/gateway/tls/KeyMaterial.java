package dev.patgate.gateway.tls;

import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's certificate chain and private key, read from the files {@code listen.tls} names, as an
 * in-memory key store for Jetty. PEM is read with the JDK alone: certificates with
 * {@link CertificateFactory}, keys with {@link KeyFactory} from PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA,
 * EC, EdDSA) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, rewrapped as PKCS#8). Encrypted PEM keys and
 * SEC1 EC keys ({@code BEGIN EC PRIVATE KEY}) are refused with the command that converts them.
 *
 * <p>The key must belong to the first certificate: a renewal that has replaced one file and not yet
 * the other is refused, and the files are read again at the next check.
 *
 * @param keyStore holds one entry, {@link #ALIAS}, protected by {@link #STORE_PASSWORD}
 * @param certificate the server's certificate (the chain's first)
 * @param fingerprint SHA-256 of the files' bytes, to notice a change
 */
record KeyMaterial(KeyStore keyStore, X509Certificate certificate, String fingerprint) {

    static final String ALIAS = "patgate";
    /** Protects the in-memory store only, which is never written anywhere. */
    static final String STORE_PASSWORD = "patgate-in-memory";

    private static final Pattern CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*)-----END CERTIFICATE-----");
    private static final Pattern KEY =
            Pattern.compile("-----BEGIN ([A-Z ]*PRIVATE KEY)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    /**
     * The files' fingerprint, without parsing them: what a check compares first.
     *
     * @throws ConfigException when a file cannot be read
     */
    static String fingerprint(TlsConfig tls) {
        MessageDigest digest = sha256();
        for (Path file : files(tls)) {
            byte[] bytes = read(file, field(tls, file));
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Reads the files.
     *
     * @param env the environment, for {@code password_env}
     * @throws ConfigException naming the field and the file, never a password or key material
     */
    static KeyMaterial read(TlsConfig tls, Map<String, String> env) {
        String fingerprint = fingerprint(tls);
        List<Certificate> chain;
        PrivateKey key;
        if (tls.pkcs12() != null) {
            Path file = Path.of(tls.pkcs12());
            KeyStore.PrivateKeyEntry entry = pkcs12(file, password(tls, env));
            chain = List.of(entry.getCertificateChain());
            key = entry.getPrivateKey();
        } else {
            chain = certificates(Path.of(tls.cert()));
            key = privateKey(Path.of(tls.key()));
            if (!matches(key, (X509Certificate) chain.get(0))) {
                throw new ConfigException("listen.tls.key: " + tls.key()
                        + ": this key does not belong to the first certificate of " + tls.cert());
            }
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, STORE_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            return new KeyMaterial(store, (X509Certificate) chain.get(0), fingerprint);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("listen.tls: the key and certificate cannot be used together ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The serial number, in hexadecimal, and the end of validity: for log lines. */
    String describe() {
        return "serial " + certificate.getSerialNumber().toString(16) + ", subject "
                + certificate.getSubjectX500Principal().getName() + ", valid until "
                + certificate.getNotAfter().toInstant();
    }

    private static List<Path> files(TlsConfig tls) {
        if (tls.pkcs12() != null) {
            return tls.passwordFile() == null
                    ? List.of(Path.of(tls.pkcs12()))
                    : List.of(Path.of(tls.pkcs12()), Path.of(tls.passwordFile()));
        }
        return List.of(Path.of(tls.cert()), Path.of(tls.key()));
    }

    private static String field(TlsConfig tls, Path file) {
        String name = file.toString();
        if (name.equals(tls.cert())) {
            return "cert";
        }
        if (name.equals(tls.key())) {
            return "key";
        }
        return name.equals(tls.pkcs12()) ? "pkcs12" : "password_file";
    }

    static List<Certificate> certificates(Path file) {
        String text = new String(read(file, "cert"), StandardCharsets.US_ASCII);
        List<Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher block = CERTIFICATE.matcher(text);
            while (block.find()) {
                byte[] der = Base64.getMimeDecoder().decode(block.group(1));
                chain.add(factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ConfigException("listen.tls.cert: " + file + ": a certificate cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (chain.isEmpty()) {
            throw new ConfigException("listen.tls.cert: " + file
                    + ": no certificate (a PEM file with -----BEGIN CERTIFICATE----- blocks, the server's first)");
        }
        return chain;
    }

    static PrivateKey privateKey(Path file) {
        String text = new String(read(file, "key"), StandardCharsets.US_ASCII);
        Matcher block = KEY.matcher(text);
        if (!block.find()) {
            throw new ConfigException(
                    "listen.tls.key: " + file + ": no private key (a PEM file with -----BEGIN PRIVATE KEY-----)");
        }
        String label = block.group(1);
        String body = block.group(2);
        String convert = "; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8";
        if (label.equals("ENCRYPTED PRIVATE KEY") || body.contains("ENCRYPTED")) {
            throw new ConfigException("listen.tls.key: " + file + ": the key is encrypted" + convert
                    + " (or use a PKCS#12 file with a password)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("listen.tls.key: " + file + ": the key is not valid base64");
        }
        if (label.equals("RSA PRIVATE KEY")) {
            der = sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, derOf(0x04, der)));
        } else if (!label.equals("PRIVATE KEY")) {
            throw new ConfigException("listen.tls.key: " + file + ": " + label + " is not read" + convert);
        }
        for (String algorithm : List.of("RSA", "EC", "EdDSA", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // not this algorithm: try the next
            }
        }
        throw new ConfigException("listen.tls.key: " + file + ": not an RSA, EC or EdDSA private key");
    }

    private static KeyStore.PrivateKeyEntry pkcs12(Path file, char[] password) {
        byte[] bytes = read(file, "pkcs12");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw new ConfigException("listen.tls.pkcs12: " + file + ": holds " + keys.size()
                        + " private keys; it must hold exactly one, with its certificate chain");
            }
            KeyStore.Entry entry = store.getEntry(keys.get(0), new KeyStore.PasswordProtection(password));
            if (!(entry instanceof KeyStore.PrivateKeyEntry privateKey)) {
                throw new ConfigException("listen.tls.pkcs12: " + file + ": the key entry has no certificate");
            }
            return privateKey;
        } catch (IOException e) {
            throw new ConfigException(
                    "listen.tls.pkcs12: " + file + ": cannot be read (a wrong password, or not a PKCS#12 file)");
        } catch (GeneralSecurityException e) {
            throw new ConfigException("listen.tls.pkcs12: " + file + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static char[] password(TlsConfig tls, Map<String, String> env) {
        if (tls.passwordEnv() != null) {
            String value = env.get(tls.passwordEnv());
            if (value == null) {
                throw new ConfigException(
                        "listen.tls.password_env names " + tls.passwordEnv() + ", which is not set in the environment");
            }
            return value.toCharArray();
        }
        if (tls.passwordFile() != null) {
            String text = new String(read(Path.of(tls.passwordFile()), "password_file"), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
        }
        return new char[0];
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "patgate key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] read(Path file, String field) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("listen.tls." + field + ": " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("listen.tls." + field + ": " + file + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] sequence(byte[] content) {
        return derOf(0x30, content);
    }

    /** A DER element: tag, definite length, content. */
    private static byte[] derOf(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
