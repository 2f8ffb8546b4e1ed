package io.github.inventorycallback.stack.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARNs and queue URLs the operator's command line takes, checked before any call, and the region each names:
 * the clients call the region of the resource they are given, not whatever a profile says.
 */
final class AwsNames {
    private static final String PARTITION = "arn:aws(?:-cn|-us-gov|-iso|-iso-[a-z]|-eusc)?";
    /** As ARNs carry it; local SQS servers put their own name there (ElasticMQ: "elasticmq"). */
    private static final String REGION = "([a-z0-9-]+)";
    /** What an AWS region looks like: only such a region is handed to the clients. */
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d");
    static final Pattern STATE_MACHINE = Pattern.compile(PARTITION + ":states:" + REGION
            + ":\\d{12}:stateMachine:[\\w-]{1,80}");
    static final Pattern EXECUTION = Pattern.compile(PARTITION + ":states:" + REGION
            + ":\\d{12}:execution:[\\w-]{1,80}:[\\w-]{1,80}");
    static final Pattern QUEUE_ARN = Pattern.compile(PARTITION + ":sqs:" + REGION + ":\\d{12}:[\\w-]{1,80}");
    /** AWS's form, https://sqs.REGION.amazonaws.com/ACCOUNT/NAME, or a local server's, http://HOST:PORT/ACCOUNT/NAME. */
    static final Pattern QUEUE_URL = Pattern.compile("https?://(?:sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?|[\\w.-]+"
            + "(?::\\d{1,5})?)/\\d{12}/[\\w-]{1,80}");
    static final Pattern FUNCTION = Pattern.compile(PARTITION + ":lambda:" + REGION
            + ":\\d{12}:function:[\\w-]{1,64}");

    private AwsNames() {
    }

    /**
     * @param what    what the value names, for the message ({@code --state-machine}, {@code EXECUTION_ARN}, ...)
     * @param pattern one of the patterns above
     * @return the AWS region the value names, or null when it names none (a local server's URL or ARN)
     * @throws IllegalArgumentException (exit 64) naming the value and the form it must have
     */
    static String region(String what, String value, Pattern pattern, String form) {
        Matcher matcher = pattern.matcher(value == null ? "" : value.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' is not " + form);
        }
        String region = matcher.group(1);
        return region != null && AWS_REGION.matcher(region).matches() ? region : null;
    }
}
