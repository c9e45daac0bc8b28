package io.mmanet.prep.image;

/** The bytes are not a complete image in a supported format (PNG, JPEG, BMP, GIF). */
public class UnreadableImageException extends Exception {
    public UnreadableImageException(String message) {
        super(message);
    }
}
