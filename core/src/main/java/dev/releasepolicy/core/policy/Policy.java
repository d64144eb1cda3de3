package dev.releasepolicy.core.policy;

import dev.releasepolicy.core.finding.Severity;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loaded policy: what its {@code meta} export declares, and the file it came from.
 *
 * @param id          {@code meta.id}
 * @param severity    {@code meta.severity}: the severity of its findings unless a finding says otherwise
 * @param description {@code meta.description}
 * @param params      {@code meta.params}: default parameters (an empty object when absent)
 * @param file        the policy file as findings name it
 */
public record Policy(String id, Severity severity, String description, ObjectNode params, String file) {}
