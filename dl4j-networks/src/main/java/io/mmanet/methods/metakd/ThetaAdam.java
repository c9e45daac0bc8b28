package io.mmanet.methods.metakd;

import io.mmanet.networks.method.HookState;

/**
 * Adam on theta as the authors' meta optimiser (PyTorch semantics: weight decay added to the
 * gradient, bias-corrected moments, eps 1e-8). Its moments and step count live in the hook state
 * (key {@link #KEY}), so a resumed run continues exactly.
 */
final class ThetaAdam {
    static final String KEY = "metakd.adam";
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final double lr;
    private final double weightDecay;
    private final double[] m;
    private final double[] v;
    private long t;

    private ThetaAdam(double lr, double weightDecay, double[] m, double[] v, long t) {
        this.lr = lr;
        this.weightDecay = weightDecay;
        this.m = m;
        this.v = v;
        this.t = t;
    }

    /** The checkpointed part: first and second moments and the step count (a JSON bean). */
    public static final class State {
        public double[] m;
        public double[] v;
        public long t;
    }

    /** The optimiser as the state left it (fresh when the state has none). */
    static ThetaAdam restore(HookState state, int size, double lr, double weightDecay) {
        State s = state.get(KEY, State.class);
        return s == null ? new ThetaAdam(lr, weightDecay, new double[size], new double[size], 0)
                : new ThetaAdam(lr, weightDecay, s.m.clone(), s.v.clone(), s.t);
    }

    void save(HookState state) {
        State s = new State();
        s.m = m.clone();
        s.v = v.clone();
        s.t = t;
        state.put(KEY, s);
    }

    /** Steps taken so far (the meta steps cycle through the validation batches by it). */
    long steps() {
        return t;
    }

    /** One step: returns the new theta. */
    double[] step(double[] theta, double[] grad) {
        t++;
        double[] next = theta.clone();
        for (int k = 0; k < theta.length; k++) {
            double g = grad[k] + weightDecay * theta[k];
            m[k] = BETA1 * m[k] + (1 - BETA1) * g;
            v[k] = BETA2 * v[k] + (1 - BETA2) * g * g;
            double mHat = m[k] / (1 - Math.pow(BETA1, t));
            double vHat = v[k] / (1 - Math.pow(BETA2, t));
            next[k] = theta[k] - lr * mHat / (Math.sqrt(vHat) + EPS);
        }
        return next;
    }
}
