package io.github.inventorycallback.function.fakes;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server certificate for 127.0.0.1, made by the JDK's keytool (RSA 2048 and SHA-256, as Step Functions' own), for
 * a stub that speaks TLS, and the JVM options that make another JVM trust it as it trusts its CA certificates.
 */
public final class TlsCertificate {
    private static final String PASSWORD = "stub-only";
    private final Path keyStore;

    private TlsCertificate(Path keyStore) {
        this.keyStore = keyStore;
    }

    /** Generates a key and its self-signed certificate, valid for two days, into {@code dir}. */
    public static TlsCertificate generate(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("stub.p12");
        Files.deleteIfExists(keyStore);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "stub", "-keyalg", "RSA",
                "-keysize", "2048", "-sigalg", "SHA256withRSA", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool could not make the stub's certificate: " + output);
        }
        return new TlsCertificate(keyStore);
    }

    /** The server side: this key and certificate. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /**
     * Options for a client JVM: this certificate as its trust store instead of the JDK's CA certificates, read
     * through the same default trust manager (whose path, parsing included, is what a function pays).
     */
    public List<String> trustingFlags() {
        return trustingProperties().entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
    }

    /** The same as system properties, for this JVM: set them before the TLS context is made, clear them after. */
    public Map<String, String> trustingProperties() {
        return Map.of("javax.net.ssl.trustStore", keyStore.toString(), "javax.net.ssl.trustStoreType", "PKCS12",
                "javax.net.ssl.trustStorePassword", PASSWORD);
    }
}
