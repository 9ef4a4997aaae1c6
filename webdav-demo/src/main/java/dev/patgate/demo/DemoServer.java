package dev.patgate.demo;

import dev.patgate.demo.cells.CellsAccounts;
import dev.patgate.demo.cells.CellsApiServlet;
import dev.patgate.demo.cells.CellsAuthFilter;
import dev.patgate.demo.dav.DavServlet;
import dev.patgate.demo.identity.IdentityFilter;
import dev.patgate.demo.identity.IdentityVerifier;
import dev.patgate.demo.rest.RestServlet;
import dev.patgate.demo.store.NodeStore;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The demo backend: WebDAV under {@code /dav/} and the Cells-like REST API under {@code /a/} and
 * {@code /n/}, on one embedded Jetty, all behind the gateway identity check.
 *
 * <p>Start it in code with {@link #start(DemoConfig)} (port 0 for an ephemeral one) and stop it with
 * {@link #close()}; or from the command line, see {@link #main}.
 */
public final class DemoServer implements AutoCloseable {

    /** The file in the data directory where the Cells stand-in keeps its users and tokens. */
    public static final String CELLS_STATE_FILE = "cells-standin.json";

    private final Server server;
    private final URI uri;
    private final CellsAccounts cells;

    private DemoServer(Server server, URI uri, CellsAccounts cells) {
        this.server = server;
        this.uri = uri;
        this.cells = cells;
    }

    /**
     * Opens the store in the configured data directory and starts listening.
     *
     * @throws IOException when the data directory cannot be used or the server cannot listen
     */
    public static DemoServer start(DemoConfig config) throws IOException {
        NodeStore store = NodeStore.open(config.dataDir());
        CellsAccounts cells = config.auth() == DemoConfig.Auth.CELLS
                ? CellsAccounts.open(
                        config.dataDir().resolve(CELLS_STATE_FILE), config.adminTokenFile(), config.clock())
                : null;

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("webdav-demo");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // behind the gateway, links in WebDAV answers must name the gateway, not this server
        http.addCustomizer(new ForwardedRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setErrorHandler(quietErrors(new ErrorHandler()));

        ServletContextHandler context = new ServletContextHandler("/");
        context.setErrorHandler(quietErrors(new org.eclipse.jetty.ee10.servlet.ErrorHandler()));
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        if (config.requestListener() != null) {
            context.addFilter(new FilterHolder(new RecordingFilter(config.requestListener())), "/*", requests);
        }
        if (cells == null) {
            IdentityVerifier verifier = new IdentityVerifier(config.identityKey(), config.clock());
            context.addFilter(new FilterHolder(new IdentityFilter(verifier)), "/*", requests);
        } else {
            context.addFilter(new FilterHolder(new CellsAuthFilter(cells)), "/*", requests);
            ServletHolder cellsApi = new ServletHolder("cells-api", new CellsApiServlet(cells, store));
            context.addServlet(cellsApi, "/a/auth/*");
            context.addServlet(cellsApi, "/a/user/*");
        }
        context.addServlet(new ServletHolder("dav", new DavServlet(store, config.clock())), DavServlet.PREFIX + "/*");
        ServletHolder rest = new ServletHolder("rest", new RestServlet(store, config.restAnswerListener()));
        context.addServlet(rest, "/a/*");
        context.addServlet(rest, "/n/*");
        server.setHandler(context);

        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return new DemoServer(server, URI.create("http://" + host + ":" + connector.getLocalPort() + "/"), cells);
    }

    private static <T extends ErrorHandler> T quietErrors(T handler) {
        handler.setShowStacks(false);
        handler.setShowCauses(false);
        handler.setShowMessageInTitle(false);
        return handler;
    }

    /**
     * The Cells stand-in's users and tokens (admin token, add/lock/unlock/delete users, mint tokens).
     *
     * @throws IllegalStateException when the server does not run in {@link DemoConfig.Auth#CELLS} mode
     */
    public CellsAccounts cells() {
        if (cells == null) {
            throw new IllegalStateException("webdav-demo does not run with --auth cells");
        }
        return cells;
    }

    /** The port actually listened on (the ephemeral one when the config said 0). */
    public int port() {
        return uri.getPort();
    }

    /** The base URI, e.g. {@code http://127.0.0.1:8081/}. */
    public URI uri() {
        return uri;
    }

    /** The WebDAV root, e.g. {@code http://127.0.0.1:8081/dav/}. */
    public URI davUri() {
        return uri.resolve("dav/");
    }

    /** Waits until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the server; in-flight requests are cut off. Idempotent. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the server", e);
        }
    }

    /**
     * {@code java -jar patgate-webdav-demo-0.1.0-SNAPSHOT-all.jar [--host 127.0.0.1] [--port 8081]
     * --data DIR (--identity-key FILE | --auth cells [--admin-token-file FILE])}. Prints one line once listening; stops on SIGTERM or Ctrl-C.
     * Exits with 2 for a bad command line and 1 when the key or the data directory cannot be used,
     * after one line on standard error.
     */
    public static void main(String[] args) throws InterruptedException {
        if (CommandLine.wantsHelp(args)) {
            System.out.println(CommandLine.USAGE);
            return;
        }
        CommandLine.Options options;
        try {
            options = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            fail(2, e.getMessage() + "\n" + CommandLine.USAGE);
            return;
        }
        DemoConfig config;
        try {
            DemoConfig.Builder builder = DemoConfig.builder()
                    .host(options.host())
                    .port(options.port())
                    .dataDir(options.dataDir())
                    .auth(options.auth());
            if (options.auth() == DemoConfig.Auth.CELLS) {
                builder.adminTokenFile(options.adminTokenFile());
            } else {
                builder.identityKeyFile(options.identityKeyFile());
            }
            config = builder.build();
        } catch (NoSuchFileException e) {
            fail(1, "identity key file not found: " + options.identityKeyFile());
            return;
        } catch (IOException | IllegalArgumentException e) {
            fail(1, "cannot read the identity key: " + e.getMessage());
            return;
        }
        DemoServer server;
        try {
            server = start(config);
        } catch (IOException | UncheckedIOException e) {
            fail(1, e.getMessage());
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "webdav-demo-shutdown"));
        if (server.cells != null) {
            System.out.println("webdav-demo (Cells stand-in) listening on " + server.davUri()
                    + (options.adminTokenFile() == null ? "" : "; admin token in " + options.adminTokenFile()));
        } else {
            System.out.println("webdav-demo listening on " + server.davUri());
        }
        server.join();
    }

    private static void fail(int status, String message) {
        System.err.println("webdav-demo: " + message);
        System.exit(status);
    }
}
