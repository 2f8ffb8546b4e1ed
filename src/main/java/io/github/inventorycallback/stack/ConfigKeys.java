package io.github.inventorycallback.stack;

import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys a stack's config sets, checked before anything is registered: Pulumi hands a program every key of the
 * stack file, and a key nobody reads (a typo, a wrong namespace) would silently leave its setting at the default.
 */
public final class ConfigKeys {
    /** The provider's own namespace. */
    static final String AWS = "aws";

    /**
     * The keys pulumi-aws reads from {@code aws:}: the Terraform AWS provider's configuration attributes in camelCase
     * (its {@code tofu providers schema -json}, provider block), as the bridge names them.
     */
    static final Set<String> AWS_KEYS = Set.of("accessKey", "allowedAccountIds", "assumeRole",
            "assumeRoleWithWebIdentity", "customCaBundle", "defaultTags", "ec2MetadataServiceEndpoint",
            "ec2MetadataServiceEndpointMode", "endpoints", "forbiddenAccountIds", "httpProxy", "httpsProxy",
            "ignoreTags", "insecure", "maxRetries", "noProxy", "profile", "region", "retryMode",
            "s3UsEast1RegionalEndpoint", "s3UsePathStyle", "secretKey", "sharedConfigFiles", "sharedCredentialsFiles",
            "skipCredentialsValidation", "skipMetadataApiCheck", "skipRegionValidation", "skipRequestingAccountId",
            "stsRegion", "token", "tokenBucketRateLimiterCapacity", "useDualstackEndpoint", "useFipsEndpoint",
            // pulumi-aws's own, not the provider's.
            "skipGetEc2Platforms");

    private ConfigKeys() {
    }

    /** The keys of the {@code PULUMI_CONFIG} the language host hands the program, or none outside {@code pulumi}. */
    static Set<String> fromEnvironment() {
        String json = System.getenv("PULUMI_CONFIG");
        Set<String> keys = new TreeSet<>();
        if (json != null && !json.isBlank()) {
            // Older CLIs write "NAMESPACE:config:KEY"; the SDK reads both forms as NAMESPACE:KEY.
            JsonParser.parseString(json).getAsJsonObject().keySet()
                    .forEach(key -> keys.add(key.replaceFirst("^([^:]+):config:", "$1:")));
        }
        return keys;
    }

    /**
     * @param keys     every key the stack sets, with its namespace
     * @param settings the keys of the project's namespace that the program reads
     * @return one message per key nobody would read, naming the closest key that would be
     */
    static List<String> problems(Collection<String> keys, Collection<String> settings) {
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(keys)) {
            int colon = key.indexOf(':');
            if (colon < 0) {
                problems.add(key + " has no namespace: write " + StackConfig.NAMESPACE + ":" + key
                        + " (or aws:" + key + " for the provider)");
                continue;
            }
            String namespace = key.substring(0, colon);
            String name = key.substring(colon + 1);
            if (namespace.equals(StackConfig.NAMESPACE)) {
                if (!settings.contains(name)) {
                    problems.add(key + " is not a setting of this stack" + didYouMean(StackConfig.NAMESPACE, name,
                            settings) + " (every setting: Pulumi.yaml)");
                }
            } else if (namespace.equals(AWS)) {
                if (!AWS_KEYS.contains(name)) {
                    problems.add(key + " is not a setting of the AWS provider" + didYouMean(AWS, name, AWS_KEYS));
                }
            } else if (distance(namespace, StackConfig.NAMESPACE) <= 4 || distance(namespace, AWS) <= 1) {
                String meant = distance(namespace, AWS) <= 1 ? AWS : StackConfig.NAMESPACE;
                problems.add(key + " is in namespace '" + namespace + "', which nothing reads: did you mean "
                        + meant + ":" + name + "?");
            }
        }
        return problems;
    }

    private static String didYouMean(String namespace, String name, Collection<String> known) {
        return known.stream().min(Comparator.comparingInt(k -> distance(k.toLowerCase(), name.toLowerCase())))
                .filter(closest -> distance(closest.toLowerCase(), name.toLowerCase()) <= Math.max(3, name.length() / 3))
                .map(closest -> ": did you mean " + namespace + ":" + closest + "?")
                .orElse("");
    }

    /** Levenshtein distance: insertions, deletions and substitutions from one to the other. */
    static int distance(String a, String b) {
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
