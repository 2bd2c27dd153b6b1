import LatencyModel
import Testing

@Suite("Sen line")
struct SenLineTests {
    /// y = 2x + 1 on x = 1…10, with the two widest points three times too high.
    static let x = (1...10).map(Double.init)
    static let y = x.map { $0 >= 9 ? 3 * (2 * $0 + 1) : 2 * $0 + 1 }

    @Test("two wild points at the widest x move neither slope nor offset, and are the outliers")
    func ignoresWildPoints() throws {
        let line = try #require(SenLine(x: Self.x, y: Self.y))
        #expect(line.slope == 2 && line.offset == 1)
        #expect(line.outliers(x: Self.x, y: Self.y, deviations: 4, floor: 0.15, noiseFloor: 0.02) == [8, 9])
        let clean = Self.x.map { 2 * $0 + 1 }
        #expect(line.outliers(x: Self.x, y: clean, deviations: 4, floor: 0.15, noiseFloor: 0.02).isEmpty)
    }

    @Test("the same line whatever order the points came in")
    func orderFree() throws {
        let forward = try #require(SenLine(x: Self.x, y: Self.y))
        let backward = try #require(SenLine(x: Self.x.reversed(), y: Self.y.reversed()))
        #expect(forward == backward)
    }

    @Test("no line from one point or from points that all share x")
    func degenerate() {
        #expect(SenLine(x: [1], y: [2]) == nil)
        #expect(SenLine(x: [3, 3, 3], y: [1, 2, 3]) == nil)
    }
}
