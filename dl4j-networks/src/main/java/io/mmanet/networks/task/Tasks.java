package io.mmanet.networks.task;

import io.mmanet.tasks.classification.ClassificationTask;
import io.mmanet.tasks.segmentation.SegmentationTask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of tasks by name ({@code model.task}). Adding a task: one package and one line here. */
public final class Tasks {
    private static final Map<String, Task> REGISTRY = new LinkedHashMap<>();

    static {
        register(new ClassificationTask());
        register(new SegmentationTask());
    }

    private Tasks() {
    }

    private static void register(Task task) {
        if (REGISTRY.putIfAbsent(task.name(), task) != null) {
            throw new IllegalStateException("task '" + task.name() + "' is registered twice");
        }
    }

    /** The task called {@code name}; an unknown name is an error that lists the registered ones. */
    public static Task get(String name) {
        Task t = REGISTRY.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown task '" + name + "'; registered tasks: " + names());
        }
        return t;
    }

    public static Task classification() {
        return get(ClassificationTask.NAME);
    }

    public static List<Task> all() {
        return Collections.unmodifiableList(new ArrayList<>(REGISTRY.values()));
    }

    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }
}
