package io.mmanet.compat;

import java.io.PrintStream;

/**
 * ND4J 1.0.0-M2.1's {@code SameDiff.createGradFunction} prints "Added differentiated op NAME" to
 * {@code System.out} (a leftover {@code println}, not a log call) for every op of every SameDiff
 * loss it differentiates: ~100 lines in the segmentation demo's console output, which no log
 * level silences. {@link #install} puts a {@code System.out} in front that drops exactly those
 * lines and passes everything else through. Installed by the CLI. Drop this class when ND4J
 * no longer prints them ({@code SameDiffGradientChatterTest} reproduces the print).
 */
public final class SameDiffGradientChatter {

    /** The start of the line ND4J prints. */
    static final String PREFIX = "Added differentiated op ";

    private SameDiffGradientChatter() {
    }

    /** Idempotent. */
    public static synchronized void install() {
        if (!(System.out instanceof Filter)) {
            System.setOut(new Filter(System.out));
        }
    }

    /** The filtering stream; only {@code println(String)}, the call ND4J makes, is inspected. */
    static final class Filter extends PrintStream {
        Filter(PrintStream target) {
            super(target, true);
        }

        @Override
        public void println(String line) {
            if (line == null || !line.startsWith(PREFIX)) {
                super.println(line);
            }
        }
    }
}
