/// Comparisons whose running time does not depend on where two secrets differ.
enum ConstantTime {
    /// Whether `provided` equals `expected`, byte for byte. The time taken depends only on the
    /// length of `expected` (a signature's length is public), never on the position of the first
    /// difference.
    @inline(never)
    static func equals(_ provided: String, _ expected: String) -> Bool {
        provided.withUTF8Buffer { provided in
            expected.withUTF8Buffer { expected in
                var difference: UInt8 = provided.count == expected.count ? 0 : 1
                for index in 0..<expected.count {
                    difference |= expected[index] ^ (index < provided.count ? provided[index] : 0)
                }
                return difference == 0
            }
        }
    }
}
