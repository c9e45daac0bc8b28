package io.mmanet.config;

/** Bad configuration: the message names the key (or file) and what is allowed. */
public class ConfigValidationException extends RuntimeException {
    public ConfigValidationException(String message) {
        super(message);
    }

    public ConfigValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
