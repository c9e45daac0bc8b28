/** The configured modality list as data-prep stores it (read through dl4j-networks' Modalities). */
package io.mmanet.prep.modality;
