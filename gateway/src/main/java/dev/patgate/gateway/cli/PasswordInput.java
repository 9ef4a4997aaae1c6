package dev.patgate.gateway.cli;

import dev.patgate.gateway.users.UserFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Where a new password comes from: never the command line (it would sit in the shell's history and
 * in {@code ps} for every local user to read), but the terminal, asked twice without echo, or with
 * {@code --password-stdin} the first line of standard input, for scripts:
 * {@code printf '%s\n' "$PW" | patgate admin user add carol --password-stdin}.
 */
final class PasswordInput {

    /** The longest line read from standard input, in bytes; a password is much shorter. */
    private static final int MAX_LINE = 1024;

    private PasswordInput() {}

    /**
     * @return the password, checked by {@link UserFiles#passwordProblem}; the caller clears it
     * @throws ParameterException (exit 2) when there is none, the two entries differ, or it is unfit
     */
    static char[] read(CommandSpec spec, CliEnvironment environment, boolean fromStdin, String login) {
        char[] password = fromStdin ? fromStdin(spec, environment.stdin()) : fromTerminal(spec, environment, login);
        String problem = UserFiles.passwordProblem(password);
        if (problem != null) {
            Arrays.fill(password, '\0');
            throw new ParameterException(spec.commandLine(), problem);
        }
        return password;
    }

    /**
     * A secret that is not a password (e.g. a Cells token): asked once on the terminal without echo,
     * or the first line of standard input; no password rules.
     *
     * @param what names the secret in messages, e.g. {@code Cells token}
     * @param flag the option that reads standard input, for the message when there is no terminal
     * @throws ParameterException (exit 2) when there is none
     */
    static char[] readSecret(
            CommandSpec spec, CliEnvironment environment, boolean fromStdin, String what, String flag) {
        if (fromStdin) {
            return fromStdin(spec, environment.stdin());
        }
        CliEnvironment.Terminal terminal = environment.terminal();
        if (terminal == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "no terminal to ask for the " + what + ": give it on standard input with " + flag);
        }
        char[] secret = terminal.readPassword(what + ": ");
        if (secret == null || secret.length == 0) {
            throw new ParameterException(spec.commandLine(), "no " + what + " given");
        }
        return secret;
    }

    private static char[] fromTerminal(CommandSpec spec, CliEnvironment environment, String login) {
        CliEnvironment.Terminal terminal = environment.terminal();
        if (terminal == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "no terminal to ask for the password: give it on standard input with --password-stdin");
        }
        char[] first = terminal.readPassword("New password for " + login + ": ");
        char[] second = first == null ? null : terminal.readPassword("The same again: ");
        try {
            if (first == null || second == null) {
                throw new ParameterException(spec.commandLine(), "no password given");
            }
            if (!Arrays.equals(first, second)) {
                throw new ParameterException(spec.commandLine(), "the two passwords differ; nothing was changed");
            }
            return first.clone();
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    /** The first line of standard input (UTF-8), without its line break. */
    private static char[] fromStdin(CommandSpec spec, InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (line.size() >= MAX_LINE) {
                    throw new ParameterException(spec.commandLine(), "--password-stdin: the first line is too long");
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--password-stdin: cannot read standard input");
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            if (password.length == 0) {
                throw new ParameterException(spec.commandLine(), "--password-stdin: no password on standard input");
            }
            return password;
        } catch (CharacterCodingException e) {
            throw new ParameterException(spec.commandLine(), "--password-stdin: the password is not valid UTF-8");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
