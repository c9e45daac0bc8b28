package io.mmanet.methods.dmrnet;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.mar.MarMemoryBank;
import io.mmanet.networks.mar.WeakCombinationMiner;
import io.mmanet.networks.method.EpochContext;
import io.mmanet.networks.method.EpochHook;
import io.mmanet.networks.method.HookState;
import io.mmanet.networks.method.MethodSettings;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DMRNet's hard combinations on the driver. After every epoch the deployment network embeds the
 * mining split through each (M-1)-combination and the full one, and the per-combination mean
 * sigma^2 = exp(log sigma^2) over rows and dimensions is logged; on the configured mining epochs
 * it is recorded in the {@link VarianceBank} (checkpointed hook state). At the end of warm-up the
 * hard set (the largest-variance (M-1)-combination and its subsets, or the configured set) is
 * broadcast to the workers through the weak-set mechanism MAR uses.
 */
final class HardCombinationMining implements EpochHook {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HardCombinationMining.class);

    /** Key of the {@link VarianceBank.State} in the hook state. */
    static final String STATE_KEY = "dmrnet.variance-bank";

    /** sigma^2 from log sigma^2. */
    private static final EpochContext.ActivationTransform VARIANCE = a -> Transforms.exp(a, true);

    @Override
    public void afterEpoch(int epoch, EpochContext context) {
        MethodSettings s = context.settings();
        DmrnetOptions options = s.options(DmrnetOptions.class);
        Modalities modalities = context.modalities();
        HookState hooks = context.hookState();
        VarianceBank bank = new VarianceBank(modalities, hooks.get(STATE_KEY, VarianceBank.State.class));
        Map<ModalityCombination, Double> variance = context.meanActivation(DmrnetMethod.LOGVAR + "_bn",
                WeakCombinationMiner.candidates(modalities), VARIANCE);
        boolean recorded = !options.fixed() && s.isMiningEpoch(epoch);
        if (recorded) {
            bank.record(epoch, variance);
            hooks.put(STATE_KEY, bank.state());
        }
        LOG.info("DMRNet after epoch {}: mean sigma^2 on the {} split:{}{}", epoch, s.miningSplit(), format(variance),
                recorded ? " (recorded for mining)" : "");
        if (epoch == s.warmupEpochs()) {
            Set<ModalityCombination> hard;
            if (options.fixed()) {
                hard = options.fixedSet(modalities);
                LOG.info("DMRNet hard set fixed by method.dmrnet.hard-combinations: {}", MarMemoryBank.names(hard));
            } else {
                hard = bank.hardSet();
                LOG.info("DMRNet hard set fixed at the end of warm-up (epoch {}): hardest combination {}, hard set {};"
                        + " mean sigma^2 over {} mining epochs:{}", epoch, bank.hardCombination(),
                        MarMemoryBank.names(hard), bank.epochsRecorded(), format(bank.accumulated()));
            }
            bank.state().hardSet = MarMemoryBank.names(hard);
            hooks.put(STATE_KEY, bank.state());
            context.publishWeakSet(hard);
        } else if (epoch > s.warmupEpochs()) {
            LOG.info("DMRNet epoch {}: hard-combination regularizer on {}", epoch, bank.state().hardSet);
        }
    }

    private static String format(Map<ModalityCombination, Double> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.5f", k, v)));
        return sb.toString();
    }
}
