package dev.releasepolicy.core.spec;

/**
 * The names a strategy gives the two versions, used as DestinationRule subsets and in the plan's
 * wording: {@code blue}/{@code green} for blue-green, {@code stable}/{@code canary} for a canary.
 *
 * @param current the running version's name
 * @param next    the new version's name
 */
public record Subsets(String current, String next) {}
