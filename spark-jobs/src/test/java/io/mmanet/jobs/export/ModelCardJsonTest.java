package io.mmanet.jobs.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.jobs.testing.TinyGraphs;
import io.mmanet.networks.combination.Modality;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The model card's modalities keep their JSON shape: cards exported before still load. */
class ModelCardJsonTest {

    @Test
    void modalitiesRoundTripWithTheSameJson(@TempDir Path tmp) throws Exception {
        Configuration hadoop = new Configuration();
        String dir = tmp.resolve("model").toUri().toString();
        ModelCard card = new ModelCard();
        card.modalities.add(new Modality("rgb", 3));
        card.modalities.add(new Modality("ir", 1));
        ModelExport.write(dir, TinyGraphs.classifier(4, 2, 1), card, hadoop);

        String written = Files.readString(tmp.resolve("model").resolve(ModelExport.CARD), StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        assertEquals("[{\"name\":\"rgb\",\"channels\":3},{\"name\":\"ir\",\"channels\":1}]",
                json.writeValueAsString(json.readTree(written).get("modalities")));
        assertEquals(card.modalities, ModelExport.read(dir, hadoop).card().modalities);
    }

    @Test
    void aCardExportedBeforeStillLoads(@TempDir Path tmp) throws Exception {
        Configuration hadoop = new Configuration();
        String dir = tmp.resolve("model").toUri().toString();
        ModelExport.write(dir, TinyGraphs.classifier(4, 2, 1), new ModelCard(), hadoop);
        // The card as ModelExport wrote it with the former ModelCard.Modality (public name, channels).
        String old = "{\n  \"name\" : \"mmanet\",\n"
                + "  \"role\" : \"deployment\",\n  \"modalities\" : [ {\n    \"name\" : \"rgb\",\n    \"channels\" : 3\n"
                + "  }, {\n    \"name\" : \"depth\",\n    \"channels\" : 1\n  } ],\n  \"inputHeight\" : 2,\n"
                + "  \"inputWidth\" : 2\n}\n";
        org.apache.hadoop.fs.Path card = new org.apache.hadoop.fs.Path(dir, ModelExport.CARD);
        try (var out = card.getFileSystem(hadoop).create(card, true)) {
            out.write(old.getBytes(StandardCharsets.UTF_8));
        }

        ModelCard read = ModelExport.read(dir, hadoop).card();

        assertEquals(List.of(new Modality("rgb", 3), new Modality("depth", 1)), read.modalities);
        assertEquals("deployment", read.role);
    }
}
