/** Spark jobs that turn corpora into training shards. */
package io.mmanet.prep;
