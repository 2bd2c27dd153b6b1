import ArgumentParser
import SearchSpace

/// The `--space` / `--arch` / `--random` flags of `measure` and `export`: one network, named or drawn.
struct ArchitectureOptions: ParsableArguments {
    @Option(name: .long, help: "Search space: nb201 or spos.")
    var space: SpaceKind = .spos

    @Option(name: .long, help: "Architecture string of the space (give exactly one of --arch and --random).")
    var arch: String?

    @Option(name: .long, help: "Use a random architecture drawn with this seed instead of --arch.")
    var random: UInt64?

    func validate() throws {
        guard (arch == nil) != (random == nil) else { throw ValidationError("give exactly one of --arch or --random") }
    }

    /// The space and the architecture, with a bad space or string reported as its flag.
    func resolve() throws -> (any NetworkSpace, Architecture) {
        let networkSpace = space.space
        if let arch {
            do {
                return (networkSpace, try networkSpace.parse(arch))
            } catch {
                throw CommandFailure("--arch: \(error.description)")
            }
        }
        var generator = SeededGenerator(seed: random ?? 0)
        return (networkSpace, ChoiceMask(space: networkSpace).sample(using: &generator))
    }
}
