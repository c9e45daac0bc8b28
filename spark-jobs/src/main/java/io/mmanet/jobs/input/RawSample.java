package io.mmanet.jobs.input;

/**
 * One shard row before decoding: per modality the uint8 HWC bytes, or null when the corpus row
 * lacks that modality (a naturally incomplete sample); for a segmentation corpus its label image
 * (uint8 H*W class indices or the ignore value, at the stored size), null for classification.
 */
public record RawSample(String id, int label, byte[][] pixels, byte[] labelImage) {

    public RawSample(String id, int label, byte[][] pixels) {
        this(id, label, pixels, null);
    }
}
