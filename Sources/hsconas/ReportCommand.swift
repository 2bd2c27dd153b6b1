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
            time with departures and re-queues, and how each latency model decided what to measure. Every figure \
            is labelled with its source as stored. STORE may also be the run's folder (its run.sqlite is read).
            """)

    @Argument(help: "The run's store, e.g. runs/quickstart-20260101-120000/run.sqlite, or its run folder.")
    var store: String

    @Option(name: .shortAndLong, help: "Where to write the report (default: report.html next to the store).")
    var output: String?

    func run() async throws {
        let store = Self.storePath(store)
        let destination = output ?? Self.defaultOutput(store: store)
        do {
            try RunReport.write(storeAt: store, to: destination)
        } catch {
            throw CommandFailure("\(error)")
        }
        Console.line("report: \(destination)")
    }

    /// A run folder's `run.sqlite`; any other path as given (the report names it if it is no store).
    static func storePath(_ path: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return path }
        return URL(fileURLWithPath: path).appendingPathComponent("run.sqlite").path
    }

    /// `report.html` in the store's folder.
    static func defaultOutput(store: String) -> String {
        URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("report.html").path
    }
}
