/** What a corpus on disk looks like: its format, split lists, labels and modalities. */
package io.mmanet.prep.corpus;
