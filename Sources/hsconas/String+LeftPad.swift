extension String {
    /// Right-aligned in `width` columns, for the benchmark tables.
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
