package dev.patgate.gateway.cli;

import dev.patgate.gateway.Deployment;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.users.User;
import dev.patgate.gateway.users.UserDirectory;
import dev.patgate.gateway.users.UserFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patgate admin user add|passwd|remove|disable|enable|list}: edit the user directory. Each
 * command reads the file, changes one entry, and writes the whole file back atomically
 * ({@link UserFiles#write}); running gateways pick it up within {@code tokens.users_check_interval}.
 * Not meant for two admins editing at the same moment: the last write wins.
 *
 * <p>Remove and disable differ on purpose: {@code disable} only blocks a user's tokens, and
 * {@code enable} brings back those that are still unrevoked and unexpired; {@code remove} also
 * revokes every token of the user in the store, so that adding the same login again later starts
 * with none.
 */
final class UserCommands {

    private UserCommands() {}

    /** What every command here shares: the root, the file, one login. */
    abstract static class UserCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "LOGIN", description = "The user's login.")
        String login;

        final PatgateCommand root;

        UserCommand(PatgateCommand root) {
            this.root = root;
        }

        GatewayConfig config() {
            return root.config();
        }

        /** The directory, after checking that the login is well formed. */
        UserDirectory load(GatewayConfig config) {
            if (!User.isValidLogin(login)) {
                throw usage("LOGIN: a login is " + User.LOGIN_RULE);
            }
            return UserDirectory.load(config.usersFile());
        }

        /** The login's entry; exit 2 when it has none. */
        User existing(UserDirectory users, GatewayConfig config) {
            return users.find(login)
                    .orElseThrow(() -> usage("unknown user " + Messages.quote(login) + " (not in " + config.usersFile()
                            + "; see 'patgate admin user list')"));
        }

        /** The users with {@code login}'s entry replaced by {@code replacement}, or dropped when null. */
        static List<User> replacing(UserDirectory users, String login, User replacement) {
            List<User> result = new ArrayList<>();
            for (User user : users.users()) {
                if (!user.login().equals(login)) {
                    result.add(user);
                } else if (replacement != null) {
                    result.add(replacement);
                }
            }
            return result;
        }

        /** Reads a new password (terminal or standard input, never argv) and hashes it; the characters are wiped. */
        String newPasswordHash(boolean fromStdin) throws IOException {
            char[] password = PasswordInput.read(spec, root.environment(), fromStdin, login);
            try {
                return UserFiles.hash(password);
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        void say(String line) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(line);
            out.flush();
        }

        ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Add a user to the user directory.",
                "The password is asked twice on the terminal, or read from the first line of standard input with"
                        + " --password-stdin; it is never taken from the command line."
            })
    static final class Add extends UserCommand {

        @Option(names = "--admin", description = "The user may manage other users' tokens.")
        boolean admin;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        Add(PatgateCommand root) {
            super(root);
        }

        @Override
        public Integer call() throws IOException {
            GatewayConfig config = config();
            UserDirectory users = load(config);
            if (users.exists(login)) {
                throw usage("user " + login + " exists already; change the password with 'patgate admin user passwd "
                        + login + "'");
            }
            String hash = newPasswordHash(passwordStdin);
            List<User> all = new ArrayList<>(users.users());
            all.add(new User(login, hash, admin));
            UserFiles.write(config.usersFile(), all);
            say("added " + login + (admin ? " (admin)" : "") + " to " + config.usersFile());
            return 0;
        }
    }

    @Command(
            name = "passwd",
            mixinStandardHelpOptions = true,
            description = {
                "Set a user's password.",
                "It is asked twice on the terminal, or read from the first line of standard input with"
                        + " --password-stdin. The user's tokens are not affected."
            })
    static final class Passwd extends UserCommand {

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        Passwd(PatgateCommand root) {
            super(root);
        }

        @Override
        public Integer call() throws IOException {
            GatewayConfig config = config();
            UserDirectory users = load(config);
            User user = existing(users, config);
            String hash = newPasswordHash(passwordStdin);
            UserFiles.write(config.usersFile(), replacing(users, login, user.withPasswordHash(hash)));
            say("password of " + login + " changed");
            return 0;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = {
                "Remove a user and revoke all their tokens.",
                "Running gateways refuse the tokens within a couple of seconds. Adding the login again later does"
                        + " not bring the tokens back; to block a user for a while, use 'disable' instead."
            })
    static final class Remove extends UserCommand {

        Remove(PatgateCommand root) {
            super(root);
        }

        @Override
        public Integer call() throws IOException {
            GatewayConfig config = config();
            UserDirectory users = load(config);
            existing(users, config);
            try (Deployment deployment =
                    Deployment.open(config, root.environment().clock())) {
                // revoke first: if the file cannot be written, the tokens are dead anyway (fail closed)
                int revoked = deployment
                        .store()
                        .revokeByLogin(login, root.environment().clock().instant())
                        .size();
                UserFiles.write(config.usersFile(), replacing(users, login, null));
                // a token made between the two steps, while the user still existed
                revoked += deployment
                        .store()
                        .revokeByLogin(login, root.environment().clock().instant())
                        .size();
                say("removed " + login + " from " + config.usersFile() + "; revoked " + revoked + " token"
                        + (revoked == 1 ? "" : "s"));
            }
            return 0;
        }
    }

    /** Disable and enable: one flag, set or cleared. */
    abstract static class SetDisabled extends UserCommand {

        private final boolean disabled;

        SetDisabled(PatgateCommand root, boolean disabled) {
            super(root);
            this.disabled = disabled;
        }

        @Override
        public Integer call() throws IOException {
            GatewayConfig config = config();
            UserDirectory users = load(config);
            User user = existing(users, config);
            String state = disabled ? "disabled" : "enabled";
            if (user.disabled() == disabled) {
                say(login + " is already " + state);
                return 0;
            }
            UserFiles.write(config.usersFile(), replacing(users, login, user.withDisabled(disabled)));
            say(
                    disabled
                            ? "disabled " + login
                                    + ": their tokens and password are refused (running gateways: within a"
                                    + " couple of seconds); the tokens are kept for 'enable'"
                            : "enabled " + login + ": their unrevoked, unexpired tokens work again");
            return 0;
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = {
                "Block a user: their tokens and password are refused.",
                "Running gateways refuse them within a couple of seconds. Nothing is deleted or revoked; 'enable'"
                        + " undoes it."
            })
    static final class Disable extends SetDisabled {
        Disable(PatgateCommand root) {
            super(root, true);
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Unblock a disabled user: their unrevoked, unexpired tokens work again.")
    static final class Enable extends SetDisabled {
        Enable(PatgateCommand root) {
            super(root, false);
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the users: login, role and state. Never a password hash.")
    static final class ListUsers implements Callable<Integer> {

        private static final String ROW = "%-24s  %-6s  %s%n";

        @Spec
        CommandSpec spec;

        private final PatgateCommand root;

        ListUsers(PatgateCommand root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            GatewayConfig config = root.config();
            UserDirectory users = UserDirectory.load(config.usersFile());
            PrintWriter out = spec.commandLine().getOut();
            if (users.users().isEmpty()) {
                out.println("no users in " + config.usersFile());
            } else {
                out.printf(ROW, "LOGIN", "ROLE", "STATE");
                for (User user : users.users()) {
                    out.printf(
                            ROW,
                            user.login(),
                            user.admin() ? "admin" : "user",
                            user.disabled() ? "disabled" : "active");
                }
            }
            out.flush();
            return 0;
        }
    }
}
