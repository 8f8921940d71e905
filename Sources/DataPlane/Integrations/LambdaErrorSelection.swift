import AWSClients
import JSON

extension IntegrationResponses {
    /// The integration response for a synchronous Lambda answer (non-proxy integrations), by
    /// AWS's rule: when the function failed (`X-Amz-Function-Error`), the first response whose
    /// `selectionPattern` matches the error's `errorMessage` entirely, else the default; when it
    /// succeeded, the default. An error document that is not JSON or has no string
    /// `errorMessage` is matched as an empty message.
    func select(lambdaInvocation invocation: LambdaClient.Invocation) -> Entry? {
        guard invocation.functionError != nil else { return defaultEntry }
        return select(Self.errorMessage(of: invocation))
    }

    /// `errorMessage` of a Lambda error document (`{"errorMessage", "errorType", "stackTrace"}`).
    static func errorMessage(of invocation: LambdaClient.Invocation) -> String {
        let document = try? JSONValueParser(maxDepth: 64).parse(invocation.payload.readableBytesView)
        return document?["errorMessage"]?.stringValue ?? ""
    }
}
