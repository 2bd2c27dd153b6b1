/// How a search space's size reads in logs, summaries and store checks: whole numbers below a
/// million as they are (nb201's 15625), larger ones in three significant figures (spos has about
/// 10³⁰ architectures, past any `Int`).
public enum SpaceSizeText {
    /// `size` as `15625`, `2.5e+06`, `1.27e+30` or `1e+30` (as C's `%.3g` writes them); a non-finite
    /// or negative size (a damaged store) as Swift prints it.
    public static func text(_ size: Double) -> String {
        guard size.isFinite, size >= 0 else { return "\(size)" }
        if size < 1e6 { return String(Int(size.rounded())) }
        var mantissa = size
        var exponent = 0
        while mantissa >= 10 {
            mantissa /= 10
            exponent += 1
        }
        var digits = Int((mantissa * 100).rounded())
        if digits >= 1000 {
            digits /= 10
            exponent += 1
        }
        var fraction = String(digits % 100)
        if fraction.count < 2 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(digits / 100)" + (fraction.isEmpty ? "" : "." + fraction) + (exponent < 10 ? "e+0" : "e+") + "\(exponent)"
    }
}
