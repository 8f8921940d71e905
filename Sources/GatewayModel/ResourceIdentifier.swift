/// AWS-style resource identifiers: ten characters of `[a-z0-9]`, as API Gateway generates for
/// APIs, resources, deployments, routes and integrations.
public enum ResourceIdentifier {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// A random identifier of `length` characters.
    public static func random(length: Int = 10) -> String {
        var generator = SystemRandomNumberGenerator()
        return random(length: length, using: &generator)
    }

    public static func random(length: Int = 10, using generator: inout some RandomNumberGenerator) -> String {
        String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// A stable identifier derived from `seed` (FNV-1a), so that importing the same document twice
    /// gives the same ids. Not a secret: only for idempotent imports.
    public static func stable(from seed: String, length: Int = 10) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var characters: [Character] = []
        var round: UInt64 = 0
        while characters.count < length {
            for byte in seed.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= round
            hash = hash &* 0x100_0000_01b3
            var value = hash
            for _ in 0..<6 where characters.count < length {
                characters.append(alphabet[Int(value % UInt64(alphabet.count))])
                value /= UInt64(alphabet.count)
            }
            round += 1
        }
        return String(characters)
    }
}
