package io.mmanet.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./mmanet} and of the shaded jar ({@code spark-submit --class} this).
 * One subcommand per job; each subcommand maps 1:1 to a runnable job class.
 */
@Command(name = "mmanet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Train multimodal networks that keep working when modalities go missing (MMANet, CVPR 2023) "
                + "on Spark with Deeplearning4j.",
        subcommands = {
                GenerateCommand.class,
                PrepCommand.class,
                TrainCommand.class,
                EvalCommand.class,
                PredictCommand.class,
                PipelineCommand.class,
                DemoCommand.class,
                BenchCommand.class,
                AblationCommand.class,
                DiagnoseCommand.class,
                MethodsCommand.class,
                ConfigCommand.class,
                CheckCommand.class,
                CommandLine.HelpCommand.class
        })
public final class MmanetCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MmanetCli());
        cl.setExecutionExceptionHandler(new CliExceptionHandler());
        return cl;
    }

    public static void main(String[] args) {
        // Under spark-submit our jar was not on the classpath when logging started.
        io.mmanet.jobs.logging.JobLogging.install();
        io.mmanet.compat.FastCpuPath.install(); // before any network is built or restored
        io.mmanet.compat.SameDiffGradientChatter.install(); // ND4J's println per differentiated op
        int code = commandLine().execute(args);
        System.exit(code);
    }
}
