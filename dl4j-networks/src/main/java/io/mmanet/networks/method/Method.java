package io.mmanet.networks.method;

import com.typesafe.config.Config;
import io.mmanet.networks.combination.CombinationSampler;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.tasks.classification.ClassificationTask;
import io.mmanet.tasks.segmentation.SegmentationTask;

import java.io.Serializable;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A training method of the MMANet family as a strategy (spec "Project decisions", sections 1.2-1.4,
 * 5 and 7). The Spark training job, evaluation and export are the same for every method; what a
 * method decides is asked here:
 * <ul>
 *   <li>which teachers it distils from ({@link #teachers()});</li>
 *   <li>the training-only parts of its graph and the labels / masks / gates they need in every
 *       minibatch ({@link #parts()}; the deployment network itself is common);</li>
 *   <li>which combination each row trains with, and which rows can train at all
 *       ({@link #canTrain}, {@link #draw}; spec decision 2);</li>
 *   <li>driver-side work between epochs ({@link #epochHooks()}: MAR mining is one; a step that
 *       updates method state and broadcasts it to the workers is another);</li>
 *   <li>which tasks it supports ({@link #tasks()}) and which settings it requires ({@link #validate}).</li>
 * </ul>
 * Methods are stateless and serializable (they travel to the Spark workers inside the batch
 * builder); run state lives in {@link MethodState}. Implementations live in
 * {@code io.mmanet.methods.<name>} and are registered by one line in {@link Methods}.
 */
public interface Method extends Serializable {

    /** {@link #tasks()} of a method whose parts the task fully supplies (head, losses, relation levels), in listing order. */
    Set<String> CLASSIFICATION_AND_SEGMENTATION = java.util.Collections.unmodifiableSet(
            new java.util.LinkedHashSet<>(List.of(ClassificationTask.NAME, SegmentationTask.NAME)));

    /** Registry name ({@code --method}, {@code method.name}), e.g. {@code mmanet}. */
    String name();

    /** One line for {@code mmanet methods}. */
    String summary();

    /** Column heading in result tables, in the paper's words (Tables 2 and 6). */
    default String column() {
        return name().toUpperCase(java.util.Locale.ROOT);
    }

    /** The teachers it distils from; {@link TeacherNeed#NONE} for methods without distillation. */
    default TeacherNeed teachers() {
        return TeacherNeed.NONE;
    }

    /** Names of the tasks ({@link io.mmanet.networks.task.Tasks}) it is defined for. */
    default Set<String> tasks() {
        return Set.of(ClassificationTask.NAME);
    }

    /**
     * True for methods that train one model per fixed combination (SF): the run names its
     * combination and every row uses it. False for one model that serves every combination.
     */
    default boolean trainsOneCombination() {
        return false;
    }

    /**
     * True if a corpus row that has the modalities {@code has} can train this method. Per-sample
     * dropout methods train on every row (it draws among what it has); a fixed-combination model
     * needs every modality of {@code fixed}.
     */
    default boolean canTrain(ModalityCombination has, ModalityCombination fixed) {
        return true;
    }

    /**
     * The combination a row that has {@code has} trains with in this step: by default a uniform
     * draw among the non-empty subsets of what it has (spec decision 2). Only called for rows
     * with {@link #canTrain} true.
     */
    default ModalityCombination draw(ModalityCombination has, ModalityCombination fixed, Random random) {
        return CombinationSampler.draw(random, has);
    }

    /**
     * The deployment network's representation between the shared trunk and the task's head:
     * identity by default; DMRNet's probabilistic embedding adds its vertices here. What it adds is
     * part of the exported deployment network, so it must compute the deployed function in
     * inference mode. Returns the vertex the head reads.
     */
    default String embedding(NetworkBlocks blocks, String trunkFeatures) {
        return trunkFeatures;
    }

    /**
     * The method's own settings, keys under {@code method.<name>} (see reference.conf), parsed and
     * validated from {@code config} (failing with a message naming the key); null for a method
     * without own keys. {@link MethodSettings#options} returns them.
     */
    default Serializable options(Config config) {
        return null;
    }

    /** The training-only parts added to the deployment network, in graph order (none for SF / SF-MD). */
    default List<TrainingPart> parts() {
        return List.of();
    }

    /**
     * The tensor the shared trunk reads, added to the deployment network after the fusion: the
     * fused, masked tensor itself by default; MetaKD fills absent modalities' blocks with the mean
     * of the present ones. It is part of the exported model, so it may read only the deployment
     * inputs.
     */
    default String trunkInput(io.mmanet.networks.graph.NetworkBlocks blocks, String fused) {
        return fused;
    }

    /** Driver-side steps run after every epoch, in order. */
    default List<EpochHook> epochHooks() {
        return List.of();
    }

    /**
     * What the set its epoch hooks publish to the workers ({@code MethodState.weakSet}) is, in
     * words for result tables, e.g. "MMANet's mined weak set W"; null when it publishes none.
     */
    default String publishedSetName() {
        return null;
    }

    /** Fails with a message naming the key when {@code settings} cannot run this method. */
    default void validate(MethodSettings settings) {
    }
}
