/**
 * What the benchmark commands ({@code bench train}, {@code bench prep}) share about measuring on a
 * JVM: when a warm-up is over. Plain JVM code, no Spark, no DL4J.
 */
package io.mmanet.bench;
