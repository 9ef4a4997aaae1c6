package dev.patgate.demo.dav;

import java.util.Optional;

/** The verified login of the request being handled on this thread, for milton's resource factory. */
final class CallerContext {

    private static final ThreadLocal<String> LOGIN = new ThreadLocal<>();

    private CallerContext() {
    }

    /** Runs {@code action} with {@code login} as the caller, clearing it afterwards. */
    static void runAs(String login, Runnable action) {
        LOGIN.set(login);
        try {
            action.run();
        } finally {
            LOGIN.remove();
        }
    }

    static Optional<String> current() {
        return Optional.ofNullable(LOGIN.get());
    }

    /** @throws IllegalStateException outside {@link #runAs} */
    static String login() {
        return current().orElseThrow(() -> new IllegalStateException("no caller on this thread"));
    }
}
