package dev.patgate.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.TlsConfig;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the certificate and key files, and noticing a renewal, without a server. */
class KeyMaterialTest {

    private static TestCertificates ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCa() {
        ca = TestCertificates.newCa();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "EC"})
    void readWhenPemChainAndPkcs8KeyThenTheServersCertificateFirst(String algorithm) throws Exception {
        TestCertificates.Issued server = ca.server(algorithm, 41);
        TlsConfig tls = pem(server);

        KeyMaterial material = KeyMaterial.read(tls, Map.of());

        assertThat(material.certificate().getSerialNumber()).isEqualTo(BigInteger.valueOf(41));
        KeyStore.PrivateKeyEntry entry = (KeyStore.PrivateKeyEntry) material.keyStore()
                .getEntry(KeyMaterial.ALIAS, new KeyStore.PasswordProtection(KeyMaterial.STORE_PASSWORD.toCharArray()));
        assertThat(entry.getPrivateKey().getAlgorithm()).isEqualTo(algorithm);
        assertThat(entry.getCertificateChain()).hasSize(2);
    }

    @Test
    void readWhenPkcs1RsaKeyThenRewrappedAndRead() throws Exception {
        TestCertificates.Issued server = ca.server("RSA", 42);
        TlsConfig tls = pem(server);
        TestCertificates.writePkcs1(server, Path.of(tls.key()));

        assertThat(Files.readString(Path.of(tls.key()))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(KeyMaterial.read(tls, Map.of()).certificate().getSerialNumber())
                .isEqualTo(BigInteger.valueOf(42));
    }

    @Test
    void readWhenPkcs12WithPasswordFileThenItsOneKeyIsRead() throws Exception {
        TestCertificates.Issued server = ca.server("EC", 43);
        Path p12 = dir.resolve("server.p12");
        ca.writePkcs12(server, p12, "p12-secret");
        Path password = Files.writeString(dir.resolve("p12.pass"), "p12-secret\n");

        KeyMaterial material = KeyMaterial.read(TlsConfig.pkcs12(p12, password), Map.of());

        assertThat(material.certificate().getSerialNumber()).isEqualTo(BigInteger.valueOf(43));
    }

    @Test
    void readWhenPkcs12PasswordFromEnvironmentThenRead() throws Exception {
        TestCertificates.Issued server = ca.server("RSA", 44);
        Path p12 = dir.resolve("server.p12");
        ca.writePkcs12(server, p12, "from-env");
        TlsConfig tls = new TlsConfig(null, null, p12.toString(), "P12_PASSWORD", null, false, null);

        KeyMaterial material = KeyMaterial.read(tls, Map.of("P12_PASSWORD", "from-env"));

        assertThat(material.certificate().getSerialNumber()).isEqualTo(BigInteger.valueOf(44));
    }

    @Test
    void readWhenPkcs12PasswordWrongThenOneLineWithoutThePassword() throws Exception {
        Path p12 = dir.resolve("server.p12");
        ca.writePkcs12(ca.server("RSA", 45), p12, "right");
        Path password = Files.writeString(dir.resolve("p12.pass"), "wrong-password");

        assertThatThrownBy(() -> KeyMaterial.read(TlsConfig.pkcs12(p12, password), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listen.tls.pkcs12: " + p12 + ": cannot be read (a wrong password, or not a PKCS#12 file)");
    }

    @Test
    void readWhenKeyIsAnotherCertificatesThenRefused() throws Exception {
        TlsConfig tls = pem(ca.server("RSA", 46));
        TestCertificates.writePkcs8(ca.server("RSA", 47), Path.of(tls.key()));

        assertThatThrownBy(() -> KeyMaterial.read(tls, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listen.tls.key: " + tls.key() + ": this key does not belong to the first certificate of "
                        + tls.cert());
    }

    @Test
    void readWhenKeyEncryptedOrSec1ThenRefusedWithTheConversion() throws Exception {
        TlsConfig tls = pem(ca.server("EC", 48));
        Files.writeString(Path.of(tls.key()), TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> KeyMaterial.read(tls, Map.of()))
                .hasMessageContaining("the key is encrypted; convert it with: openssl pkcs8 -topk8 -nocrypt");

        Files.writeString(Path.of(tls.key()), TestCertificates.pem("EC PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> KeyMaterial.read(tls, Map.of()))
                .hasMessageContaining("EC PRIVATE KEY is not read; convert it with: openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void readWhenFilesMissingOrEmptyThenTheFieldIsNamed() throws Exception {
        TlsConfig tls = pem(ca.server("RSA", 49));
        Files.writeString(Path.of(tls.cert()), "not a certificate\n");
        assertThatThrownBy(() -> KeyMaterial.read(tls, Map.of()))
                .hasMessageStartingWith("listen.tls.cert: " + tls.cert() + ": no certificate");

        Files.delete(Path.of(tls.key()));
        assertThatThrownBy(() -> KeyMaterial.read(tls, Map.of()))
                .hasMessage("listen.tls.key: " + tls.key() + ": no such file");
    }

    @Test
    void checkWhenFilesRenewedThenServedAndAHalfDoneRenewalKeepsTheOld() throws Exception {
        TlsConfig tls = pem(ca.server("RSA", 50));
        ServerCertificate certificate = ServerCertificate.load(tls, Map.of());
        certificate.sslContextFactory().start();
        try {
            assertThat(certificate.check()).isFalse();

            TestCertificates.Issued renewed = ca.server("EC", 51);
            ca.writeChain(renewed, Path.of(tls.cert()));
            assertThat(certificate.check()).as("new certificate, old key").isFalse();
            assertThat(certificate.certificate().getSerialNumber()).isEqualTo(BigInteger.valueOf(50));

            TestCertificates.writePkcs8(renewed, Path.of(tls.key()));
            assertThat(certificate.check()).isTrue();
            assertThat(certificate.certificate().getSerialNumber()).isEqualTo(BigInteger.valueOf(51));
            assertThat(certificate.check()).isFalse();
        } finally {
            certificate.sslContextFactory().stop();
        }
    }

    private TlsConfig pem(TestCertificates.Issued server) throws Exception {
        Path cert = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        ca.writeChain(server, cert);
        TestCertificates.writePkcs8(server, key);
        return TlsConfig.pem(cert, key);
    }
}
