package io.github.inventorycallback.stack;

import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;

import java.util.Map;

/**
 * The customer-managed key the stack creates for its data (queues, log groups, execution history, alarm topic), with
 * rotation on and a policy that admits only the uses {@link Policies#keyPolicy} lists.
 */
public final class DataKey extends ComponentResource {
    /** KMS's longest waiting period, for whoever schedules the retained key's deletion (docs/security.md, "Regulated accounts"). */
    static final int DELETION_WINDOW_DAYS = 30;

    public final Output<String> arn;

    /**
     * @param alias the key's alias without {@code alias/}, for people looking for it in the console
     * @param scope what the key protects; every ARN in it is derived from names, so the key exists before them
     */
    public DataKey(String name, String alias, Output<Policies.KeyScope> scope, NameClaim claim) {
        super("inventory-callback:index:DataKey", name, null);
        var child = claim.child(this).build();
        var key = new Key("data-key", KeyArgs.builder()
                .description("Encrypts the orders, execution history, logs and alarms of " + alias)
                .keyUsage("ENCRYPT_DECRYPT")
                .customerMasterKeySpec("SYMMETRIC_DEFAULT")
                .enableKeyRotation(true)
                .deletionWindowInDays(DELETION_WINDOW_DAYS)
                .policy(scope.applyValue(Policies::keyPolicy))
                .build(), claim.child(this)
                // Leaving the program (destroy, kmsKey off, another key) never schedules the key's deletion: from
                // that moment KMS refuses every use, and orders still queued, dead letters and log events written
                // under it could no longer be read. The key stays, enabled, until someone deletes it on purpose.
                .retainOnDelete(true)
                .build());
        new Alias("data-key-alias", AliasArgs.builder()
                .name("alias/" + alias)
                .targetKeyId(key.keyId())
                .build(), child);
        this.arn = key.arn();
        registerOutputs(Map.of("arn", arn));
    }
}
