package dev.patgate.gateway.cli;

import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.users.HtpasswdImport;
import dev.patgate.gateway.users.UserDirectory;
import dev.patgate.gateway.users.UserFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code patgate admin user import-htpasswd FILE}: adds or updates users from an htpasswd file. */
@Command(
        name = "import-htpasswd",
        mixinStandardHelpOptions = true,
        description = {
            "Add the users of an Apache htpasswd file to the user directory, or update their password hashes.",
            "Only bcrypt lines are accepted (htpasswd -B); imported users are not admins, existing users keep"
                    + " their admin flag. Nothing is written if any line is refused."
        })
final class ImportHtpasswdCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The htpasswd file.")
    Path file;

    private final PatgateCommand root;

    ImportHtpasswdCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws IOException {
        Path source = root.environment().workingDirectory().resolve(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "FILE: " + source + ": no such file");
        }
        Map<String, String> imported;
        try {
            imported = HtpasswdImport.parse(lines);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), source + ": " + e.getMessage());
        }
        GatewayConfig config = root.config();
        HtpasswdImport.Result result = HtpasswdImport.merge(UserDirectory.load(config.usersFile()), imported);
        UserFiles.write(config.usersFile(), result.users());
        spec.commandLine()
                .getOut()
                .printf("%d added, %d updated in %s%n", result.added(), result.updated(), config.usersFile());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
