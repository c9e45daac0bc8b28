package io.mmanet.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "prep", mixinStandardHelpOptions = true,
        description = "Spark job: ingest a corpus (list files or CSV manifest), validate, quarantine bad rows, write Parquet shards + manifest.json.")
public final class PrepCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.load();
        throw UserFacingException.notBuiltYet("'mmanet prep'", "issue 4");
    }
}
