/** Distributively computed pixel statistics. */
package io.mmanet.prep.stats;
