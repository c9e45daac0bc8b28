package io.mmanet.methods.modalityteachers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.mmanet.config.ConfigChecks;
import io.mmanet.config.ConfigValidationException;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Section {@code method.modality-teachers}: the weight alpha_m of each modality teacher's KL term
 * (a list of one weight for every modality, or of one per modality in modality order) and the softmax
 * temperature T. The authors' code leaves both open (spec 7.3); docs/methods.md says how ours
 * were chosen.
 */
public record TeacherKdSettings(double[] alpha, double temperature) implements Serializable {
    public static final String ALPHA = "method.modality-teachers.alpha";
    public static final String TEMPERATURE = "method.modality-teachers.temperature";

    public TeacherKdSettings {
        alpha = alpha.clone();
    }

    /** The defaults of reference.conf. */
    public static TeacherKdSettings defaults() {
        return new TeacherKdSettings(new double[] {1.0}, 4.0);
    }

    public static TeacherKdSettings fromConfig(Config c, int modalities) {
        List<Double> list;
        try {
            list = c.getDoubleList(ALPHA);
        } catch (ConfigException e) {
            throw new ConfigValidationException(ALPHA + ": expected a list of numbers: " + e.getMessage(), e);
        }
        if (list.size() != 1 && list.size() != modalities) {
            throw new ConfigValidationException(ALPHA + " = " + list + ": expected one weight for every modality"
                    + " or one per modality (" + modalities + ")");
        }
        double[] alpha = list.stream().mapToDouble(Double::doubleValue).toArray();
        for (double a : alpha) {
            if (!(a >= 0.0 && a <= 1e6)) {
                throw new ConfigValidationException(ALPHA + " = " + Arrays.toString(alpha)
                        + ": every weight must be in [0, 1e6]");
            }
        }
        double t = ConfigChecks.doubleInRange(c, TEMPERATURE, 0.05, 100.0);
        return new TeacherKdSettings(alpha, t);
    }

    /** alpha_m for each of {@code modalities} modalities. */
    public double[] alphas(int modalities) {
        if (alpha.length == modalities) {
            return alpha.clone();
        }
        if (alpha.length != 1) {
            throw new IllegalArgumentException(ALPHA + " has " + alpha.length + " weights for " + modalities
                    + " modalities");
        }
        double[] out = new double[modalities];
        Arrays.fill(out, alpha[0]);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TeacherKdSettings s && Arrays.equals(s.alpha, alpha) && s.temperature == temperature;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(alpha) * 31 + Double.hashCode(temperature);
    }

    @Override
    public String toString() {
        return "alpha=" + (alpha.length == 1 ? String.valueOf(alpha[0]) : Arrays.toString(alpha)) + ", T=" + temperature;
    }
}
