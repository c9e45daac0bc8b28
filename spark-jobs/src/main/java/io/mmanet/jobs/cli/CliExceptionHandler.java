package io.mmanet.jobs.cli;

import io.mmanet.config.ConfigValidationException;
import picocli.CommandLine;

/**
 * Turns expected failures (bad configuration, bad input) into one clear line and an exit code,
 * instead of a stack trace; anything else keeps its stack trace.
 */
final class CliExceptionHandler implements CommandLine.IExecutionExceptionHandler {

    /** Exit code for bad configuration: fails before any Spark work starts. */
    static final int EXIT_CONFIG = 2;
    /** Exit code for bad input data or a refused operation (existing output, lock held, ...). */
    static final int EXIT_INPUT = 3;
    /** Exit code for a subcommand that is described but not built yet. */
    static final int EXIT_NOT_BUILT = 4;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof ConfigValidationException) {
            cmd.getErr().println("mmanet " + cmd.getCommandName() + ": configuration error: " + ex.getMessage());
            return EXIT_CONFIG;
        }
        if (ex instanceof UserFacingException) {
            cmd.getErr().println("mmanet " + cmd.getCommandName() + ": " + ex.getMessage());
            return ((UserFacingException) ex).exitCode();
        }
        throw new RuntimeException(ex);
    }
}
