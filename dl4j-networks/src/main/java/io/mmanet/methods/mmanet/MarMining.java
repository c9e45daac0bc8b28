package io.mmanet.methods.mmanet;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.mar.MarMemoryBank;
import io.mmanet.networks.mar.WeakCombinationMiner;
import io.mmanet.networks.method.EpochContext;
import io.mmanet.networks.method.EpochHook;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.metrics.ConfusionMatrix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MAR mining on the driver (spec decision 5, sections 3 and 3.6): after each configured mining
 * epoch, the deployment network predicts the mining split through every (M-1)-combination and the
 * full one; the task's discrepancies (KL of predicted-label histograms, or the squared mIoU
 * difference for segmentation) go to the memory bank. At the end of warm-up the weak set W (the weakest
 * combination and its subsets) is fixed and broadcast to the workers.
 */
public final class MarMining implements EpochHook {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MarMining.class);

    @Override
    public void afterEpoch(int epoch, EpochContext context) {
        MethodSettings s = context.settings();
        MarMemoryBank bank = context.hookState().marBank();
        if (s.isMiningEpoch(epoch)) {
            Map<ModalityCombination, ConfusionMatrix> cms = context.predictionConfusions(
                    WeakCombinationMiner.candidates(bank.modalities()));
            bank.record(epoch, cms, context.spec().task());
            StringBuilder sb = new StringBuilder();
            bank.state().epochs.get(bank.state().epochs.size() - 1).discrepancies
                    .forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.5f", k, v)));
            StringBuilder hs = new StringBuilder();
            cms.forEach((c, cm) -> hs.append(hs.length() > 0 ? ", " : "").append(c).append('=')
                    .append(Arrays.toString(cm.predictedCounts())));
            LOG.info("MAR mining after epoch {}: predicted-label histograms {{}}; {} discrepancy to full:{}", epoch, hs,
                    context.spec().task().name(), sb);
        }
        if (epoch == s.warmupEpochs()) {
            if (bank.epochsRecorded() == 0) {
                throw new IllegalStateException("end of warm-up (epoch " + epoch + ") but no MAR mining epoch was"
                        + " recorded; method.mining-epochs must lie within the warm-up");
            }
            Set<ModalityCombination> w = bank.weakSet();
            StringBuilder sb = new StringBuilder();
            bank.meanDiscrepancies().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.5f", k, v)));
            LOG.info("MAR weak set fixed at the end of warm-up (epoch {}): weakest combination {}, W = {}; memory bank"
                    + " (mean discrepancy over {} mining epochs):{}", epoch, bank.weakCombination(), MarMemoryBank.names(w),
                    bank.epochsRecorded(), sb);
            context.publishWeakSet(w);
        }
    }
}
