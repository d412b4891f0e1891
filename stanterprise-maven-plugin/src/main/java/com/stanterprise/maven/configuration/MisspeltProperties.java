package com.stanterprise.maven.configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * {@code stanterprise.*} properties that are no parameter but nearly one: {@code -Dstanterprise.endpont}
 * is read by nothing, and the build would go to the file sink without a word. Only near misses
 * are named: a property such as {@code stanterprise.version}, which a pom may use for the
 * plugin's version, is no parameter and no mistake.
 */
public final class MisspeltProperties {

    /** Edits that still make a near miss: a letter left out, doubled, swapped or mistyped, twice. */
    private static final int MOST_EDITS = 2;

    private MisspeltProperties() {
    }

    /** One warning per near miss of {@code -D} properties, naming the parameter meant. */
    public static List<String> ofCommandLine(Properties userProperties) {
        return warnings(userProperties, key -> "-D" + key);
    }

    /** One warning per near miss in the top-level pom's {@code <properties>}. */
    public static List<String> ofPom(Properties projectProperties) {
        return warnings(projectProperties, key -> "<" + key + "> in the pom's <properties>");
    }

    private static List<String> warnings(Properties properties, UnaryOperator<String> where) {
        List<String> warnings = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!key.startsWith(Parameters.PREFIX)) {
                continue;
            }
            String name = key.substring(Parameters.PREFIX.length());
            String meant = meant(name);
            if (meant != null) {
                warnings.add("Stanterprise: " + where.apply(key) + " is not a parameter, so nothing reads it; did you"
                        + " mean " + Parameters.PREFIX + meant + "?");
            }
        }
        return warnings;
    }

    /** The parameter {@code name} nearly is; null when it is one, or none is near. */
    static String meant(String name) {
        if (Parameters.ALL.contains(name)) {
            return null;
        }
        String best = null;
        int fewest = MOST_EDITS + 1;
        for (String parameter : Parameters.ALL) {
            int edits = edits(name.toLowerCase(Locale.ROOT), parameter.toLowerCase(Locale.ROOT));
            if (edits < fewest) {
                fewest = edits;
                best = parameter;
            }
        }
        return best;
    }

    /** Levenshtein distance: the fewest insertions, deletions and substitutions from a to b. */
    static int edits(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
