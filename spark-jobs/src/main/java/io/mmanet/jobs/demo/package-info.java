/** {@code mmanet demo}: the whole pipeline end to end on a small generated corpus. */
package io.mmanet.jobs.demo;
