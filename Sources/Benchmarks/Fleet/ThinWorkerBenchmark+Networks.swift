import SearchSpace

extension ThinWorkerBenchmark {
    /// `count` random spos architectures from `seed` (the same draw as `hsconas bench engine`'s).
    /// In its own file: Fleet, imported beside it elsewhere, has a `SeededGenerator` of its own.
    static func architectures(count: Int, seed: UInt64, in space: SPOSSpace) -> [String] {
        var generator = SeededGenerator(seed: seed)
        let mask = ChoiceMask(space: space)
        return (0..<count).map { _ in space.format(mask.sample(using: &generator)) }
    }
}
