package dev.releasepolicy.executor.dryrun;

import java.util.ArrayList;
import java.util.List;

/** A unified line diff (longest common subsequence), with a few lines of context around changes. */
public final class LineDiff {

    private LineDiff() {}

    /**
     * Lines prefixed {@code "  "}, {@code "- "} or {@code "+ "}; unchanged runs beyond the context are cut to
     * {@code "  ..."}.
     */
    public static List<String> diff(List<String> before, List<String> after, int context) {
        int n = before.size();
        int m = after.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = before.get(i).equals(after.get(j))
                        ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> all = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && before.get(i).equals(after.get(j))) {
                all.add("  " + before.get(i));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                all.add("- " + before.get(i));
                i++;
            } else {
                all.add("+ " + after.get(j));
                j++;
            }
        }
        boolean[] keep = new boolean[all.size()];
        for (int k = 0; k < all.size(); k++) {
            if (!all.get(k).startsWith("  ")) {
                for (int c = Math.max(0, k - context); c <= Math.min(all.size() - 1, k + context); c++) {
                    keep[c] = true;
                }
            }
        }
        List<String> out = new ArrayList<>();
        boolean cut = false;
        for (int k = 0; k < all.size(); k++) {
            if (keep[k]) {
                out.add(all.get(k));
                cut = false;
            } else if (!cut) {
                out.add("  ...");
                cut = true;
            }
        }
        return out;
    }
}
