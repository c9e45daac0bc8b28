/** The {@code mmanet} command line: one subcommand per job. */
package io.mmanet.jobs.cli;
