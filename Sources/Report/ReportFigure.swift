/// One figure as the store holds it: the value and where it came from (`measured`, `replay`,
/// `predicted`, `table`, `proxy`, `evaluator`).
struct ReportFigure: Sendable, Hashable {
    var value: Double
    var source: String
}
