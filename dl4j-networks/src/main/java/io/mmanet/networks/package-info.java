/**
 * The MMANet network family (CVPR 2023) in DL4J; spec: shared/MMANET_SPEC.md ("Project decisions" first).
 *
 * <p>Entry points used by the Spark job (issue 6):
 * <ul>
 *   <li>{@code combination}: {@code Modality}, {@code Modalities.fromConfig(cfg)} (key {@code modalities}),
 *       {@code ModalityCombination} ({@code all}, {@code full}, {@code parse("rgb+ir")}, {@code subsets},
 *       {@code mask}), {@code CombinationSampler.draw(random, available)}.</li>
 *   <li>{@code graph}: {@code NetworkSpec.fromConfig(cfg)} (sections {@code model}, {@code modalities});
 *       {@code TrainingGraphs.teacher / deployment / forMethod / extractDeployment};
 *       {@code GraphNames} (input and output names and order; {@code OUT_INDEX} = 0 is the deployment
 *       output in every graph).</li>
 *   <li>{@code method}: {@code Method} (sf, sf-md, sp, mad, sr, mmanet), {@code MethodSettings.fromConfig(cfg)}
 *       (sections {@code method}, {@code optimizer}; {@code learningRateSchedule()} is an epoch-driven ISchedule).</li>
 *   <li>{@code data}: {@code BatchAssembler.assemble(pixels, labels, drawn, weakSet, afterWarmup)} builds one
 *       step's MultiDataSet (warm-up gating and the MAR mask are in the data);
 *       {@code inferenceInputs(pixels, combination)} feeds the deployment-only graph.</li>
 *   <li>{@code mar}: {@code WeakCombinationMiner} (candidates, discrepancy), {@code MarMemoryBank}
 *       (per-epoch discrepancies, weak combination and weak set; JSON state for checkpoints).</li>
 *   <li>{@code train}: {@code LocalTrainer}, single-JVM training with the step semantics of a Spark worker
 *       with averaging frequency 1.</li>
 *   <li>{@code loss}: {@code MadLoss}, {@code SpLoss}, {@code MarLoss}.</li>
 * </ul>
 * DL4J/ND4J workarounds are in {@code io.mmanet.compat}.
 */
package io.mmanet.networks;
