/** Fashion-MNIST IDX import: images cut into views that become modalities (a real-image corpus). */
package io.mmanet.prep.idx;
