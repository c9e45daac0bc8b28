/** Drawing for the HTML reports: inline-SVG charts (no AWT, no fonts needed on the machine that writes them). */
package io.mmanet.jobs.report;
