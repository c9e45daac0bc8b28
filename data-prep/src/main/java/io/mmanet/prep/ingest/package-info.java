/**
 * Reading corpus lists (CASIA-SURF list files, CSV/TSV manifests) and the row checks that need
 * no image; every rejected row becomes a {@link io.mmanet.prep.ingest.QuarantineRecord}.
 */
package io.mmanet.prep.ingest;
