/** MAR mining: candidates, predicted-label histograms, KL discrepancy, memory bank and weak set (spec decision 5). */
package io.mmanet.networks.mar;
