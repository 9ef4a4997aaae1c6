package dev.patgate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.patgate.time.ClockTickers;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Counts failed authentications per client address group and per login tried, and answers how long
 * each must wait, with a delay that doubles with every failure past a free allowance and is capped
 * (the shape of Nextcloud's brute-force throttle; patgate answers 429 with {@code Retry-After}
 * instead of holding the connection).
 *
 * <p>The limiter only keeps accounts; the caller decides what a wait means. The token filter checks a
 * credential first and consults the limiter only when the credential failed, so a valid token is
 * never refused for its neighbours' failures.
 * The password check consults it before the slow hash, since a password has little entropy.
 *
 * <p>An IPv4 client is its own group; an IPv6 client is grouped with its /64, which one host or one
 * site usually holds whole; an IPv4-mapped IPv6 address counts as its IPv4 address. The address is
 * parsed as a literal (never looked up in DNS); a string that is not one counts as itself.
 *
 * <p>Bounded: at most {@value #MAX_TRACKED} groups and as many logins are tracked, the least
 * recently failed dropped first; a count is forgotten {@link Policy#forgetAfter()} after its last
 * failure. A login is kept as a hash ({@link #loginKey}). Time comes from the given clock. Thread-safe.
 *
 * <p>Made with {@code new}, a limiter counts in this instance's memory only (the filter used on its
 * own). Made by {@link SharedFailures#limiter}, it also shares its counts with the other instances
 * on the same store: it still decides in memory only, on its own counts merged with everyone's as
 * last read.
 */
public final class FailureLimiter {

    /** How many address groups, and how many logins, are tracked at most. */
    public static final int MAX_TRACKED = 100_000;

    /**
     * Characters of a login (or of an address that is not a literal) kept as its key: a longer one is
     * counted under its first {@value} characters, so that made-up names of header size cannot make
     * the accounts large. Real logins are at most 64 characters.
     */
    static final int MAX_KEY_LENGTH = 128;

    /**
     * What failures cost.
     *
     * @param freeFailures failures that cost no wait (a mistyped password, a client that probes
     *        before it sends its credential); 0 makes the first failure count
     * @param baseDelay the wait after the first failure past the free ones; each further failure doubles it
     * @param maxDelay the longest wait, however many failures
     * @param forgetAfter how long after its last failure a count is dropped; at least {@code maxDelay}
     */
    public record Policy(int freeFailures, Duration baseDelay, Duration maxDelay, Duration forgetAfter) {

        /** 10 free failures, then 1 s, 2 s, 4 s ... up to 30 s; forgotten after 15 min without a failure. */
        public static final Policy DEFAULT =
                new Policy(10, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15));

        public Policy {
            if (freeFailures < 0) {
                throw new IllegalArgumentException("free failures must not be negative");
            }
            Objects.requireNonNull(baseDelay, "base delay must not be null");
            Objects.requireNonNull(maxDelay, "max delay must not be null");
            Objects.requireNonNull(forgetAfter, "forget after must not be null");
            if (baseDelay.isZero() || baseDelay.isNegative()) {
                throw new IllegalArgumentException("base delay must be positive");
            }
            if (maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("max delay must not be shorter than base delay");
            }
            if (forgetAfter.compareTo(maxDelay) < 0) {
                throw new IllegalArgumentException("forget after must not be shorter than max delay");
            }
        }

        /**
         * The wait after the {@code failures}-th failure: none up to {@link #freeFailures()}, then
         * {@code baseDelay × 2^(failures − freeFailures − 1)}, at most {@link #maxDelay()}.
         */
        public Duration delayAfter(long failures) {
            long past = failures - freeFailures;
            if (past <= 0) {
                return Duration.ZERO;
            }
            if (past > 62) {
                return maxDelay;
            }
            long factor = 1L << (past - 1);
            long baseNanos = baseDelay.toNanos();
            if (baseNanos > maxDelay.toNanos() / factor) {
                return maxDelay;
            }
            return Duration.ofNanos(baseNanos * factor);
        }
    }

    /** Told of each failure counted, to share it with other instances; nothing when not shared. */
    interface Sink {
        Sink NONE = (kind, subject, at) -> {};

        void counted(String kind, String subject, Instant at);
    }

    private final Clock clock;
    private final Policy policy;
    private final String name;
    private final Sink sink;
    private final Cache<String, Account> addresses;
    private final Cache<String, Account> logins;
    /** When this instance last counted a failure itself; {@code null} before the first. */
    private volatile Instant lastCounted;

    /** A limiter that counts in this instance's memory only. */
    public FailureLimiter(Clock clock, Policy policy) {
        this(clock, policy, null, Sink.NONE);
    }

    /**
     * A limiter whose failures are also told to {@code sink} under the kinds {@code name.address} and
     * {@code name.login} ({@link SharedFailures}).
     */
    FailureLimiter(Clock clock, Policy policy, String name, Sink sink) {
        this.clock = Objects.requireNonNull(clock);
        this.policy = Objects.requireNonNull(policy);
        this.name = name;
        this.sink = Objects.requireNonNull(sink);
        this.addresses = accounts(clock, policy);
        this.logins = accounts(clock, policy);
    }

    /** Each account lives until {@code forgetAfter} after its last failure, here or (when shared) anywhere. */
    private static Cache<String, Account> accounts(Clock clock, Policy policy) {
        long keepNanos = policy.forgetAfter().toNanos();
        return Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED)
                .expireAfter(new Expiry<String, Account>() {
                    @Override
                    public long expireAfterCreate(String key, Account account, long currentTime) {
                        return left(account);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Account account, long currentTime, long currentDuration) {
                        return left(account);
                    }

                    @Override
                    public long expireAfterRead(String key, Account account, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    private long left(Account account) {
                        long since = Duration.between(account.lastFailure(), clock.instant())
                                .toNanos();
                        return Math.max(0, keepNanos - Math.max(0, since));
                    }
                })
                .ticker(ClockTickers.of(clock))
                .build();
    }

    public Policy policy() {
        return policy;
    }

    /**
     * The wait still owed by the client's address group or by the login, whichever is longer.
     *
     * @param client the client's address as a literal ({@code 192.0.2.1}, {@code 2001:db8::1})
     * @param login the login tried, or {@code null} when none is known
     * @return a {@link Refusal.RateLimited} with the seconds left (rounded up), or {@code null} when
     *         neither has to wait
     */
    public Refusal.RateLimited blocked(String client, String login) {
        Instant now = clock.instant();
        Instant until =
                later(blockedUntil(addresses, addressGroup(client), now), blockedUntil(logins, loginKey(login), now));
        if (until == null) {
            return null;
        }
        return Refusal.rateLimited(secondsUntil(now, until));
    }

    /** Counts one failure against the client's address group and against {@code login} (if not {@code null}). */
    public void recordFailure(String client, String login) {
        Instant now = clock.instant();
        lastCounted = now;
        String group = addressGroup(client);
        count(addresses, group, now);
        sink.counted(kind(ADDRESS), group, now);
        if (login != null) {
            String key = loginKey(login);
            count(logins, key, now);
            sink.counted(kind(LOGIN), key, now);
        }
    }

    /** The account kinds this limiter shares, or {@code null} for a limiter that does not. */
    String kind(String account) {
        return name == null ? null : name + "." + account;
    }

    static final String ADDRESS = "address";
    static final String LOGIN = "login";

    /**
     * Whether this instance counted a failure less than {@code maxDelay} ago: only then are the other
     * instances' counts read back. After that every wait it gave has ended, and the next failure here
     * starts the reads again.
     */
    boolean counting() {
        Instant last = lastCounted;
        return last != null && clock.instant().isBefore(last.plus(policy.maxDelay()));
    }

    /**
     * Takes in a count from the other instances: {@code failures} in all (theirs and this
     * instance's), the latest at {@code lastFailure}. The account keeps the larger count and the later
     * wait: the one {@code failures} earned from {@code lastFailure}. A count already forgotten, or of
     * a kind this limiter does not keep, changes nothing.
     */
    void merge(String kind, String subject, long failures, Instant lastFailure) {
        Cache<String, Account> accounts;
        if (kind.equals(kind(ADDRESS))) {
            accounts = addresses;
        } else if (kind.equals(kind(LOGIN))) {
            accounts = logins;
        } else {
            return;
        }
        if (!clock.instant().isBefore(lastFailure.plus(policy.forgetAfter()))) {
            return;
        }
        Instant until = lastFailure.plus(policy.delayAfter(failures));
        accounts.asMap().compute(subject, (k, old) -> {
            if (old == null) {
                return new Account(failures, until, lastFailure);
            }
            if (old.failures() >= failures
                    && !until.isAfter(old.blockedUntil())
                    && !lastFailure.isAfter(old.lastFailure())) {
                return old;
            }
            return new Account(
                    Math.max(old.failures(), failures),
                    later(old.blockedUntil(), until),
                    later(old.lastFailure(), lastFailure));
        });
    }

    /** How many failures are counted now against the client's address group (for tests and metrics). */
    public long failuresOf(String client) {
        Account account = addresses.getIfPresent(addressGroup(client));
        return account == null ? 0 : account.failures();
    }

    /** How many failures are counted now against {@code login} (for tests and metrics). */
    public long failuresOfLogin(String login) {
        Account account = logins.getIfPresent(loginKey(login));
        return account == null ? 0 : account.failures();
    }

    /**
     * The key the failures of {@code address} are counted under: an IPv4 address itself, an IPv6
     * address's /64 ({@code 2001:db8:0:1::/64}), an IPv4-mapped IPv6 address as IPv4. Brackets around
     * an IPv6 literal and a zone id are accepted. Never a DNS lookup: a string that is not an address
     * literal is its own key (its first {@value #MAX_KEY_LENGTH} characters).
     */
    public static String addressGroup(String address) {
        if (address == null || address.isEmpty()) {
            return "-";
        }
        String literal = address;
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        try {
            byte[] v4 = ipv4(literal);
            if (v4 != null) {
                return InetAddress.getByAddress(v4).getHostAddress();
            }
            if (literal.indexOf(':') >= 0 && isIpv6Literal(literal)) {
                // a literal with a colon is parsed, never looked up
                return addressGroup(InetAddress.getByName(literal));
            }
        } catch (UnknownHostException | SecurityException e) {
            // not an address after all: counted as itself
        }
        return truncated(address);
    }

    /**
     * The key a login's failures are counted under: the SHA-256 of its first {@value #MAX_KEY_LENGTH}
     * characters, base64url without padding (43 characters). Hashed so that the shared table, and a
     * heap dump, do not hold in plain what a user typed as a login, which is sometimes a password.
     * It is not a secret-proof hash: a login can be guessed and checked against it.
     */
    static String loginKey(String login) {
        if (login == null) {
            return null;
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(truncated(login).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String truncated(String key) {
        return key.length() <= MAX_KEY_LENGTH ? key : key.substring(0, MAX_KEY_LENGTH);
    }

    /** {@link #addressGroup(String)} for an address already parsed. */
    public static String addressGroup(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(bytes, 8, 16, (byte) 0);
            try {
                return compress(InetAddress.getByAddress(bytes).getHostAddress()) + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an IPv6 address", e);
            }
        }
        return address.getHostAddress();
    }

    /** Four decimal octets 0-255 without leading zeros ({@code 010} is ambiguous), else {@code null}. */
    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** Hex digits, colons, dots (an embedded IPv4) and a numeric zone id: what InetAddress parses without DNS. */
    private static boolean isIpv6Literal(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F')
                    || c == ':'
                    || c == '.'
                    || c == '%';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code 2001:db8:0:1:0:0:0:0} → {@code 2001:db8:0:1::} (the trailing zeros of a /64 prefix). */
    private static String compress(String full) {
        String trimmed = full;
        while (trimmed.endsWith(":0")) {
            trimmed = trimmed.substring(0, trimmed.length() - 2);
        }
        if (trimmed.equals(full)) {
            return full;
        }
        return trimmed.equals("0") ? "::" : trimmed + "::";
    }

    private Instant blockedUntil(Cache<String, Account> accounts, String key, Instant now) {
        if (key == null) {
            return null;
        }
        Account account = accounts.getIfPresent(key);
        return account != null && now.isBefore(account.blockedUntil()) ? account.blockedUntil() : null;
    }

    private void count(Cache<String, Account> accounts, String key, Instant now) {
        accounts.asMap().compute(key, (k, old) -> {
            long failures = old == null ? 1 : old.failures() + 1;
            Instant until = now.plus(policy.delayAfter(failures));
            if (old != null && old.blockedUntil().isAfter(until)) {
                until = old.blockedUntil();
            }
            return new Account(failures, until, old == null ? now : later(old.lastFailure(), now));
        });
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static long secondsUntil(Instant now, Instant until) {
        Duration left = Duration.between(now, until);
        return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
    }

    /** Failures since the count was last forgotten, the end of the wait they earned, and the latest. */
    private record Account(long failures, Instant blockedUntil, Instant lastFailure) {}
}
