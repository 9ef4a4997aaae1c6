package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.testsupport.TestClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command's {@code -h}, as printed at picocli's default width, reads whole: picocli lays each
 * element of a description out as a paragraph of its own and shows a command's first element alone
 * in its parent's list of commands, so an element that ends without a full stop is a sentence cut in
 * two on screen ("... or update" / "their password hashes."). Footers are laid out by hand (examples,
 * tables) and only held to the width.
 */
class HelpTextTest {

    /** Where a paragraph may end: a sentence, or the colon that introduces what follows. */
    private static final Pattern PARAGRAPH_END = Pattern.compile(".*[.:]$");

    static Stream<Named<CommandLine>> commands() {
        CommandLine root = Cli.create(new CliEnvironment(
                TestClock.atDefaultStart(), Map.of(), Path.of("").toAbsolutePath()));
        List<CommandLine> all = new ArrayList<>();
        Set<CommandSpec> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        collect(root, all, seen);
        return all.stream().map(command -> Named.of(command.getCommandSpec().qualifiedName(), command));
    }

    private static void collect(CommandLine command, List<CommandLine> all, Set<CommandSpec> seen) {
        if (!seen.add(command.getCommandSpec())) {
            return;
        }
        all.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, all, seen));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void usageWhenRenderedAtTheDefaultWidthThenNoLineIsWiderThanIt(CommandLine command) {
        String usage = command.getUsageMessage(Ansi.OFF);

        assertThat(usage.lines())
                .as(usage)
                .allSatisfy(
                        line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(command.getUsageHelpWidth()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void descriptionWhenShownThenItsSummaryAndEveryParagraphEndAsSentences(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        String[] description = spec.usageMessage().description();

        assertThat(description).as("%s has a description", spec.qualifiedName()).isNotEmpty();
        assertThat(description[0])
                .as("%s: the summary shown in its parent's list of commands", spec.qualifiedName())
                .endsWith(".");
        for (String paragraph : description) {
            if (!paragraph.isBlank()) {
                assertThat(paragraph)
                        .as("%s: a paragraph of its description", spec.qualifiedName())
                        .matches(PARAGRAPH_END);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void optionsAndParametersWhenDescribedThenEachEndsWithAFullStop(CommandLine command) {
        List<ArgSpec> args = new ArrayList<>(command.getCommandSpec().options());
        args.addAll(command.getCommandSpec().positionalParameters());
        for (ArgSpec arg : args) {
            if (arg.hidden()) {
                continue;
            }
            String[] description = arg.description();
            assertThat(description)
                    .as("%s %s", command.getCommandName(), arg.paramLabel())
                    .isNotEmpty();
            assertThat(String.join(" ", description).strip())
                    .as("%s %s", command.getCommandSpec().qualifiedName(), arg)
                    .endsWith(".");
        }
    }
}
