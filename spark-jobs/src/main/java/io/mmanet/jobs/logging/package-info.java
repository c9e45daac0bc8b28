/**
 * Our log4j2 configuration in every JVM of a job: driver, executors, local or on a cluster.
 */
package io.mmanet.jobs.logging;
