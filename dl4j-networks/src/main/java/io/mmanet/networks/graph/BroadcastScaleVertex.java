package io.mmanet.networks.graph;

/**
 * Configuration shared by the two-input vertices that scale a feature map by their second input
 * ({@link ModalityMaskVertex}, {@link ChannelScaleVertex}): no parameters, output type of input 0.
 */
abstract class BroadcastScaleVertex extends PairVertex {
    private static final long serialVersionUID = 1L;
}
