/**
 * {@code modality-teachers} (Wang et al., KDD 2020; spec 7.3): one SF teacher per modality, each
 * trained on every row that has its modality (incomplete rows included), distilled into the
 * deployment network trained on the complete rows with
 * CE + sum_m alpha_m T^2 KL(softmax(teacher_m / T) || softmax(student / T)).
 */
package io.mmanet.methods.modalityteachers;
