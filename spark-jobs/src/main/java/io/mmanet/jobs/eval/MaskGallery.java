package io.mmanet.jobs.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The predicted masks of a segmentation evaluation as the report shows them: a grid with one row
 * per sample and one column per image (the inputs, the ground truth, then one prediction per
 * evaluated model and combination), each cell a PNG next to the report ({@code SampleMasks} wrote
 * them), and the palette's legend. Pure: renders the report's HTML and markdown sections.
 *
 * @param columns    column headings, in order
 * @param samples    per sample its id and, per column, the PNG's path relative to the report
 *                   (null where there is nothing to show: the sample lacks a modality of the
 *                   combination, or the input)
 * @param classNames class names in class order (their colours are {@link MaskPainter#colour})
 * @param ignoreName what the ignore label's black stands for
 */
public record MaskGallery(List<String> columns, List<Sample> samples, List<String> classNames, String ignoreName) {

    /** One row of the grid. */
    public record Sample(String id, List<String> images) {
        public Sample {
            images = java.util.Collections.unmodifiableList(new ArrayList<>(images));
        }
    }

    public MaskGallery {
        columns = List.copyOf(columns);
        samples = List.copyOf(samples);
        classNames = List.copyOf(classNames);
        for (Sample s : samples) {
            if (s.images().size() != columns.size()) {
                throw new IllegalArgumentException("sample " + s.id() + " has " + s.images().size() + " images for "
                        + columns.size() + " columns");
            }
        }
    }

    /** Every PNG the grid shows, relative to the report. */
    public List<String> images() {
        List<String> all = new ArrayList<>();
        samples.forEach(s -> s.images().stream().filter(java.util.Objects::nonNull).forEach(all::add));
        return all;
    }

    public String html() {
        StringBuilder sb = new StringBuilder("<h2>Predicted masks</h2>\n<p>The first ").append(samples.size())
                .append(" samples of the evaluated split: inputs, ground truth, and each model's prediction through "
                        + "each combination.</p>\n<p>");
        for (int c = 0; c < classNames.size(); c++) {
            sb.append(swatch(MaskPainter.colour(c), classNames.get(c)));
        }
        sb.append(swatch(MaskPainter.IGNORE_RGB, ignoreName)).append("</p>\n<table class=\"masks\"><tr><th>sample</th>");
        columns.forEach(c -> sb.append("<th>").append(EvaluationReport.esc(c)).append("</th>"));
        sb.append("</tr>\n");
        for (Sample s : samples) {
            sb.append("<tr><td>").append(EvaluationReport.esc(s.id())).append("</td>");
            for (int c = 0; c < columns.size(); c++) {
                String img = s.images().get(c);
                sb.append("<td>").append(img == null ? "n/a" : "<img src=\"" + EvaluationReport.esc(img) + "\" alt=\""
                        + EvaluationReport.esc(s.id() + " " + columns.get(c)) + "\">").append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    private static String swatch(int rgb, String name) {
        return "<span style=\"display:inline-block;margin-right:1em\"><span style=\"display:inline-block;width:12px;"
                + "height:12px;vertical-align:middle;background:" + MaskPainter.hex(rgb) + "\"></span> "
                + EvaluationReport.esc(name) + "</span>";
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("## Predicted masks\n\nThe first ").append(samples.size())
                .append(" samples of the evaluated split (PNGs next to this report). Colours: ");
        List<String> legend = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            legend.add(classNames.get(c) + " `" + MaskPainter.hex(MaskPainter.colour(c)) + "`");
        }
        legend.add(ignoreName + " `" + MaskPainter.hex(MaskPainter.IGNORE_RGB) + "`");
        sb.append(String.join(", ", legend)).append(".\n\n| sample |");
        columns.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append("\n|---|").append("---|".repeat(columns.size())).append('\n');
        for (Sample s : samples) {
            sb.append("| ").append(s.id()).append(" |");
            for (int c = 0; c < columns.size(); c++) {
                String img = s.images().get(c);
                sb.append(' ').append(img == null ? "n/a" : "![" + columns.get(c) + "](" + img + ")").append(" |");
            }
            sb.append('\n');
        }
        return sb.append('\n').toString();
    }
}
