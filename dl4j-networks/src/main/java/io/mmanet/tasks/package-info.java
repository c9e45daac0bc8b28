/**
 * One package per task ({@link io.mmanet.networks.task.Task}); each is registered by one line in
 * {@link io.mmanet.networks.task.Tasks}.
 */
package io.mmanet.tasks;
