package dev.patgate.gateway.config;

/**
 * The configuration cannot be used. The message is one line that names the file and the field and
 * says what is allowed; it never contains a secret.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
