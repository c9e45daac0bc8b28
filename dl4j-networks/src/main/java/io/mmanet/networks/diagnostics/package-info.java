/**
 * Measurements that explain a training run rather than drive it (issue 14): how strongly each
 * loss term pulls on the deployment network.
 */
package io.mmanet.networks.diagnostics;
