package io.mmanet.jobs.input;

/**
 * One shard row before decoding: per modality the uint8 HWC bytes, or null when the corpus row
 * lacks that modality (a naturally incomplete sample).
 */
public record RawSample(String id, int label, byte[][] pixels) {
}
