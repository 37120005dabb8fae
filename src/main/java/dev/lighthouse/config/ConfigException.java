package dev.lighthouse.config;

/** A configuration that cannot start a server; the message names the setting and where it came from. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
