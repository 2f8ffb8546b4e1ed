package io.github.inventorycallback.stack.run;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The function's published versions. With SnapStart on, every `pulumi up` that changes the function publishes one,
 * and Lambda keeps them all (each counts against the region's code storage); this removes the old ones.
 */
@Command(name = "versions", mixinStandardHelpOptions = true,
        description = {"List the inventory function's published versions (SnapStart publishes one per change) and"
                + " which ones --delete would remove: every version but the newest --keep and those an alias (`live`)"
                + " points at. Nothing is deleted without --delete."})
final class FunctionVersions implements Callable<Integer> {
    static final String LATEST = "$LATEST";

    @ParentCommand
    RunOrders app;

    @Mixin
    StackOption stack = new StackOption();

    @Option(names = "--function", paramLabel = "NAME_OR_ARN",
            description = "the function (default: `pulumi stack output functionArn`)")
    String function;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "2",
            description = "keep the newest N versions besides those an alias points at (default: ${DEFAULT-VALUE}:"
                    + " the live one and the one before it, to roll back to)")
    int keep;

    @Option(names = "--delete", description = "delete the versions listed as old")
    boolean delete;

    /** The published versions, newest first, and the ones to keep. */
    record Plan(List<Integer> versions, Set<Integer> kept) {
        List<Integer> old() {
            return versions.stream().filter(v -> !kept.contains(v)).toList();
        }
    }

    @Override
    public Integer call() {
        RunOrders.inRange("--keep", keep, 1, 1000);
        String given = function != null ? function : app.outputs.get(stack.name, "functionArn");
        String name = !given.startsWith("arn:") ? given
                : app.resource(function != null ? "--function" : "the stack's functionArn", given, AwsNames.FUNCTION,
                        "a function ARN, arn:aws:lambda:REGION:ACCOUNT:function:NAME, or a function name");
        try (LambdaClient lambda = app.functions.get()) {
            Plan plan = plan(lambda, name, keep);
            print(plan, name);
            if (delete) {
                for (int version : plan.old()) {
                    lambda.deleteFunction(r -> r.functionName(name).qualifier(Integer.toString(version)));
                    app.out.println("deleted version " + version);
                }
                app.out.println("Deleted " + plan.old().size() + " old versions of " + name);
            }
            return ExitCodes.OK;
        }
    }

    /** Every published version (all pages), newest first; kept: the newest {@code keep} and every alias's. */
    static Plan plan(LambdaClient lambda, String function, int keep) {
        List<Integer> versions = lambda.listVersionsByFunctionPaginator(r -> r.functionName(function)).versions()
                .stream().map(FunctionConfiguration::version).filter(v -> !LATEST.equals(v))
                .map(Integer::valueOf).sorted(Comparator.reverseOrder()).toList();
        Set<Integer> kept = new TreeSet<>(versions.subList(0, Math.min(keep, versions.size())));
        lambda.listAliasesPaginator(r -> r.functionName(function)).aliases().stream()
                .map(AliasConfiguration::functionVersion).filter(v -> !LATEST.equals(v))
                .forEach(v -> kept.add(Integer.valueOf(v)));
        return new Plan(versions, kept);
    }

    private void print(Plan plan, String name) {
        if (plan.versions().isEmpty()) {
            app.out.println("No published versions of " + name + " (SnapStart is off, or nothing was published)");
            return;
        }
        app.out.println(plan.versions().size() + " published versions of " + name + "; kept: "
                + plan.kept().stream().sorted(Comparator.reverseOrder()).map(String::valueOf)
                .collect(Collectors.joining(", ")));
        List<Integer> old = plan.old();
        app.out.println(old.isEmpty() ? "Nothing to delete"
                : (delete ? "Deleting " : "Old (delete with --delete): ")
                + old.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }
}
