package io.mmanet.jobs.cli;

import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.task.Task;
import io.mmanet.networks.task.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.util.concurrent.Callable;

@Command(name = "methods", mixinStandardHelpOptions = true,
        description = "List the registered training methods (name, teachers needed, tasks, one line) and tasks.")
public final class MethodsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(listing());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The registry as printed by {@code mmanet methods}. */
    static String listing() {
        StringBuilder sb = new StringBuilder("Methods (--method, method.name):\n");
        sb.append(String.format("  %-8s %-14s %-16s %s%n", "name", "teachers", "tasks", "what it trains"));
        for (Method m : Methods.all()) {
            sb.append(String.format("  %-8s %-14s %-16s %s%n", m.name(), m.teachers().label(),
                    String.join(",", m.tasks()), m.summary()));
        }
        sb.append("\nTasks (model.task):\n");
        for (Task t : Tasks.all()) {
            sb.append(String.format("  %-15s %s%n", t.name(), t.summary()));
        }
        return sb.toString();
    }
}
