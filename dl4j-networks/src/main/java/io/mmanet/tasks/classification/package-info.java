/** The classification task (face anti-spoofing and any image classification corpus). */
package io.mmanet.tasks.classification;
