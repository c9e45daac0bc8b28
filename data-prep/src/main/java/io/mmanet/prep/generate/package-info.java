/** The synthetic RGB/Depth/IR face anti-spoofing corpus (CASIA-SURF layout), seeded, pure Java. */
package io.mmanet.prep.generate;
