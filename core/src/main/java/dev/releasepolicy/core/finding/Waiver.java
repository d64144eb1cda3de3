package dev.releasepolicy.core.finding;

/** Why a finding was accepted: the waiver's reason, who owns it and when it expires (ISO date). */
public record Waiver(String reason, String owner, String expires) {}
