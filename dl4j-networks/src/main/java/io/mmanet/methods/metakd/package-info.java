/**
 * The metakd method (MetaKD, spec 7.2): modality-weighted pairwise feature distillation with
 * importance weights learned by a first-order meta step on the driver. See {@link
 * io.mmanet.methods.metakd.MetaKdMethod}. Registered in {@link io.mmanet.networks.method.Methods}.
 */
package io.mmanet.methods.metakd;
