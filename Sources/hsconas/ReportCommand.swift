import ArgumentParser
import Foundation
import Report

/// `hsconas report RUN.sqlite [-o report.html]`: the run's HTML report from its store alone.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a run's HTML report (one self-contained file) from its store.",
        discussion: """
            Reads the store without changing it (a live run can be reported while it runs) and writes one HTML \
            file with inline SVG and no scripts or fonts from the network: per target device accuracy against \
            latency with the Pareto front, the limit and the answer; the best feasible figure against evaluations \
            and device-seconds; predicted against measured latency with the ±10 % band; the space-shrinking \
            timeline; channel scaling and λ (spos); the measurement environments; workers and their jobs over \
            time with departures and re-queues. Every figure is labelled with its source as stored.
            """)

    @Argument(help: "The run's store, e.g. runs/search/quickstart-20260101-120000/run.sqlite.")
    var store: String

    @Option(name: .shortAndLong, help: "Where to write the report (default: report.html next to the store).")
    var output: String?

    func run() async throws {
        let destination = output ?? Self.defaultOutput(store: store)
        do {
            try RunReport.write(storeAt: store, to: destination)
        } catch {
            throw CommandFailure("\(error)")
        }
        Console.line("report: \(destination)")
    }

    /// `report.html` in the store's folder.
    static func defaultOutput(store: String) -> String {
        URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("report.html").path
    }
}
