/// A two-axis chart: frame, grid, ticks and axis labels around whatever marks are added.
struct SVGPlot {
    static let right = 20.0
    static let top = 14.0
    static let bottom = 46.0

    let width: Double
    /// Room left of the y axis for tick labels.
    let left: Double
    let height: Double
    let x: LinearScale
    let y: LinearScale
    let xLabel: String
    let yLabel: String
    /// Extra space under the x axis (e.g. a strip for marks without a y value).
    let strip: Double
    private(set) var marks: [String] = []
    /// Named y positions (e.g. one lane per worker) instead of numeric ticks.
    var yLabels: [(value: Double, text: String)]?

    init(
        width: Double = 760, height: Double = 360, x: (Double, Double), y: (Double, Double), xLabel: String, yLabel: String,
        strip: Double = 0, left: Double = 70
    ) {
        self.left = left
        self.width = width
        self.height = height
        self.strip = strip
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = LinearScale(lower: x.0, upper: x.1, start: left, end: width - Self.right)
        self.y = LinearScale(lower: y.0, upper: y.1, start: height - Self.bottom - strip, end: Self.top)
    }

    /// The bottom edge of the plotting area (the x axis).
    var axisY: Double { height - Self.bottom - strip }

    mutating func add(_ mark: String) {
        marks.append(mark)
    }

    func render(label: String) -> String {
        var parts: [String] = []
        let plotRight = width - Self.right
        parts.append(SVG.rect(x: left, y: Self.top, width: plotRight - left, height: axisY - Self.top, classes: "frame"))
        for tick in x.ticks() {
            parts.append(SVG.line(x1: x(tick), y1: Self.top, x2: x(tick), y2: axisY, classes: "grid"))
            parts.append(SVG.text(SVG.number(tick), x: x(tick), y: height - Self.bottom + 16, classes: "tick", anchor: "middle"))
        }
        for (value, text) in yLabels ?? y.ticks().map({ ($0, SVG.number($0)) }) {
            parts.append(SVG.line(x1: left, y1: y(value), x2: plotRight, y2: y(value), classes: "grid"))
            parts.append(SVG.text(text, x: left - 6, y: y(value) + 4, classes: "tick", anchor: "end"))
        }
        parts.append(SVG.text(xLabel, x: (left + plotRight) / 2, y: height - 8, classes: "axis", anchor: "middle"))
        parts.append(SVG.text(yLabel, x: 16, y: (Self.top + axisY) / 2, classes: "axis", anchor: "middle", rotate: true))
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(SVG.escape(label))\" "
            + "viewBox=\"0 0 \(SVG.coordinate(width)) \(SVG.coordinate(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\">"
            + parts.joined() + marks.joined() + "</svg>"
    }
}
