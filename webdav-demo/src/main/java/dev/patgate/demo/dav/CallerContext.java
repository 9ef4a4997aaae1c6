package dev.patgate.demo.dav;

import java.util.Optional;

/** The caller of the request being handled on this thread, for milton's resource factory and property sources. */
final class CallerContext {

    private static final ThreadLocal<DavLocator> CALLER = new ThreadLocal<>();

    private CallerContext() {}

    /** Runs {@code action} with {@code caller} as the caller, clearing it afterwards. */
    static void runAs(DavLocator caller, Runnable action) {
        CALLER.set(caller);
        try {
            action.run();
        } finally {
            CALLER.remove();
        }
    }

    /** The caller's paths and URLs; empty outside {@link #runAs}. */
    static Optional<DavLocator> current() {
        return Optional.ofNullable(CALLER.get());
    }

    /** @throws IllegalStateException outside {@link #runAs} */
    static String login() {
        return locator().login();
    }

    /** @throws IllegalStateException outside {@link #runAs} */
    static DavLocator locator() {
        return current().orElseThrow(() -> new IllegalStateException("no caller on this thread"));
    }
}
