package io.mmanet.prep.generate;

import java.util.SplittableRandom;

/**
 * The class-independent nuisance of one sample, shared by all its modalities (the sensors are
 * registered): face position, size and roll, lighting, skin and background, and the look of the
 * attack medium should a modality show an attack.
 */
record FaceScene(double cx, double cy, double rx, double ry, double cos, double sin,
                 double light, double lightDx, double lightDy, double[] skin, double[] background,
                 double mediumWidth, double mediumHeight, double patternPeriod, double patternAngle,
                 double depthTiltX, double depthTiltY, double irSkin) {

    static FaceScene draw(SplittableRandom r, int size) {
        double scale = size * (0.26 + 0.08 * r.nextDouble());
        double angle = Math.toRadians(-15 + 30 * r.nextDouble());
        double tone = 0.6 + 0.4 * r.nextDouble();
        return new FaceScene(
                size * (0.42 + 0.16 * r.nextDouble()),
                size * (0.44 + 0.14 * r.nextDouble()),
                scale * (0.78 + 0.08 * r.nextDouble()),
                scale,
                Math.cos(angle), Math.sin(angle),
                0.7 + 0.6 * r.nextDouble(),
                -0.25 + 0.5 * r.nextDouble(),
                -0.25 + 0.5 * r.nextDouble(),
                new double[]{225 * tone, 180 * tone, 150 * tone},
                new double[]{40 + 140 * r.nextDouble(), 40 + 140 * r.nextDouble(), 40 + 140 * r.nextDouble()},
                1.35 + 0.2 * r.nextDouble(),
                1.4 + 0.2 * r.nextDouble(),
                3 + 3 * r.nextDouble(),
                Math.PI * r.nextDouble(),
                -0.3 + 0.6 * r.nextDouble(),
                -0.3 + 0.6 * r.nextDouble(),
                150 + 50 * r.nextDouble());
    }

    /** Face-frame coordinates of pixel (x, y): the unit circle is the face outline. */
    double u(double x, double y) {
        return ((x - cx) * cos + (y - cy) * sin) / rx;
    }

    double v(double x, double y) {
        return (-(x - cx) * sin + (y - cy) * cos) / ry;
    }
}
