/**
 * The SF network family as DL4J graphs: {@code NetworkSpec} (shape from config), {@code TrainingGraphs}
 * (teacher, deployment, per-method training graphs, deployment extraction), {@code GraphNames}
 * (input/output names and order), and the custom vertices (modality mask, SE channel scale).
 */
package io.mmanet.networks.graph;
