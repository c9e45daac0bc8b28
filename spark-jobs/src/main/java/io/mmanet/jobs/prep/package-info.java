/** Spark plumbing of the prep job that belongs to spark-jobs (Kryo registrations). */
package io.mmanet.jobs.prep;
