/** The configured, ordered modality list as data-prep sees it. */
package io.mmanet.prep.modality;
