/**
 * The segmentation task (MMANet's second task, spec 1.6, 2.2, 3.6, 4.3; docs/segmentation.md): a
 * class per pixel, a decoder with skips from the fused levels, per-pixel class-weighted
 * cross-entropy with an ignore label, per-pixel MAD over three fused levels, mIoU.
 */
package io.mmanet.tasks.segmentation;
