import SearchSpace
import Testing

/// Space sizes read as counts while they are ones and in three significant figures past that, and
/// never trap: spos's 10³⁰ architectures are past any Int.
@Suite("space size text")
struct SpaceSizeTextTests {
    @Test(
        "counts, large sizes and damaged values",
        arguments: [
            (15625.0, "15625"), (8000.0, "8000"), (0.0, "0"), (1.2676506002282294e30, "1.27e+30"), (1e30, "1e+30"),
            (9.996e29, "1e+30"), (7.15e27, "7.15e+27"), (2.5e15, "2.5e+15"), (2.5e6, "2.5e+06"), (999_999, "999999"), (Double.infinity, "inf"), (-3.0, "-3.0"),
        ])
    func text(size: Double, expected: String) {
        #expect(SpaceSizeText.text(size) == expected)
    }
}
