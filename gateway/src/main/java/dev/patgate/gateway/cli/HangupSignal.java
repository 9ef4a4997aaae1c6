package dev.patgate.gateway.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP, the Unix way of asking a daemon to re-read its files, through {@code sun.misc.Signal}
 * (module {@code jdk.unsupported}, present in every OpenJDK 17+). Reached by reflection, so that a
 * JVM or platform without it (no such class, or no {@code HUP} on Windows) just goes without: the
 * gateway then still reloads its users when the file changes.
 */
final class HangupSignal {

    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {}

    /**
     * Runs {@code action} on each SIGHUP, on the JVM's signal thread, instead of the default
     * (which ends the process).
     *
     * @return whether the handler is installed
     */
    static boolean onHangup(Runnable action) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object hup = signalType.getConstructor(String.class).newInstance("HUP");
            InvocationHandler calls = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    runQuietly(action);
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "patgate SIGHUP handler";
                default -> throw new UnsupportedOperationException(method.getName());
            };
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType}, calls);
            signalType.getMethod("handle", signalType, handlerType).invoke(null, hup, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.info(
                    "SIGHUP is not available here ({}); the user directory is reloaded when its file changes",
                    e.toString());
            return false;
        }
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("SIGHUP handling failed: {}", e.toString());
        }
    }
}
