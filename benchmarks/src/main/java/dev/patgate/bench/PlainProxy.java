package dev.patgate.bench;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.proxy.GatewayServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The baseline of the macro benchmark ({@code scripts/bench-macro.sh}): the gateway minus the token
 * filter. It starts the gateway's own {@link GatewayServer} with the routes, upstream settings and
 * identity signer of a gateway configuration, but in place of the token filter a filter that marks
 * every request as alice's without looking at it. The gateway's throughput divided by this one's is
 * the cost of the token filter (and its audit line) alone.
 *
 * <p>Never expose it: it forwards every request on a route as alice.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.patgate.bench.PlainProxy CONFIG PORT}.
 * {@code CONFIG} is a {@code gateway.yaml} (relative paths resolve against {@code PATGATE_HOME}, else
 * the working directory); {@code PORT} replaces {@code listen.port}. Runs until killed.
 */
public final class PlainProxy {

    /** The caller every request is forwarded as. */
    static final AuthenticatedToken ALICE = new AuthenticatedToken("alice", "bench", List.of(), null);

    private PlainProxy() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: PlainProxy CONFIG PORT");
            System.exit(2);
        }
        String homeVariable = System.getenv(ConfigLoader.HOME_VARIABLE);
        Path home = Path.of(homeVariable == null || homeVariable.isBlank() ? "." : homeVariable)
                .toAbsolutePath();
        GatewayConfig config = ConfigLoader.load(Path.of(args[0]), home, System.getenv());
        config = config.withListen(config.listen().withPort(Integer.parseInt(args[1])));

        GatewayServer server = GatewayServer.start(
                config.listen(),
                config.upstream(),
                config.routes(),
                new MarkAsAlice(),
                Gateway.identity(config, Clock.systemUTC()));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "plain-proxy-shutdown"));
        System.err.println("plain proxy (no token filter) on " + server.uri() + " -> "
                + config.upstream().url());
        server.join();
    }

    /** Lets every request through as {@link #ALICE}. */
    static final class MarkAsAlice implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            request.setAttribute(AuthenticatedToken.ATTRIBUTE, ALICE);
            chain.doFilter(request, response);
        }
    }
}
