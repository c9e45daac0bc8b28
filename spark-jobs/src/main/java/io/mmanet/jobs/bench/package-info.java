/** {@code mmanet bench train}: training throughput measured side by side in one run. */
package io.mmanet.jobs.bench;
