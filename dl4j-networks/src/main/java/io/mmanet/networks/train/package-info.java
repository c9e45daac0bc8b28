/** Single-JVM training with the Spark worker's step semantics, and the mining prediction pass. */
package io.mmanet.networks.train;
