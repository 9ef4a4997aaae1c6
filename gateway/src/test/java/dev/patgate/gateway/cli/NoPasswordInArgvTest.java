package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.testsupport.TestClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * No command takes a password or a secret on the command line, where it would be seen in the
 * shell's history and in {@code ps}: the whole command tree is walked, and every option or
 * positional whose names or value label speak of a password or secret must be a flag that takes no
 * value (like {@code --password-stdin}).
 */
class NoPasswordInArgvTest {

    private static final Pattern SECRETIVE = Pattern.compile("pass(word)?|passwd|secret|pwd|credential");

    @Test
    void everyCommandWhenInspectedThenNoArgumentCarriesAPassword() {
        CommandLine root = Cli.create(new CliEnvironment(TestClock.atDefaultStart(), Map.of(), Path.of(".")));
        List<String> offending = new ArrayList<>();
        List<String> flags = new ArrayList<>();

        walk(root, offending, flags);

        assertThat(offending).isEmpty();
        assertThat(flags)
                .as("the walk reaches the commands that read passwords")
                .contains("patgate admin user add --password-stdin", "patgate admin user passwd --password-stdin");
    }

    @Test
    void walkWhenACommandTakesAPasswordValueThenItIsFound() {
        @CommandLine.Command(name = "bad")
        class Bad {
            @CommandLine.Option(names = "--password")
            String password;
        }
        List<String> offending = new ArrayList<>();

        walk(new CommandLine(new Bad()), offending, new ArrayList<>());

        assertThat(offending).containsExactly("bad --password");
    }

    private static void walk(CommandLine command, List<String> offending, List<String> flags) {
        String name = command.getCommandSpec().qualifiedName();
        for (ArgSpec arg : command.getCommandSpec().args()) {
            String label = describe(arg);
            if (!SECRETIVE.matcher(label.toLowerCase(Locale.ROOT)).find()) {
                continue;
            }
            String shown = name + " " + shownName(arg);
            boolean valueless = arg instanceof OptionSpec option
                    && option.arity().max() == 0
                    && (option.type() == boolean.class || option.type() == Boolean.class);
            boolean helpOrVersion = arg instanceof OptionSpec option && (option.usageHelp() || option.versionHelp());
            if (valueless && !helpOrVersion) {
                flags.add(shown);
            } else if (!helpOrVersion) {
                offending.add(shown);
            }
        }
        command.getSubcommands().values().forEach(sub -> walk(sub, offending, flags));
    }

    private static String describe(ArgSpec arg) {
        StringBuilder text = new StringBuilder(arg.paramLabel()).append(' ');
        if (arg instanceof OptionSpec option) {
            text.append(String.join(" ", option.names()));
        }
        return text.toString();
    }

    private static String shownName(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            return option.longestName();
        }
        return ((PositionalParamSpec) arg).paramLabel();
    }
}
