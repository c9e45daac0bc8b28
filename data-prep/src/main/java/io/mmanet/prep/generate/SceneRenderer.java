package io.mmanet.prep.generate;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Draws one modality of a {@link FaceScene} as it looks for a shown class (bona fide or an
 * attack type). The class cues per modality follow how real sensors see presentation attacks:
 * depth shows the 3-D relief of a live face but a flat plane for paper and screens; IR shows
 * skin reflectance (bright skin, dark eyes) but a matte uniform paper or a dark screen; RGB shows
 * the face with halftone and faded colours (print) or moire and a blue cast (replay).
 */
final class SceneRenderer {

    enum Kind { RGB, DEPTH, IR }

    private SceneRenderer() {
    }

    static Kind kindOf(String modality) {
        return switch (modality.toLowerCase(Locale.ROOT)) {
            case "rgb" -> Kind.RGB;
            case "depth" -> Kind.DEPTH;
            case "ir" -> Kind.IR;
            default -> null;
        };
    }

    /**
     * @param attack the attack shown, or null for a bona-fide face
     * @return HWC uint8 pixels, 3 channels for RGB and 1 for depth and IR
     */
    static byte[] render(Kind kind, FaceScene s, AttackType attack, int size, double noise, SplittableRandom r) {
        int c = kind == Kind.RGB ? 3 : 1;
        byte[] out = new byte[size * size * c];
        double[] px = new double[3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double u = s.u(x + 0.5, y + 0.5);
                double v = s.v(x + 0.5, y + 0.5);
                boolean inMedium = attack != null && Math.abs(u) <= s.mediumWidth() && Math.abs(v) <= s.mediumHeight();
                switch (kind) {
                    case RGB -> rgb(s, attack, inMedium, u, v, x, y, size, px);
                    case DEPTH -> px[0] = depth(s, attack, inMedium, u, v, x, y, size);
                    case IR -> px[0] = ir(s, attack, inMedium, u, v);
                }
                int o = (y * size + x) * c;
                for (int k = 0; k < c; k++) {
                    double val = px[k] + (noise > 0 ? noise * r.nextGaussian() : 0);
                    out[o + k] = (byte) Math.max(0, Math.min(255, (int) Math.round(val)));
                }
            }
        }
        return out;
    }

    /** 1 inside the face, with soft shading; eyes, brows, mouth and hair as masks. */
    private static double faceMask(double u, double v) {
        return u * u + v * v <= 1 ? 1 : 0;
    }

    private static boolean eye(double u, double v) {
        double du = Math.abs(u) - 0.38;
        double dv = v + 0.2;
        return (du * du) / (0.15 * 0.15) + (dv * dv) / (0.08 * 0.08) <= 1;
    }

    private static boolean mouth(double u, double v) {
        double dv = v - 0.5;
        return Math.abs(u) <= 0.32 && Math.abs(dv) <= 0.06 + 0.05 * (1 - Math.abs(u) / 0.32);
    }

    private static boolean hair(double u, double v) {
        return v < -0.55 && u * u + v * v <= 1.15;
    }

    private static double lighting(FaceScene s, double u, double v) {
        return s.light() * (1 + s.lightDx() * u + s.lightDy() * v);
    }

    private static void rgb(FaceScene s, AttackType attack, boolean inMedium, double u, double v, int x, int y,
                            int size, double[] px) {
        double[] bg = s.background();
        if (attack != null && inMedium && faceMask(u, v) == 0 && !hair(u, v)) {
            // The photo's own background inside the paper or screen.
            double base = attack == AttackType.PRINT ? 215 : 70;
            px[0] = base;
            px[1] = base;
            px[2] = attack == AttackType.PRINT ? base - 15 : base + 25;
        } else if (hair(u, v)) {
            px[0] = 45;
            px[1] = 35;
            px[2] = 30;
        } else if (faceMask(u, v) > 0) {
            double shade = lighting(s, u, v) * (1 - 0.25 * (u * u + v * v));
            double[] skin = s.skin();
            for (int k = 0; k < 3; k++) {
                px[k] = skin[k] * shade;
            }
            if (eye(u, v)) {
                px[0] = 40;
                px[1] = 35;
                px[2] = 35;
            } else if (mouth(u, v)) {
                px[0] = 170 * shade;
                px[1] = 70 * shade;
                px[2] = 70 * shade;
            }
        } else {
            double g = 1 + 0.3 * ((double) y / size - 0.5);
            px[0] = bg[0] * g;
            px[1] = bg[1] * g;
            px[2] = bg[2] * g;
            return;
        }
        if (attack == AttackType.PRINT && inMedium) {
            // Faded, warm print with halftone dots.
            double mean = (px[0] + px[1] + px[2]) / 3;
            double dots = 1 + 0.16 * Math.cos(2 * Math.PI * x / s.patternPeriod())
                    * Math.cos(2 * Math.PI * y / s.patternPeriod());
            px[0] = (0.55 * px[0] + 0.45 * mean + 12) * dots;
            px[1] = (0.55 * px[1] + 0.45 * mean + 6) * dots;
            px[2] = (0.55 * px[2] + 0.45 * mean - 10) * dots;
        } else if (attack == AttackType.REPLAY && inMedium) {
            // Screen: moire stripes and a blue cast.
            double t = (x * Math.cos(s.patternAngle()) + y * Math.sin(s.patternAngle())) / (s.patternPeriod() + 1);
            double moire = 22 * Math.sin(2 * Math.PI * t);
            px[0] = px[0] * 0.9 + moire;
            px[1] = px[1] * 0.95 + moire;
            px[2] = px[2] * 0.95 + 30 + moire;
        }
    }

    private static double depth(FaceScene s, AttackType attack, boolean inMedium, double u, double v, int x, int y,
                                int size) {
        double far = 25;
        if (attack != null) {
            if (!inMedium) {
                return far;
            }
            // Paper or screen: a (slightly tilted) plane in front of the background.
            double bend = attack == AttackType.PRINT ? 6 * (1 - u * u / (s.mediumWidth() * s.mediumWidth())) : 0;
            return 130 + 40 * (s.depthTiltX() * (x - s.cx()) + s.depthTiltY() * (y - s.cy())) / size + bend;
        }
        double r2 = u * u + v * v;
        if (r2 > 1) {
            return hair(u, v) ? 120 : far;
        }
        // Ellipsoid head, nose and brow ridge: a live face has relief.
        double relief = 95 * Math.sqrt(1 - r2);
        double nose = 40 * Math.exp(-(u * u) / 0.02 - ((v - 0.12) * (v - 0.12)) / 0.06);
        double sockets = eye(u, v) ? -18 : 0;
        return 110 + relief + nose + sockets;
    }

    private static double ir(FaceScene s, AttackType attack, boolean inMedium, double u, double v) {
        double dark = 20;
        if (attack == AttackType.REPLAY && inMedium) {
            // LCD screens emit no near-infrared: a dark rectangle with a faint face.
            return 35 + (faceMask(u, v) > 0 ? 10 : 0);
        }
        if (attack == AttackType.PRINT && inMedium) {
            // Paper reflects IR uniformly; the ink shows faintly, the eyes are not dark.
            return 125 + (faceMask(u, v) > 0 ? 12 : 0) + (hair(u, v) ? -15 : 0);
        }
        if (hair(u, v)) {
            return 60;
        }
        if (faceMask(u, v) == 0) {
            return dark;
        }
        double shade = s.irSkin() * (1 - 0.35 * (u * u + v * v)) * (0.85 + 0.15 * s.light());
        if (eye(u, v)) {
            return 30;
        }
        return mouth(u, v) ? shade * 0.7 : shade;
    }
}
