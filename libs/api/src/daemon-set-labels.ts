/**
 * The annotation kube-apiserver keeps a DaemonSet's template generation in (apps/v1 has no
 * spec.templateGeneration; the internal field is converted to it): 1 at creation, one more at each
 * template change, never set by a user's update.
 */
export const DAEMON_SET_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';
/** The labels a daemon pod carries: its template's hash (apps.DefaultDaemonSetUniqueLabelKey) and generation. */
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';
export const POD_TEMPLATE_GENERATION = 'pod-template-generation';
