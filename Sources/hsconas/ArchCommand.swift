import ArgumentParser
import BenchmarkData
import Foundation
import SearchSpace

/// `hsconas arch`: look up a NAS-Bench-201 cell by string or index.
struct ArchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arch",
        abstract: "Show a NAS-Bench-201 cell: string, index, accuracy and latency on every device.",
        discussion: """
            Looks the cell up in the bundled NAS-Bench-201 table by --arch (its cell string) or --index, and \
            prints its string and index; its valid and test accuracy on cifar10, cifar100 and \
            imagenet16-120; the MACs, parameters and graph nodes counted on the network this project builds \
            for each dataset, next to the table's own figures; and its latency on each of the table's 27 \
            devices (replayed from the table, not measured). The device names are the ones a config's \
            replayed targets use.

            Example: hsconas arch --index 0
            """)

    @Option(name: .long, help: "Cell string, e.g. '|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|'.")
    var arch: String?

    @Option(name: .long, help: "Standard NAS-Bench-201 index, 0...15624.")
    var index: Int?

    @Option(name: .long, help: "Search space; only nb201 (the table's cells) is available.")
    var space: String = "nb201"

    func validate() throws {
        guard space == "nb201" else { throw ValidationError("--space '\(space)' is unknown (available: nb201)") }
        guard (arch == nil) != (index == nil) else { throw ValidationError("give exactly one of --arch or --index") }
    }

    func run() async throws {
        let table = try TableLoader.load()
        let nb201 = NB201Space()
        let architecture: Architecture
        do {
            if let arch {
                architecture = try nb201.parse(arch)
            } else {
                architecture = try table.architecture(at: index ?? -1)
            }
        } catch let error as ArchitectureError {
            throw CommandFailure(error.description)
        } catch let error as BenchmarkDataError {
            throw CommandFailure("--index: \(error.message)")
        }
        Console.line("\(nb201.format(architecture))  index \(table.index(of: architecture))")
        for dataset in NB201Dataset.allCases {
            let oracle = try NB201Oracle(table: table, dataset: dataset)
            let name = dataset.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
            Console.line(
                "  \(name) valid \(String(format: "%6.2f", oracle.validAccuracy(architecture))) %"
                    + "  test \(String(format: "%6.2f", oracle.testAccuracy(architecture))) %")
        }
        for (prefix, dataset, resolution, classes) in [
            ("c10", "cifar10", 32, 10), ("c100", "cifar100", 32, 100), ("in16", "imagenet16-120", 16, 120),
        ] {
            let graph = try nb201.graph(for: architecture, inputResolution: resolution, classes: classes)
            let name = dataset.padding(toLength: 15, withPad: " ", startingAt: 0)
            Console.line(
                "  \(name) \(String(format: "%.3f", Double(graph.multiplyAccumulates) / 1e6)) M MACs, "
                    + "\(String(format: "%.4f", Double(graph.parameters) / 1e6)) M params, \(graph.nodes.count) graph nodes"
                    + " (table: \(String(format: "%.3f", try table.value("\(prefix)_flops_M", of: architecture))) M, "
                    + "\(String(format: "%.4f", try table.value("\(prefix)_params_M", of: architecture))) M)")
        }
        for device in table.devices {
            let latency = try table.value("lat_\(device)_ms", of: architecture)
            Console.line("  \(device.padding(toLength: 15, withPad: " ", startingAt: 0)) \(String(format: "%9.3f", latency)) ms (replay)")
        }
    }
}
