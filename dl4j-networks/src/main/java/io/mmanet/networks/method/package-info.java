/** The training methods (sf, sf-md, sp, mad, sr, mmanet), their settings and the learning-rate schedule. */
package io.mmanet.networks.method;
