import Foundation

/// SVG and HTML text building: escaping, numbers, and the few elements the plots use.
enum SVG {
    /// Escapes text for HTML and XML content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A number for coordinates: two decimals, no exponent.
    static func coordinate(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    /// A number for people: up to `digits` significant digits.
    static func number(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return "–" }
        if value != 0, abs(value) >= 1e7 || abs(value) < 1e-3 { return String(format: "%.\(max(digits - 1, 1))e", value) }
        let text = String(format: "%.\(digits)g", value)
        // %g turns to exponents from 10^digits on (9999.7 → "1e+04"): up to 1e7 the number is written out.
        return text.contains("e") ? String(format: "%.0f", value) : text
    }

    static func circle(x: Double, y: Double, radius: Double, classes: String, attributes: String = "", title: String) -> String {
        "<circle class=\"\(classes)\" cx=\"\(coordinate(x))\" cy=\"\(coordinate(y))\" r=\"\(coordinate(radius))\"\(attributes)>"
            + "<title>\(escape(title))</title></circle>"
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, classes: String) -> String {
        "<line class=\"\(classes)\" x1=\"\(coordinate(x1))\" y1=\"\(coordinate(y1))\" x2=\"\(coordinate(x2))\" y2=\"\(coordinate(y2))\"/>"
    }

    static func polyline(_ points: [(Double, Double)], classes: String) -> String {
        let list = points.map { "\(coordinate($0.0)),\(coordinate($0.1))" }.joined(separator: " ")
        return "<polyline class=\"\(classes)\" points=\"\(list)\"/>"
    }

    static func polygon(_ points: [(Double, Double)], classes: String) -> String {
        let list = points.map { "\(coordinate($0.0)),\(coordinate($0.1))" }.joined(separator: " ")
        return "<polygon class=\"\(classes)\" points=\"\(list)\"/>"
    }

    static func rect(x: Double, y: Double, width: Double, height: Double, classes: String, title: String? = nil) -> String {
        let shape = "class=\"\(classes)\" x=\"\(coordinate(x))\" y=\"\(coordinate(y))\" width=\"\(coordinate(width))\" height=\"\(coordinate(height))\""
        guard let title else { return "<rect \(shape)/>" }
        return "<rect \(shape)><title>\(escape(title))</title></rect>"
    }

    static func text(_ content: String, x: Double, y: Double, classes: String = "", anchor: String = "start", rotate: Bool = false) -> String {
        let transform = rotate ? " transform=\"rotate(-90 \(coordinate(x)) \(coordinate(y)))\"" : ""
        return "<text class=\"\(classes)\" x=\"\(coordinate(x))\" y=\"\(coordinate(y))\" text-anchor=\"\(anchor)\"\(transform)>\(escape(content))</text>"
    }
}
