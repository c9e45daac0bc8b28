/** Image decoding (javax.imageio), channel conversion and resizing to uint8 HWC; pure, no Spark. */
package io.mmanet.prep.image;
