/** The prep Spark job: decode on executors, Parquet shards per split, quarantine, manifest, commit. */
package io.mmanet.prep.shard;
