package io.github.inventorycallback.stack;

import com.pulumi.aws.iam.RoleArgs;

/** What every role of the stack carries, for organisations that govern roles: their IAM path and boundary. */
final class Roles {
    private Roles() {
    }

    /**
     * A role's arguments with the stack's {@code iamPath} and, when set, its {@code permissionsBoundaryArn}. A new
     * path replaces the role (the provider deletes it first, since its name is fixed); a new boundary updates it.
     */
    static RoleArgs.Builder governed(StackConfig.Access config) {
        var role = RoleArgs.builder().path(config.iamPath());
        if (!config.permissionsBoundaryArn().isEmpty()) {
            role.permissionsBoundary(config.permissionsBoundaryArn());
        }
        return role;
    }
}
