package dev.patgate.gateway.cli;

import dev.patgate.gateway.config.ConfigException;
import dev.patgate.store.StoreException;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds the {@code patgate} command line. Exit codes: 0 success, 1 failure (configuration, store,
 * I/O), 2 bad usage. Every error is one line on stderr, never a stack trace.
 */
public final class Cli {

    /** Exit code for bad usage: unknown option, bad value, unknown user, missing expiry. */
    public static final int USAGE = 2;
    /** Exit code for a failure that is not the caller's input. */
    public static final int FAILURE = 1;

    private Cli() {}

    /** Runs one command line and returns its exit code. */
    public static int run(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = create(environment);
        commandLine.setOut(out);
        commandLine.setErr(err);
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command hierarchy with its error handlers; set out and err on it before executing. */
    public static CommandLine create(CliEnvironment environment) {
        PatgateCommand root = new PatgateCommand(environment);
        CommandLine users = new CommandLine(new Group.AdminUser())
                .addSubcommand(new UserCommands.Add(root))
                .addSubcommand(new UserCommands.Passwd(root))
                .addSubcommand(new UserCommands.Remove(root))
                .addSubcommand(new UserCommands.Disable(root))
                .addSubcommand(new UserCommands.Enable(root))
                .addSubcommand(new UserCommands.ListUsers(root))
                .addSubcommand(new UserTokenCommand(root))
                .addSubcommand(new UpstreamTokenCommand(root))
                .addSubcommand(new ImportHtpasswdCommand(root));
        CommandLine tokens = new CommandLine(new Group.AdminToken())
                .addSubcommand(new TokenListCommand(root))
                .addSubcommand(new TokenRevokeCommand(root))
                .addSubcommand(new TokenRotateCommand(root))
                .addSubcommand(new TokenPruneCommand(root));
        CommandLine admin =
                new CommandLine(new Group.Admin()).addSubcommand(users).addSubcommand(tokens);
        CommandLine keys = new CommandLine(new Group.Keys()).addSubcommand(new KeysInitCommand(root));
        CommandLine commandLine = new CommandLine(root)
                .addSubcommand(new ServeCommand(root))
                .addSubcommand(new DemoCommand(root))
                .addSubcommand(admin)
                .addSubcommand(keys);
        commandLine.setParameterExceptionHandler(Cli::onUsageError);
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> onFailure(e, failed, environment));
        return commandLine;
    }

    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        CommandSpec spec = failed.getCommandSpec();
        String message = Messages.oneLine(e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += "; did you mean "
                        + suggestions.stream().map(s -> "'" + s + "'").collect(Collectors.joining(" or ")) + "?";
            } else if (!unmatched.isUnknownOption() && !failed.getSubcommands().isEmpty()) {
                message +=
                        " (one of: " + String.join(", ", failed.getSubcommands().keySet()) + ")";
            } else {
                message += " (accepted: " + optionNames(spec) + ")";
            }
        } else if (message.startsWith("Missing required subcommand")) {
            message += " (one of: " + String.join(", ", failed.getSubcommands().keySet()) + ")";
        }
        String name = spec.qualifiedName();
        String help = message.endsWith("?") ? " See '" + name + " -h'." : "; see '" + name + " -h'";
        failed.getErr().println(name + ": " + message + help);
        failed.getErr().flush();
        return USAGE;
    }

    private static int onFailure(Exception e, CommandLine failed, CliEnvironment environment) {
        String message;
        if (e instanceof ConfigException) {
            message = e.getMessage();
        } else if (e instanceof StoreException) {
            message = e.getMessage()
                    + (e.getCause() == null
                                    || e.getMessage()
                                            .contains(
                                                    String.valueOf(e.getCause().getMessage()))
                            ? ""
                            : " (" + e.getCause().getMessage() + ")");
        } else if (e instanceof dev.patgate.scope.BackendUnavailableException) {
            message =
                    "cannot check the scopes through the backend (is it running? see upstream.url): " + e.getMessage();
        } else if (e instanceof java.io.IOException) {
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } else {
            message = "internal error (" + e.getClass().getSimpleName() + ")";
        }
        failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + Messages.oneLine(message));
        if (environment.variables().containsKey("PATGATE_DEBUG")) {
            e.printStackTrace(failed.getErr());
        }
        failed.getErr().flush();
        return FAILURE;
    }

    private static String optionNames(CommandSpec spec) {
        List<String> names = spec.options().stream()
                .filter(option -> !option.hidden())
                .map(OptionSpec::shortestName)
                .collect(Collectors.toList());
        return String.join(", ", names);
    }

    /** The commands that only group others; run alone they say which subcommands exist. */
    static final class Group {

        private Group() {}

        @Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage users and tokens.")
        static final class Admin {}

        @Command(
                name = "user",
                mixinStandardHelpOptions = true,
                description = "Add, change, disable and remove users; create their tokens; import htpasswd.")
        static final class AdminUser {}

        @Command(name = "token", mixinStandardHelpOptions = true, description = "List and revoke tokens.")
        static final class AdminToken {}

        @Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage the key files.")
        static final class Keys {}
    }
}
