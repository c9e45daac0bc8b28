package io.mmanet.jobs.cli;

/** A failure whose message is meant for the user as it is (no stack trace). */
public class UserFacingException extends RuntimeException {
    private final int exitCode;

    public UserFacingException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public static UserFacingException notBuiltYet(String what, String issue) {
        return new UserFacingException(what + " is described but not built yet (" + issue + ").",
                CliExceptionHandler.EXIT_NOT_BUILT);
    }

    public int exitCode() {
        return exitCode;
    }
}
