import ArgumentParser
import SearchSpace

/// The `--space` / `--arch` / `--random` trio of `measure` and `export`.
enum ArchitectureChoice {
    static func resolve(space name: String, arch: String?, random: UInt64?) throws -> (any NetworkSpace, Architecture) {
        let space: any NetworkSpace
        do {
            space = try SearchSpaces.named(name)
        } catch {
            throw ValidationError("--space: \(error.description)")
        }
        if let arch {
            do {
                return (space, try space.parse(arch))
            } catch {
                throw CommandFailure("--arch: \(error.description)")
            }
        }
        var generator = SeededGenerator(seed: random ?? 0)
        return (space, ChoiceMask(space: space).sample(using: &generator))
    }
}
