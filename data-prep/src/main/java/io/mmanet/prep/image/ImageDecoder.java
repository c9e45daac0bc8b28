package io.mmanet.prep.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Decodes PNG/JPEG/BMP/GIF bytes with javax.imageio. A decoder warning counts as a failure:
 * ImageIO decodes a truncated JPEG with only a warning ("Premature end of JPEG file") and grey
 * filler, which must not end up in a shard as if it were a real image.
 */
public final class ImageDecoder {

    static {
        // The disk cache makes ImageIO write a temp file per stream; we always decode from memory.
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {
    }

    /**
     * @param maxPixels refuse images whose header declares more pixels (checked before any pixel
     *                  buffer is allocated, so a small "decompression bomb" cannot exhaust memory)
     */
    public static BufferedImage decode(byte[] data, long maxPixels)
            throws UnreadableImageException, ImageTooLargeException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnreadableImageException("not a PNG, JPEG, BMP or GIF image");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new ImageTooLargeException(reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " is above prep.max-source-pixels = " + maxPixels);
                }
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new UnreadableImageException(reader.getFormatName() + " decoder: " + warnings.get(0));
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO reports truncated or corrupt data as IIOException, EOFException or, for some
            // corrupt headers, IndexOutOfBounds/IllegalArgument from inside the codec.
            throw new UnreadableImageException("corrupt or truncated image: " + e);
        }
    }
}
