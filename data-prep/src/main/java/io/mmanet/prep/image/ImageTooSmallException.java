package io.mmanet.prep.image;

/** The decoded image is below the configured minimum source size. */
public class ImageTooSmallException extends Exception {
    public ImageTooSmallException(String message) {
        super(message);
    }
}
