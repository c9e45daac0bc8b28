package io.mmanet.prep.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.networks.combination.Modality;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The manifest's modality list keeps its JSON shape now that it holds dl4j-networks' Modality. */
class ManifestJsonTest {

    @Test
    void modalitiesAreWrittenAsNameAndChannelsInThatOrder() throws Exception {
        Manifest m = new Manifest();
        m.modalities.add(new Modality("rgb", 3));
        m.modalities.add(new Modality("ir", 1));

        String modalities = new ObjectMapper().writeValueAsString(new ObjectMapper().readTree(m.toJson()).get("modalities"));

        assertEquals("[{\"name\":\"rgb\",\"channels\":3},{\"name\":\"ir\",\"channels\":1}]", modalities);
    }

    @Test
    void aManifestWrittenBeforeReadsIntoModalities() {
        // The modalities part of a manifest.json as prep wrote it with its former ModalitySpec type.
        String json = "{\"formatVersion\" : 1, \"modalities\" : [ {\n    \"name\" : \"rgb\",\n    \"channels\" : 3\n  },"
                + " {\n    \"name\" : \"depth\",\n    \"channels\" : 1\n  } ], \"height\" : 8, \"width\" : 8}";

        Manifest m = Manifest.fromJson(json);

        assertEquals(List.of(new Modality("rgb", 3), new Modality("depth", 1)), m.modalities);
        assertEquals(1, m.modalityIndex("depth"));
    }
}
