package dev.releasepolicy.core.workload;

import dev.releasepolicy.core.edit.ObjectEdit;

/**
 * Every change the release makes to (or derives from) the team's Deployment: the new version's
 * Deployment, the stable version label on the team's pod template, and that label's undo.
 */
public sealed interface WorkloadEdit extends ObjectEdit
        permits VersionDeployment, StableVersionLabel, TemplateLabelRestore {}
