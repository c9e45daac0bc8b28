/**
 * One package per training method ({@link io.mmanet.networks.method.Method}); each is registered
 * by one line in {@link io.mmanet.networks.method.Methods}. {@code parts} holds the training
 * parts several methods share (distillation from the teacher, the regularization network).
 */
package io.mmanet.methods;
