package org.hakmem.box.api.config;

import java.io.Serial;

/** An option value that hakmem does not accept; the message names the option, the value, its source and what is allowed. */
public final class ConfigException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message the complete explanation */
    public ConfigException(String message) {
        super(message);
    }
}
