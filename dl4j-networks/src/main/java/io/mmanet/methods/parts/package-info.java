/**
 * Training parts shared by several methods: {@link io.mmanet.methods.parts.Distillation} (frozen
 * teacher + MAD or SP) and {@link io.mmanet.methods.parts.Regularization} (regularization network
 * + masked loss on a method-chosen set of combinations).
 */
package io.mmanet.methods.parts;
