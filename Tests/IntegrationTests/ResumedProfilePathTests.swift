import BenchmarkData
import Foundation
import Logging
import Orchestrator
import Testing

/// A resumed spos run finds the operator tables its first session profiled, wherever the resume is
/// started from: profiling again costs a board minutes, and another table screens differently.
@Suite("resumed runs keep their operator tables")
struct ResumedProfilePathTests {
    static func session() throws -> SearchSession {
        let table = try NB201Table.bundled()
        let path = ShippedConfigTests.folder.appendingPathComponent("pi-phone-server.yaml").path
        let (config, text) = try SearchConfig.load(path: path, table: table)
        #expect(config.output == "runs")
        return SearchSession(config: config, configText: text, table: table, spawnLocalWorkers: false, logger: Logger(label: "test"))
    }

    @Test("the profile store is <output>/profiles.sqlite; a resume without --output takes the output its run folder is in")
    func profilePath() throws {
        var session = try Self.session()
        let target = try #require(session.config.targets.first { $0.device == "rpi4-lab" })
        #expect(target.profile == nil)
        let relative = URL(fileURLWithPath: "runs").appendingPathComponent("profiles.sqlite").path
        #expect(session.profilePath(of: target) == relative)

        // The first session ran with --output /data/nas; the resume is started elsewhere, without it.
        session.resumeStore = "/data/nas/pi-phone-server-20261207-195414/run.sqlite"
        #expect(session.profilePath(of: target) == "/data/nas/profiles.sqlite")
        // Given again, --output still decides.
        session.output = "/elsewhere"
        #expect(session.profilePath(of: target) == "/elsewhere/profiles.sqlite")
        // A config's own profile path always wins.
        var profiled = target
        profiled.profile = "/boards/rpi4.sqlite"
        #expect(session.profilePath(of: profiled) == "/boards/rpi4.sqlite")
    }
}
