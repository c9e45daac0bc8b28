package io.mmanet.jobs.pipeline;

/** The stages of a retraining run, in order. */
public enum Stage {
    PREP("prep"),
    TRAIN_TEACHER("train-teacher"),
    TRAIN_DEPLOYMENT("train-deployment"),
    EVALUATE("evaluate"),
    COMPARE("compare"),
    PROMOTE("promote");

    private final String id;

    Stage(String id) {
        this.id = id;
    }

    /** The name used in state.json, the run directory and log lines. */
    public String id() {
        return id;
    }
}
