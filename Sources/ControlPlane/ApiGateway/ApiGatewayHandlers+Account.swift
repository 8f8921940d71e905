import GatewayModel
import GatewayStore
import JSON

/// `GetAccount`, `UpdateAccount`: the account-level settings. A new store answers AWS's defaults
/// (throttle 10,000 rps with burst 5,000, feature `UsagePlans`, API key version 4); only
/// `cloudwatchRoleArn` can be changed, as on AWS.
extension ApiGatewayHandlers {
    static let account = RestApiCollections.account
    static let accountId = RestApiCollections.accountRecordId

    static let accountPatchSchema = PatchSchema([.init("/cloudwatchRoleArn", [.replace], .string)])

    static func registerAccount(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "GetAccount") { ctx in  // partial: the account throttle is stored, not enforced yet
            var current = try await ctx.store.read { tx in try await tx.get(account, id: accountId)?.value ?? Account() }
            current.throttleSettings = ctx.configuration.accountThrottle
            return try ctx.respond(current)
        }

        registry.on(.apigateway, "UpdateAccount") { ctx in  // partial: the account throttle is stored, not enforced yet
            let operations = try patchOperations(ctx)
            let updated = try await ctx.store.write { tx in
                let current = try await tx.get(account, id: accountId)?.value ?? Account()
                var patched = try PatchApplier.apply(operations, to: current, schema: accountPatchSchema)
                patched.throttleSettings = current.throttleSettings
                try await tx.put(account, id: accountId, patched)
                return patched
            }
            return try ctx.respond(updated)
        }
    }
}
