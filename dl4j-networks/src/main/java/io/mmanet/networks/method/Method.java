package io.mmanet.networks.method;

import java.util.Locale;

/**
 * The training methods of the MMANet family (spec "Project decisions", sections 1.2-1.4 and 5).
 * Each method is a strategy for building its training graph; the Spark job is the same for all.
 */
public enum Method {
    /** SF: one network per fixed combination (usually full: the teacher), cross-entropy only. */
    SF("sf", Kd.NONE, false),
    /** SF-MD: the deployment network with per-sample modality dropout, cross-entropy only. */
    SF_MD("sf-md", Kd.NONE, false),
    /** SF-MD + SP distillation from the frozen teacher (ablation of MAD's uncertainty weighting). */
    SP("sp", Kd.SP, false),
    /** SF-MD + MAD distillation from the frozen teacher, no regularization network (SF-MAD). */
    MAD("mad", Kd.MAD, false),
    /**
     * SF-MD + MAD + the regularization network on every single-modality sample (ablation of MAR:
     * the regularized set is fixed to the single-modality combinations instead of being mined).
     */
    SR("sr", Kd.MAD, true),
    /** MMANet: SF-MD + MAD + MAR on the mined weak combination set. */
    MMANET("mmanet", Kd.MAD, true);

    /** Which distillation loss a method adds. */
    public enum Kd { NONE, SP, MAD }

    private final String configName;
    private final Kd kd;
    private final boolean regularization;

    Method(String configName, Kd kd, boolean regularization) {
        this.configName = configName;
        this.kd = kd;
        this.regularization = regularization;
    }

    public String configName() {
        return configName;
    }

    public Kd kd() {
        return kd;
    }

    /** True when the training graph holds the frozen teacher. */
    public boolean usesTeacher() {
        return kd != Kd.NONE;
    }

    /** True when the training graph holds the regularization network and its MAR output. */
    public boolean usesRegularization() {
        return regularization;
    }

    /** True when the weak combination set is mined during warm-up (MMANet only). */
    public boolean needsMining() {
        return this == MMANET;
    }

    /** True when each sample draws its own combination (every method except SF). */
    public boolean perSampleDropout() {
        return this != SF;
    }

    public static Method fromConfigName(String name) {
        for (Method m : values()) {
            if (m.configName.equals(name.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; allowed: sf, sf-md, sp, mad, sr, mmanet");
    }

    @Override
    public String toString() {
        return configName;
    }
}
