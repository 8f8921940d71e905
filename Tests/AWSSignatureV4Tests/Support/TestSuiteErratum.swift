import AWSSignatureV4

/// Known inconsistencies between the files of two cases of the AWS SigV4 test suite (as
/// mirrored in `shared/testdata`), established by recomputing the files' hashes:
///
/// - `post-x-www-form-urlencoded`: the `.creq` signs `content-length`, but the `.sts` is the
///   SHA-256 of a canonical request that does not (the `.creq`'s own hash is `a1a6cdc4…`, the
///   `.sts` says `42a5e5bb…`); `.authz` and `.sreq` agree with the `.sts`.
/// - `post-x-www-form-urlencoded-parameters`: the `.sts` is the hash of a canonical request that
///   does not sign `content-length` and whose `content-type` is
///   `application/x-www-form-urlencoded; charset=utf8` (not `utf-8` as in the `.req`);
///   the `.authz` nevertheless lists `content-length` among its SignedHeaders, and the `.sreq`
///   carries `charset=utf-8` with a signature computed over `charset=utf8`.
///
/// The tests check the `.creq` against the request as given, and the `.sts`, `.authz` and
/// `.sreq` against the request the suite actually signed.
struct TestSuiteErratum {
    /// Header names the signature files were computed without.
    var unsignedHeaders: Set<String> = []
    /// Header values the signature files were computed with, in place of the `.req`'s.
    var headerOverrides: [String: String] = [:]
    /// Whether the `.authz`'s SignedHeaders list disagrees with its own signature (then only the
    /// credential and signature are compared).
    var authorizationListsWrongHeaders = false
    /// Whether the `.sreq`, as written, carries a signature of different content (then it must
    /// be rejected as it stands, and verify once the override is applied).
    var signedRequestNeedsOverride = false

    static let known: [String: TestSuiteErratum] = [
        "post-x-www-form-urlencoded": TestSuiteErratum(unsignedHeaders: ["content-length"]),
        "post-x-www-form-urlencoded-parameters": TestSuiteErratum(
            unsignedHeaders: ["content-length"],
            headerOverrides: ["Content-Type": "application/x-www-form-urlencoded; charset=utf8"],
            authorizationListsWrongHeaders: true,
            signedRequestNeedsOverride: true
        ),
    ]

    /// `request` as the suite signed it.
    func applied(to request: SignableRequest) -> SignableRequest {
        var request = request
        for (name, value) in headerOverrides.sorted(by: { $0.key < $1.key }) {
            request.headers = request.headers.map { header in
                header.name.lowercased() == name.lowercased() ? .init(header.name, value) : header
            }
        }
        return request
    }
}
