package io.mmanet.prep.idx;

/** A band of image rows [fromRow, toRow) that becomes one modality. */
public record IdxView(String name, int fromRow, int toRow) {

    public int rows() {
        return toRow - fromRow;
    }
}
