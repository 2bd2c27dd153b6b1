import Foundation
import Store
import TestSupport
import Testing

/// `hsconas report` and the report `hsconas search` writes, rendered by a real browser.
@Suite("report command")
struct ReportCommandTests {
    /// Debian's `chromium` (installed by `make test`).
    static func chromium() throws -> URL {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] where FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        throw TestFailure("chromium is not installed (make test installs Debian's 'chromium' package)")
    }

    /// Runs headless Chromium on `page` with `arguments` (e.g. `--dump-dom`) and returns its output.
    static func browse(_ page: URL, _ arguments: [String], name: String) async throws -> [String] {
        let browser = try ChildProcess(
            ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,3000"] + arguments
                + [page.absoluteString], name: name, executable: try chromium())
        let status = try await browser.waitForExit(idle: .seconds(120))
        #expect(status == 0, "\(name): \(browser.output.suffix(20))")
        return browser.output
    }

    /// Decodes a PNG (8-bit RGB or RGBA, not interlaced, as Chromium writes) with Python's zlib and
    /// prints the share of pixels that are not the page background and the number of colours.
    static let pngStatistics = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
        pos, idat = 8, b''
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b'IHDR':
                width, height, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
            elif kind == b'IDAT':
                idat += body
            pos += 12 + length
        assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
        size = 3 if colour == 2 else 4
        raw, stride = zlib.decompress(idat), width * size
        previous, counts, i = bytearray(stride), {}, 0
        for _ in range(height):
            kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
            i += 1 + stride
            for x in range(stride):
                a = line[x - size] if x >= size else 0
                b, c = previous[x], previous[x - size] if x >= size else 0
                if kind == 1: line[x] = (line[x] + a) & 255
                elif kind == 2: line[x] = (line[x] + b) & 255
                elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif kind == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            for x in range(0, stride, size * 4):
                key = bytes(line[x:x + 3])
                counts[key] = counts.get(key, 0) + 1
            previous = line
        total = sum(counts.values())
        print('not_background', 1 - max(counts.values()) / total, 'colours', len(counts))
        """

    @Test("`hsconas search` writes report.html beside result.json; Chromium renders it with one mark per architecture")
    func searchReport() async throws {
        let (scratch, run, output) = try await Scratch.smallSearch("report")
        let report = run.appendingPathComponent("report.html")
        #expect(output.contains("Report: \(report.path)"), "\(output)")
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("result.json").path))

        // The DOM as Chromium parsed it: one mark per architecture with a latency on the device.
        let dom = try await Self.browse(report, ["--dump-dom"], name: "chromium-dom").joined(separator: "\n")
        let store = try RunStore(existing: run.appendingPathComponent("run.sqlite").path)
        let evaluations = try store.evaluations()
        let joined = Set(try store.fleetEvents().filter { $0.kind == .joined }.map(\.worker))
        #expect(joined == ["raspi4-1", "pixel3-1", "gold_6240-1", "accuracy-1"])
        for device in ["raspi4", "pixel3", "gold_6240"] {
            let expected = Set(
                evaluations.filter {
                    $0.device == device && $0.value != nil && ["latency_ms", "latency_predicted_ms"].contains($0.metric)
                }.map(\.architecture)).count
            #expect(expected > 40)
            #expect(dom.components(separatedBy: "data-device=\"\(device)\"").count - 1 == expected, "\(device)")
        }
        let accuracy = evaluations.filter { $0.metric == "valid_accuracy" && $0.value != nil }.count
        #expect(dom.contains("\(accuracy) evaluations; best feasible"))
        #expect(dom.contains("class=\"answer\""))

        // A screenshot that is not blank: plots and text cover part of the page in many colours.
        let png = scratch.appendingPathComponent("report.png")
        _ = try await Self.browse(report, ["--screenshot=\(png.path)"], name: "chromium-screenshot")
        let python = try ChildProcess(
            ["python3", "-c", Self.pngStatistics, png.path], name: "png-statistics", executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(try await python.waitForExit() == 0, "\(python.output)")
        let line = try #require(python.output.first { $0.hasPrefix("not_background") }, "\(python.output)")
        let fields = line.split(separator: " ")
        let covered = try #require(Double(fields[1]))
        let colours = try #require(Int(fields[3]))
        #expect(covered > 0.05, "\(line)")
        #expect(colours > 20, "\(line)")

        // `hsconas report` writes the same report anywhere.
        let elsewhere = scratch.appendingPathComponent("again.html")
        let command = try ChildProcess(
            ["report", run.appendingPathComponent("run.sqlite").path, "-o", elsewhere.path], name: "report")
        #expect(try await command.waitForExit() == 0, "\(command.output)")
        #expect(command.output.contains("report: \(elsewhere.path)"))
        #expect(try Data(contentsOf: elsewhere).count > 10_000)

        // Given the run's folder, it reads the folder's store and writes beside it.
        try FileManager.default.removeItem(at: report)
        let byFolder = try ChildProcess(["report", run.path], name: "report-folder")
        #expect(try await byFolder.waitForExit() == 0, "\(byFolder.output)")
        #expect(byFolder.output.contains("report: \(report.path)"), "\(byFolder.output)")
        #expect(try Data(contentsOf: report).count > 10_000)
    }

    @Test("`hsconas report` on a damaged or empty store: exit 1, the file and the reason named, no report")
    func badStore() async throws {
        let scratch = try Scratch.directory("report-bad")
        let garbage = scratch.appendingPathComponent("run.sqlite")
        try Data("this is not a database, only text pretending".utf8).write(to: garbage)
        let empty = scratch.appendingPathComponent("empty.sqlite").path
        _ = try RunStore(path: empty)
        for (path, reason) in [(garbage.path, "not a readable SQLite database"), (empty, "no run recorded")] {
            let output = scratch.appendingPathComponent("out.html")
            let report = try ChildProcess(["report", path, "-o", output.path], name: "report-bad")
            #expect(try await report.waitForExit() == 1)
            #expect(report.output.contains { $0.contains(path) && $0.contains(reason) }, "\(report.output)")
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }
}
