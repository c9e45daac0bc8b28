/**
 * The {@link io.mmanet.networks.task.Task} abstraction (what is predicted: label, head, loss,
 * metrics) and its registry {@link io.mmanet.networks.task.Tasks}. Implementations live in
 * {@code io.mmanet.tasks.<name>}.
 */
package io.mmanet.networks.task;
