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
 *   <li>{@code method}: {@code Method} strategies by name from {@code Methods} (one package each under
 *       {@code io.mmanet.methods}), {@code MethodSettings.fromConfig(cfg)}
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
 *
 * <p>One run of a method, as {@code LocalTrainerTest.mmanetRunWithWarmupMiningAndWeakSet} does it:
 * <ol>
 *   <li>Distillation methods first train the SF teacher ({@code TrainingGraphs.teacher}, data from
 *       {@code new BatchAssembler(spec, Methods.teacherMethod(), settings.fixedCombination(modalities))}; skip samples
 *       for which {@code canTrain} is false), then build {@code forMethod(spec, settings, teacher)}.</li>
 *   <li>Before each 1-based epoch e set DL4J's epoch counter to e - 1
 *       ({@code graph.getConfiguration().setEpochCount(e - 1)}, what {@code LocalTrainer.beginEpoch} does):
 *       the learning-rate schedule is driven by it.</li>
 *   <li>Per minibatch: {@code drawCombinations} (or {@code CombinationSampler}), then
 *       {@code assemble(pixels, labels, drawn, weakSet, settings.isAfterWarmup(e))}; one fit per minibatch.</li>
 *   <li>After epoch e with {@code settings.isMiningEpoch(e)}: extract the deployment graph, predict the
 *       mining split once per {@code WeakCombinationMiner.candidates} combination
 *       ({@code LocalTrainer.miningHistograms}), {@code bank.record(e, histograms)}.</li>
 *   <li>At the end of warm-up ({@code e == settings.warmupEpochs()}): {@code weakSet = bank.weakSet()},
 *       persisted ({@code bank.toJson()}) and broadcast; fixed from then on.</li>
 *   <li>Export and evaluation use {@code extractDeployment}; its output 0 ({@code GraphNames.OUT}) holds
 *       softmax probabilities (the logits are vertex {@code GraphNames.LOGITS}).</li>
 * </ol>
 * Classes that travel through Spark and may need Kryo registration: {@code Modality}, {@code Modalities},
 * {@code ModalityCombination}, {@code NetworkSpec}, {@code MethodSettings}, {@code OptimizerSettings},
 * {@code BatchAssembler}, {@code MarMemoryBank} (all {@code java.io.Serializable}).
 *
 * <p>DL4J/ND4J workarounds are in {@code io.mmanet.compat}.
 */
package io.mmanet.networks;
