/// The shortest decimal form of a `Double`: `significand × 10^exponent`, used to decide
/// `multipleOf` exactly as the numbers were written.
///
/// Binary floating point cannot answer "is 0.0075 a multiple of 0.0001?" (the quotient is
/// 74.99999999999999). Swift prints every `Double` in the shortest decimal that reads back to the
/// same value, which is the literal that was written for any literal of up to 15 significant
/// digits. Dividing those decimals exactly gives the answer a person expects, never overflows
/// (`1e308` is a multiple of `0.5`), and costs one number formatting.
struct DecimalNumber: Sendable, Hashable {
    /// The digits, without trailing zeros (at most 17 digits).
    var significand: UInt64
    /// The power of ten.
    var exponent: Int

    /// The decimal form of `value`'s magnitude; nil for infinities and NaN.
    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == 0 {
            significand = 0
            exponent = 0
            return
        }
        // "1.2345e+52", "0.0075", "7.5e-05", "100.0", "1e+308"
        let text = value.magnitude.description
        var significand: UInt64 = 0
        var exponent = 0
        var afterPoint = false
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (product, overflow) = significand.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                significand = product + UInt64(byte - UInt8(ascii: "0"))
                if afterPoint { exponent -= 1 }
            case UInt8(ascii: "."):
                afterPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                var rest = ""
                while let next = iterator.next() { rest.unicodeScalars.append(Unicode.Scalar(next)) }
                guard let power = Int(rest) else { return nil }
                exponent += power
            default:
                return nil
            }
        }
        while significand != 0, significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
        self.significand = significand
        self.exponent = exponent
    }

    /// Whether `self` is an integer multiple of `divisor` (`divisor` must not be zero).
    func isMultiple(of divisor: DecimalNumber) -> Bool {
        if significand == 0 { return true }
        guard divisor.significand != 0 else { return false }
        let shift = exponent - divisor.exponent
        if shift >= 0 {
            // significand × 10^shift mod divisor.significand, one digit at a time (no overflow:
            // the remainder is below 10^17, times 10 is below 2^64).
            var remainder = significand % divisor.significand
            var step = 0
            while remainder != 0, step < shift {
                remainder = (remainder * 10) % divisor.significand
                step += 1
            }
            return remainder == 0
        }
        // divisor.significand × 10^(-shift) must divide significand.
        var scaled = divisor.significand
        for _ in 0..<(-shift) {
            let (product, overflow) = scaled.multipliedReportingOverflow(by: 10)
            if overflow { return false }
            scaled = product
        }
        return significand % scaled == 0
    }
}
