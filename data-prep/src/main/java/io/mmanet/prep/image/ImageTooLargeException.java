package io.mmanet.prep.image;

/** The image header declares more pixels than prep.max-source-pixels (checked before decoding). */
public class ImageTooLargeException extends Exception {
    public ImageTooLargeException(String message) {
        super(message);
    }
}
