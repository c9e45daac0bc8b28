package io.mmanet.networks.method;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;

import java.util.ArrayList;
import java.util.List;

/**
 * The teachers a method distils from. A teacher is the SF network trained on one combination,
 * on every corpus row that has that combination (so the full-modality teacher trains on complete
 * rows, a per-modality teacher on every row that has its modality).
 */
public enum TeacherNeed {
    /** No distillation. */
    NONE,
    /** One teacher on every modality (MMANet, SP, MAD, SR; spec decision 3). */
    FULL_MODALITY,
    /** One teacher per modality (Wang et al. KDD 2020, spec 7.3; MetaKD-style pairwise distillation). */
    PER_MODALITY;

    /** The combination each teacher is trained on, in modality order; empty for {@link #NONE}. */
    public List<ModalityCombination> combinations(Modalities modalities) {
        List<ModalityCombination> out = new ArrayList<>();
        switch (this) {
            case NONE -> { }
            case FULL_MODALITY -> out.add(ModalityCombination.full(modalities));
            case PER_MODALITY -> {
                for (int m = 0; m < modalities.size(); m++) {
                    out.add(ModalityCombination.ofBits(1 << m, modalities));
                }
            }
        }
        return out;
    }

    /** Lower-case name for listings: none, full-modality, per-modality. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
