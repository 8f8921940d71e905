public import JSON

/// The `Principal` (or `NotPrincipal`) of a resource-policy statement:
/// `"*"`, `{"AWS": "*"}`, or `{"AWS": [account ids, "arn:aws:iam::123456789012:root", user, role and
/// session ARNs]}` (also `Service`, `Federated`, `CanonicalUser` principals, which no caller of
/// this gateway can be).
///
/// An account id and its root ARN are the same principal: every identity of that account, as a
/// delegation to the account ([AWS account principals](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts));
/// a role ARN also names the sessions of that role. Wildcards inside a principal are invalid, as on AWS.
struct PrincipalSet: Sendable {
    enum Match: Sendable, Equatable {
        case none
        /// Names the caller itself, or everyone.
        case caller
        /// Names only the caller's account.
        case account
    }

    let everyone: Bool
    let arns: Set<String>
    let accounts: Set<String>

    init(_ value: JSONValue) throws(PolicyDocument.ParseError) {
        if value.stringValue == "*" {
            everyone = true
            arns = []
            accounts = []
            return
        }
        guard let object = value.objectValue, !object.isEmpty else {
            throw .init("a Principal is \"*\" or an object such as {\"AWS\": [...]}")
        }
        var everyone = false
        var arns: Set<String> = []
        var accounts: Set<String> = []
        for (type, entries) in object {
            guard let texts = entries.policyStrings else { throw .init("the \(type) principals are a string or a list of strings") }
            switch type {
            case "AWS":
                for text in texts {
                    if text == "*" {
                        everyone = true
                    } else if text.count == 12, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                        accounts.insert(text)
                    } else if let caller = IAMCaller(arn: text), !text.contains("*"), !text.contains("?") {
                        if caller.isRoot { accounts.insert(caller.accountId) } else { arns.insert(text) }
                    } else {
                        throw .init("the principal \(text) is not an account id or an IAM principal ARN")
                    }
                }
            case "Service", "Federated", "CanonicalUser":
                continue  // never a caller of this gateway
            default:
                throw .init("unknown principal type \(type)")
            }
        }
        self.everyone = everyone
        self.arns = arns
        self.accounts = accounts
    }

    func match(_ principal: PolicyPrincipal) -> Match {
        if everyone { return .caller }
        guard case .iam(let caller) = principal else { return .none }
        if arns.contains(caller.arn) || arns.contains(caller.principalArn) { return .caller }
        if accounts.contains(caller.accountId) { return caller.isRoot ? .caller : .account }
        return .none
    }

    /// Whether it can name anyone but everyone (so its verdict depends on who calls).
    var namesPrincipals: Bool { !everyone }
}
