/** Decoded samples to training MultiDataSets and inference inputs; the data carries warm-up gating and MAR masks. */
package io.mmanet.networks.data;
