package dev.patgate.demo.cells;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users and personal access tokens of the Cells stand-in, kept in a JSON file of the data
 * directory so that tokens survive a restart, as Cells' own do.
 *
 * <p>Tokens are random strings this class makes; only {@code sha256:<hex>} of each is kept. A token is
 * accepted while it has not expired and its owner exists and is not locked; each accepted use of a
 * sliding token ({@code AutoRefreshWindow > 0}) moves its expiry to now + window and writes the file,
 * as Cells writes its row. Every method is thread-safe; tests use the public ones to add, lock,
 * unlock and delete users and to mint tokens without HTTP.
 */
public final class CellsAccounts {

    /** The administrator seeded on first start. */
    public static final String ADMIN = "admin";
    /** A standard user seeded on first start. */
    public static final String ALICE = "alice";
    /** Another standard user seeded on first start. */
    public static final String BOB = "bob";
    /** The label of the stand-in's own admin token. */
    public static final String ADMIN_TOKEN_LABEL = "Cells stand-in admin token";
    /** The sliding window of the stand-in's own admin token. */
    public static final Duration ADMIN_TOKEN_WINDOW = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(CellsAccounts.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Why a token was refused (for the log and for tests; never shown to the client). */
    public enum Refusal {
        UNKNOWN,
        EXPIRED,
        USER_DELETED,
        USER_LOCKED
    }

    /** A token that was accepted, after its use was recorded. */
    public record Accepted(CellsUser user, CellsToken token) {}

    /** The outcome of {@link #verify}: exactly one of the two is set. */
    public record Verification(Accepted accepted, Refusal refusal) {
        public boolean ok() {
            return accepted != null;
        }
    }

    record State(
            @JsonProperty("users") List<CellsUser> users,
            @JsonProperty("tokens") List<CellsToken> tokens) {}

    private final Path stateFile;
    private final Clock clock;
    private final Map<String, CellsUser> users = new LinkedHashMap<>();
    private final Map<String, CellsToken> tokensByHash = new LinkedHashMap<>();
    private String adminToken;

    private CellsAccounts(Path stateFile, Clock clock) {
        this.stateFile = stateFile;
        this.clock = clock;
    }

    /**
     * Loads the state file (or seeds admin, alice and bob when it is missing), then finds the admin
     * token: the one in {@code adminTokenFile} when that file exists and the token is still valid here,
     * otherwise a new one, written to {@code adminTokenFile} (owner-only) when one is given.
     *
     * @param stateFile      where users and tokens are kept
     * @param adminTokenFile where the admin token is read from or written to; null to keep it in memory only
     * @throws IOException when a file cannot be read or written
     */
    public static CellsAccounts open(Path stateFile, Path adminTokenFile, Clock clock) throws IOException {
        CellsAccounts accounts = new CellsAccounts(stateFile, clock);
        synchronized (accounts) {
            accounts.load();
            accounts.adminToken = accounts.findAdminToken(adminTokenFile);
        }
        return accounts;
    }

    /** The stand-in's admin token (Bearer for its REST API). */
    public synchronized String adminToken() {
        return adminToken;
    }

    /** The clock that decides expiry. */
    public Clock clock() {
        return clock;
    }

    // ---- users

    /** The user with this login, if any. */
    public synchronized Optional<CellsUser> user(String login) {
        return Optional.ofNullable(users.get(login));
    }

    /** Every user, in the order added. */
    public synchronized List<CellsUser> users() {
        return List.copyOf(users.values());
    }

    /** Adds a standard user (or returns the existing one unchanged). */
    public CellsUser addUser(String login) {
        return addUser(login, false);
    }

    /** Adds a user with the {@code admin} or {@code standard} profile (or returns the existing one unchanged). */
    public synchronized CellsUser addUser(String login, boolean admin) {
        CellsUser existing = users.get(login);
        if (existing != null) {
            return existing;
        }
        CellsUser user = new CellsUser(
                UUID.randomUUID().toString(), login, "/", Map.of(CellsUser.PROFILE, admin ? "admin" : "standard"));
        users.put(login, user);
        save();
        return user;
    }

    /**
     * Creates the user or replaces its group path and attributes, as {@code PUT /a/user/{Login}} does.
     */
    public synchronized CellsUser putUser(String login, String groupPath, Map<String, String> attributes) {
        CellsUser existing = users.get(login);
        String uuid = existing == null ? UUID.randomUUID().toString() : existing.uuid();
        String group = groupPath != null ? groupPath : existing == null ? "/" : existing.groupPath();
        Map<String, String> attrs =
                attributes != null ? attributes : existing == null ? Map.of() : existing.attributes();
        CellsUser user = new CellsUser(uuid, login, group, attrs);
        users.put(login, user);
        save();
        return user;
    }

    /** Sets the {@code logout} lock: every token of the user is refused from now on. */
    public synchronized void lock(String login) {
        users.put(login, required(login).withLock(true));
        save();
    }

    /** Removes the user's locks. */
    public synchronized void unlock(String login) {
        users.put(login, required(login).withLock(false));
        save();
    }

    /** Deletes the user and its tokens; false when there was no such user. */
    public synchronized boolean deleteUser(String login) {
        if (users.remove(login) == null) {
            return false;
        }
        tokensByHash.values().removeIf(t -> t.userLogin().equals(login));
        save();
        return true;
    }

    private CellsUser required(String login) {
        CellsUser user = users.get(login);
        if (user == null) {
            throw new IllegalArgumentException("no such user: " + login);
        }
        return user;
    }

    // ---- tokens

    /** Mints a sliding personal token for {@code login}, made by itself; for tests. */
    public String mint(String login, Duration window) {
        return mint(login, "test token", 0, Math.toIntExact(window.toSeconds()), List.of(), login);
    }

    /**
     * Mints a personal token as Cells does: with {@code autoRefresh > 0} it slides and expires at now +
     * autoRefresh (overriding {@code expiresAt}); otherwise it expires at {@code expiresAt}.
     *
     * @return the token itself, which is not kept
     * @throws CellsException 400 when neither expiry is given or the hard expiry is past, 404 when the
     *                        user does not exist, 403 when it is locked
     */
    public String mint(
            String login, String label, long expiresAt, int autoRefresh, List<String> scopes, String createdBy) {
        return mint(login, CellsToken.PERSONAL, label, expiresAt, autoRefresh, scopes, createdBy);
    }

    /** As {@link #mint(String, String, long, int, List, String)}, with the token's type. */
    public synchronized String mint(
            String login,
            String type,
            String label,
            long expiresAt,
            int autoRefresh,
            List<String> scopes,
            String createdBy) {
        CellsUser user = users.get(login);
        if (user == null) {
            throw new CellsException(404, "user not found");
        }
        if (user.locked()) {
            throw new CellsException(403, "user is locked");
        }
        long now = clock.instant().getEpochSecond();
        long expiry;
        if (autoRefresh > 0) {
            expiry = now + autoRefresh;
        } else if (autoRefresh < 0) {
            throw new CellsException(400, "AutoRefresh must not be negative");
        } else if (expiresAt == 0) {
            throw new CellsException(400, "Please provide one of ExpiresAt or AutoRefreshWindow");
        } else if (expiresAt <= now) {
            throw new CellsException(400, "ExpiresAt is in the past");
        } else {
            expiry = expiresAt;
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        CellsToken record = new CellsToken(
                UUID.randomUUID().toString(),
                type,
                label == null ? "" : label,
                user.uuid(),
                user.login(),
                scopes,
                Math.max(autoRefresh, 0),
                expiry,
                createdBy,
                now,
                now,
                hash(token));
        tokensByHash.put(record.hash(), record);
        save();
        return token;
    }

    /**
     * Checks a token presented by a client; an accepted sliding token has its expiry moved and the file
     * written. Never logs the token.
     */
    public synchronized Verification verify(String token) {
        CellsToken record = token == null || token.isEmpty() ? null : tokensByHash.get(hash(token));
        if (record == null) {
            return new Verification(null, Refusal.UNKNOWN);
        }
        long now = clock.instant().getEpochSecond();
        if (!record.validAt(now)) {
            return new Verification(null, Refusal.EXPIRED);
        }
        CellsUser user = users.get(record.userLogin());
        if (user == null || !user.uuid().equals(record.userUuid())) {
            return new Verification(null, Refusal.USER_DELETED);
        }
        if (user.locked()) {
            return new Verification(null, Refusal.USER_LOCKED);
        }
        CellsToken used = record.usedAt(now);
        if (used != record) {
            tokensByHash.put(used.hash(), used);
            save();
        }
        return new Verification(new Accepted(user, used), null);
    }

    /** The tokens of {@code login}, oldest first; every token when login is null. */
    public synchronized List<CellsToken> tokens(String login) {
        List<CellsToken> found = new ArrayList<>();
        for (CellsToken token : tokensByHash.values()) {
            if (login == null || token.userLogin().equals(login)) {
                found.add(token);
            }
        }
        return found;
    }

    /** The token with this id, if any. */
    public synchronized Optional<CellsToken> token(String uuid) {
        return tokensByHash.values().stream().filter(t -> t.uuid().equals(uuid)).findFirst();
    }

    /** Deletes the token with this id; false when there was none. */
    public synchronized boolean deleteToken(String uuid) {
        boolean removed = tokensByHash.values().removeIf(t -> t.uuid().equals(uuid));
        if (removed) {
            save();
        }
        return removed;
    }

    /** {@code sha256:<hex>} of the token's UTF-8 bytes, as newer Cells stores it. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    // ---- files

    private void load() throws IOException {
        if (Files.exists(stateFile)) {
            State state = JSON.readValue(stateFile.toFile(), State.class);
            for (CellsUser user : state.users() == null ? List.<CellsUser>of() : state.users()) {
                users.put(user.login(), user);
            }
            for (CellsToken token : state.tokens() == null ? List.<CellsToken>of() : state.tokens()) {
                tokensByHash.put(token.hash(), token);
            }
            return;
        }
        users.put(ADMIN, seed(ADMIN, true));
        users.put(ALICE, seed(ALICE, false));
        users.put(BOB, seed(BOB, false));
        writeState();
    }

    private static CellsUser seed(String login, boolean admin) {
        return new CellsUser(
                UUID.randomUUID().toString(), login, "/", Map.of(CellsUser.PROFILE, admin ? "admin" : "standard"));
    }

    private String findAdminToken(Path file) throws IOException {
        if (file != null && Files.exists(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
            Verification check = verify(existing);
            if (check.ok() && check.accepted().user().admin()) {
                return existing;
            }
            LOG.info(
                    "the admin token in {} is not valid here ({}); writing a new one",
                    file,
                    check.ok() ? "not an admin" : check.refusal());
        }
        if (users.get(ADMIN) == null
                || !users.get(ADMIN).admin()
                || users.get(ADMIN).locked()) {
            users.put(ADMIN, seed(ADMIN, true));
        }
        String token =
                mint(ADMIN, ADMIN_TOKEN_LABEL, 0, Math.toIntExact(ADMIN_TOKEN_WINDOW.toSeconds()), List.of(), ADMIN);
        if (file != null) {
            writeOwnerOnly(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return token;
    }

    /** Writes a file readable by its owner only, through a temporary file and a rename. */
    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = parent.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        }
        Files.write(temp, content);
        move(temp, file);
    }

    private void save() {
        try {
            writeState();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + stateFile, e);
        }
    }

    private void writeState() throws IOException {
        State state = new State(List.copyOf(users.values()), List.copyOf(tokensByHash.values()));
        writeOwnerOnly(stateFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
