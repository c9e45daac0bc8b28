package io.mmanet.prep.image;

import java.awt.image.BufferedImage;

/** Encoded source bytes to the stored form: decode, check size, convert channels, resize. */
public final class StoredImage {

    private StoredImage() {
    }

    /** @return uint8 pixels, row-major HWC, {@code height * width * channels} bytes */
    public static byte[] fromEncoded(byte[] encoded, int channels, int height, int width, int minSourceSize,
                                     long maxSourcePixels)
            throws UnreadableImageException, ImageTooSmallException, ImageTooLargeException {
        BufferedImage img = ImageDecoder.decode(encoded, maxSourcePixels);
        if (img.getWidth() < minSourceSize || img.getHeight() < minSourceSize) {
            throw new ImageTooSmallException(img.getWidth() + "x" + img.getHeight()
                    + " is below prep.min-source-size = " + minSourceSize);
        }
        byte[] px = PixelExtractor.toChannels(img, channels);
        return ImageResizer.resize(px, img.getHeight(), img.getWidth(), channels, height, width);
    }
}
