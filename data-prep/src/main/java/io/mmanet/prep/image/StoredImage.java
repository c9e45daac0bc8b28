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
        return fromEncoded(encoded, encoded.length, channels, height, width, minSourceSize, maxSourcePixels);
    }

    /** The same from the first {@code length} bytes of {@code encoded}. */
    public static byte[] fromEncoded(byte[] encoded, int length, int channels, int height, int width,
                                     int minSourceSize, long maxSourcePixels)
            throws UnreadableImageException, ImageTooSmallException, ImageTooLargeException {
        return decode(encoded, length, channels, height, width, minSourceSize, maxSourcePixels,
                PixelExtractor.FULL_16_BIT).pixels();
    }

    /** Stored pixels and the size of the source they came from (a label image must match it). */
    public record Stored(byte[] pixels, int sourceHeight, int sourceWidth) {
    }

    /** @param sixteenBitMax the 16-bit value stored as 255 (see {@link PixelExtractor}) */
    public static Stored decode(byte[] encoded, int length, int channels, int height, int width,
                                int minSourceSize, long maxSourcePixels, int sixteenBitMax)
            throws UnreadableImageException, ImageTooSmallException, ImageTooLargeException {
        BufferedImage img = ImageDecoder.decode(encoded, length, maxSourcePixels);
        if (img.getWidth() < minSourceSize || img.getHeight() < minSourceSize) {
            throw new ImageTooSmallException(img.getWidth() + "x" + img.getHeight()
                    + " is below prep.min-source-size = " + minSourceSize);
        }
        byte[] px = PixelExtractor.toChannels(img, channels, sixteenBitMax);
        return new Stored(ImageResizer.resize(px, img.getHeight(), img.getWidth(), channels, height, width),
                img.getHeight(), img.getWidth());
    }
}
