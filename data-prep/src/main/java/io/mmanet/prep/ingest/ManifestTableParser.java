package io.mmanet.prep.ingest;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.corpus.CorpusSettings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The generic manifest format: a CSV (comma) or TSV (tab, detected from the header) file whose
 * header names {@code id}, {@code split}, {@code label} and one column per configured modality;
 * other columns are ignored. A segmentation corpus has a {@code label_image} column (the path of
 * each row's label image) instead of {@code label}. One record per line (quoted cells may not span lines).
 */
public final class ManifestTableParser {

    private final ObjectReader reader;
    private final int idCol;
    private final int splitCol;
    private final int labelCol;
    private final int[] modalityCols;
    private final int columns;
    private final List<String> splits;
    private final RowValidator validator;

    /** The label column of a segmentation manifest. */
    public static final String LABEL_IMAGE_COLUMN = "label_image";

    private ManifestTableParser(ObjectReader reader, int idCol, int splitCol, int labelCol, int[] modalityCols,
                                int columns, List<String> splits, RowValidator validator) {
        this.reader = reader;
        this.idCol = idCol;
        this.splitCol = splitCol;
        this.labelCol = labelCol;
        this.modalityCols = modalityCols;
        this.columns = columns;
        this.splits = splits;
        this.validator = validator;
    }

    /** Reads the header line; a bad header fails the job (nothing below it can be interpreted). */
    public static ManifestTableParser fromHeader(String source, String headerLine, CorpusSettings settings) {
        char sep = headerLine.indexOf('\t') >= 0 ? '\t' : ',';
        ObjectReader reader = new CsvMapper()
                .enable(CsvParser.Feature.TRIM_SPACES)
                .readerFor(String[].class)
                .with(CsvSchema.emptySchema().withColumnSeparator(sep));
        String[] header = cells(reader, headerLine, source, 1);
        List<String> names = Arrays.stream(header).map(String::trim).toList();
        int[] modalityCols = new int[settings.modalities().size()];
        List<String> missing = new ArrayList<>();
        for (int m = 0; m < modalityCols.length; m++) {
            Modality spec = settings.modalities().get(m);
            modalityCols[m] = names.indexOf(spec.name());
            if (modalityCols[m] < 0) {
                missing.add(spec.name());
            }
        }
        String labelColumn = settings.segmentation() ? LABEL_IMAGE_COLUMN : "label";
        for (String required : List.of("id", "split", labelColumn)) {
            if (!names.contains(required)) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw new CorpusFormatException(source + " line 1: the header " + names + " lacks the column(s) "
                    + missing + " (needed: id, split, " + labelColumn + " and one column per modality)");
        }
        return new ManifestTableParser(reader, names.indexOf("id"), names.indexOf("split"), names.indexOf(labelColumn),
                modalityCols, names.size(), settings.splits(), new RowValidator(settings, true));
    }

    public ParsedLine parse(String source, long lineNumber, String line) {
        String[] c;
        try {
            c = cells(reader, line, source, lineNumber);
        } catch (CorpusFormatException e) {
            return RowValidator.reject("", source, lineNumber, source + ":" + lineNumber, null,
                    QuarantineReason.WRONG_COLUMN_COUNT, e.getMessage());
        }
        String split = c.length > splitCol && !c[splitCol].isBlank() ? c[splitCol].trim() : "?";
        if (c.length != columns) {
            return RowValidator.reject(split, source, lineNumber, source + ":" + lineNumber, null,
                    QuarantineReason.WRONG_COLUMN_COUNT, "expected " + columns + " columns as in the header, found "
                            + c.length);
        }
        String id = c[idCol].trim();
        if (id.isEmpty()) {
            return RowValidator.reject(split, source, lineNumber, source + ":" + lineNumber, null,
                    QuarantineReason.MISSING_ID, "the id cell is empty");
        }
        if (!splits.contains(split)) {
            return RowValidator.reject(split, source, lineNumber, id, null, QuarantineReason.UNKNOWN_SPLIT,
                    "split '" + split + "' is not one of corpus.lists " + splits);
        }
        String[] paths = new String[modalityCols.length];
        for (int m = 0; m < paths.length; m++) {
            paths[m] = c[modalityCols[m]];
        }
        return validator.validate(split, source, lineNumber, id, c[labelCol], paths);
    }

    private static String[] cells(ObjectReader reader, String line, String source, long lineNumber) {
        try {
            String[] v = reader.readValue(line);
            return v == null ? new String[0] : v;
        } catch (IOException e) {
            throw new CorpusFormatException(source + " line " + lineNumber + ": not a CSV record: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            throw new CorpusFormatException(source + " line " + lineNumber + ": not a CSV record: " + e.getMessage());
        }
    }
}
