package dev.patgate.gateway.observe;

import dev.patgate.gateway.api.MetricsServlet;
import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.MetricsConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The listener of {@code metrics.bind}: a small server of its own that serves only
 * {@value MetricsServlet#BIND_PATH} (404 for anything else), so that the metrics can be reached on
 * an address that the clients cannot reach, with no secret, or with the metrics secret when one is
 * set too.
 */
public final class MetricsListener implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private MetricsListener(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Reads the metrics secret from {@code metrics.token_file} or {@code metrics.token_env}.
     *
     * @return the secret, {@code null} when neither is set
     * @throws ConfigException naming the file or the variable (never the value) when it cannot be read or is empty
     */
    public static String secret(MetricsConfig config, Map<String, String> env) {
        String secret;
        String source;
        if (config.tokenFile() != null) {
            source = "metrics.token_file " + config.tokenFile();
            try {
                secret = Files.readString(Path.of(config.tokenFile()));
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(
                        source + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        } else if (config.tokenEnv() != null) {
            source = "metrics.token_env " + config.tokenEnv();
            secret = env.get(config.tokenEnv());
            if (secret == null) {
                throw new ConfigException(source + ": the variable is not set");
            }
        } else {
            return null;
        }
        secret = secret.strip();
        if (secret.length() < 16 || secret.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new ConfigException(source
                    + ": the secret must be at least 16 printable ASCII characters without spaces"
                    + " (e.g. openssl rand -hex 32)");
        }
        return secret;
    }

    /**
     * Starts the listener at {@code metrics.bind}.
     *
     * @param metrics the servlet to serve at {@value MetricsServlet#BIND_PATH}
     * @throws IOException when it cannot listen (the message names the address)
     */
    public static MetricsListener start(MetricsConfig config, MetricsServlet metrics) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("patgate-metrics");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.bindHost());
        connector.setPort(config.bindPort());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder("metrics", metrics), MetricsServlet.BIND_PATH);
        server.setHandler(context);
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // it did not start
            }
            throw new IOException("cannot listen on " + config.bind() + " (metrics.bind): " + e.getMessage(), e);
        }
        return new MetricsListener(server, connector);
    }

    /** {@code http://host:port} of the listener. */
    public URI uri() {
        String host = connector.getHost();
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + shown + ":" + connector.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(MetricsListener.class)
                    .warn("stopping the metrics listener: {}", e.toString());
        }
    }
}
