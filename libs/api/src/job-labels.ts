/**
 * The labels a Job's pods carry, as kube-apiserver's job strategy adds them to the template: the
 * Job's uid (which the generated selector selects) and its name, each under its batch.kubernetes.io
 * name and its legacy one.
 */
export const JOB_CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
/** An Indexed Job's pod's index: an annotation (what JOB_COMPLETION_INDEX reads) and a label (PodIndexLabel, on since 1.28). */
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
