/** Benchmarks of data-prep, run by {@code mmanet bench prep}. */
package io.mmanet.prep.bench;
