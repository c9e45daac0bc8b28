/** Configuration: HOCON loading, overrides and validation (no Spark, no I/O beyond reading the files). */
package io.mmanet.config;
