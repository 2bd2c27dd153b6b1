import BenchmarkData
import Foundation
import Orchestrator
import Testing

/// The configs a user starts from (`Configs/*.yaml`, the README's commands) load and validate as
/// shipped, and say what their comments and the docs say they do.
@Suite("shipped configs")
struct ShippedConfigTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Configs")

    @Test("every config in Configs/ loads and validates")
    func everyConfigLoads() throws {
        let table = try NB201Table.bundled()
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 4, "\(files)")
        for file in files {
            do {
                _ = try SearchConfig.load(path: Self.folder.appendingPathComponent(file).path, table: table)
            } catch {
                Issue.record("Configs/\(file): \(error)")
            }
        }
    }

    @Test("the quickstart decides lazily on both sides; spos-cpu screens on the operator table's interval and decides lazily")
    func decisionRules() throws {
        let table = try NB201Table.bundled()
        let (quickstart, _) = try SearchConfig.load(path: Self.folder.appendingPathComponent("quickstart.yaml").path, table: table)
        #expect(quickstart.targets.contains { $0.decide == .lazyAll })
        let (spos, _) = try SearchConfig.load(path: Self.folder.appendingPathComponent("spos-cpu.yaml").path, table: table)
        let target = try #require(spos.targets.first)
        #expect(target.model == .table && target.band == nil && target.confidence == 2 && target.decide == .lazy)
    }
}
