package io.mmanet.prep.image;

import io.mmanet.prep.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageConversionTest {

    @Test
    void channelConversionKeepsRawValues() {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        rgb.setRGB(0, 0, 0xFF0000);
        rgb.setRGB(1, 0, 0x102030);
        assertArrayEquals(new byte[]{(byte) 255, 0, 0, 0x10, 0x20, 0x30}, PixelExtractor.toChannels(rgb, 3));
        assertArrayEquals(new byte[]{(byte) 76, (byte) PixelExtractor.luma(16, 32, 48)}, PixelExtractor.toChannels(rgb, 1));

        BufferedImage grey = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 200);
        assertArrayEquals(new byte[]{(byte) 200, (byte) 200, (byte) 200}, PixelExtractor.toChannels(grey, 3));

        BufferedImage deep = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 65535);
        assertArrayEquals(new byte[]{(byte) 255}, PixelExtractor.toChannels(deep, 1));

        byte[] lut = {0, (byte) 255};
        BufferedImage palette = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(1, 2, lut, new byte[]{0, 0}, new byte[]{0, (byte) 128}));
        palette.getRaster().setSample(0, 0, 0, 1);
        assertArrayEquals(new byte[]{(byte) 255, 0, (byte) 128}, PixelExtractor.toChannels(palette, 3));
    }

    /** The direct byte-buffer path and Java2D's generic accessors agree on every common layout. */
    @Test
    void fastPathAgreesWithGenericAccessors() {
        int[] types = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY};
        for (int type : types) {
            BufferedImage img = TestImages.noise(7, 5, type, type);
            for (int channels : new int[]{1, 3}) {
                byte[] fast = PixelExtractor.toChannels(img, channels);
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 7; x++) {
                        int[] px = img.getRaster().getPixel(x, y, (int[]) null);
                        int i = (y * 7 + x) * channels;
                        if (type == BufferedImage.TYPE_BYTE_GRAY) {
                            for (int k = 0; k < channels; k++) {
                                assertEquals(px[0], fast[i + k] & 0xFF);
                            }
                        } else if (channels == 3) {
                            assertEquals(px[0], fast[i] & 0xFF);
                            assertEquals(px[1], fast[i + 1] & 0xFF);
                            assertEquals(px[2], fast[i + 2] & 0xFF);
                        } else {
                            assertEquals(PixelExtractor.luma(px[0], px[1], px[2]), fast[i] & 0xFF);
                        }
                    }
                }
            }
        }
    }

    @Test
    void resizeIsIdentityAtSameSizeAndExactOnConstantImages() {
        byte[] src = new byte[6 * 4 * 3];
        java.util.Arrays.fill(src, (byte) 77);
        assertSame(src, ImageResizer.resize(src, 4, 6, 3, 4, 6));
        for (int[] size : new int[][]{{2, 3}, {9, 13}, {1, 1}, {3, 2}}) {
            byte[] out = ImageResizer.resize(src, 4, 6, 3, size[0], size[1]);
            assertEquals(size[0] * size[1] * 3, out.length);
            for (byte b : out) {
                assertEquals(77, b & 0xFF);
            }
        }
    }

    @Test
    void downscaleAveragesAndUpscaleInterpolates() {
        // 4x4 grey: left half 0, right half 200 -> 2x2 box average keeps the edge.
        byte[] src = new byte[16];
        for (int y = 0; y < 4; y++) {
            src[y * 4 + 2] = (byte) 200;
            src[y * 4 + 3] = (byte) 200;
        }
        assertArrayEquals(new byte[]{0, (byte) 200, 0, (byte) 200}, ImageResizer.resize(src, 4, 4, 1, 2, 2));
        // 1x2 -> 1x4 bilinear with pixel centres: 0, 50, 150, 200.
        byte[] up = ImageResizer.resize(new byte[]{0, (byte) 200}, 1, 2, 1, 1, 4);
        assertArrayEquals(new byte[]{0, 50, (byte) 150, (byte) 200}, up);
    }

    @Test
    void decoderRejectsGarbageTruncationAndOversizedHeaders() throws Exception {
        byte[] png = TestImages.encode(TestImages.noise(64, 64, BufferedImage.TYPE_3BYTE_BGR, 1), "png");
        assertEquals(64, ImageDecoder.decode(png, 10_000).getWidth());
        assertThrows(UnreadableImageException.class, () -> ImageDecoder.decode(new byte[]{1, 2, 3}, 10_000));
        assertThrows(UnreadableImageException.class,
                () -> ImageDecoder.decode(java.util.Arrays.copyOf(png, png.length / 2), 10_000));
        byte[] jpg = TestImages.encode(TestImages.noise(64, 64, BufferedImage.TYPE_3BYTE_BGR, 1), "jpg");
        UnreadableImageException e = assertThrows(UnreadableImageException.class,
                () -> ImageDecoder.decode(java.util.Arrays.copyOf(jpg, jpg.length * 2 / 3), 10_000));
        assertTrue(e.getMessage().toLowerCase().contains("jpeg"), e.getMessage());
        assertThrows(ImageTooLargeException.class, () -> ImageDecoder.decode(png, 4095));
    }
}
