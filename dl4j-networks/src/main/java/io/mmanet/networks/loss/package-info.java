/** MAD, SP and the masked MAR cross-entropy (spec section 2.1, decisions 4 and 6). */
package io.mmanet.networks.loss;
