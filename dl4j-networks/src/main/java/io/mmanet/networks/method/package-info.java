/**
 * The {@link io.mmanet.networks.method.Method} strategy interface, its registry
 * {@link io.mmanet.networks.method.Methods}, training parts, epoch hooks, run state, the method and
 * optimizer settings and the learning-rate schedule. The methods themselves live in
 * {@code io.mmanet.methods.<name>}.
 */
package io.mmanet.networks.method;
