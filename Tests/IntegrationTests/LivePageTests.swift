import Foundation
import Store
import Testing

/// `--http`: the live page, `/api/status` and `/metrics` of a real search, flooded and fed
/// malformed requests while it runs; the result must be the one an undisturbed run returns.
@Suite("live page")
struct LivePageTests {
    /// Talks to the live server over plain sockets: checks the pages during the search, floods it
    /// with good and malformed requests, waits for the end, then parses /metrics with
    /// prometheus_client's parser and prints the final counters as one JSON line.
    static let client = #"""
        import json, socket, sys, time, urllib.error, urllib.request
        from concurrent.futures import ThreadPoolExecutor
        from prometheus_client.parser import text_string_to_metric_families
        base = 'http://127.0.0.1:%s' % sys.argv[1]

        def get(path, method='GET'):
            request = urllib.request.Request(base + path, method=method)
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    return answer.status, answer.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, ''

        status, body = get('/api/status')
        assert status == 200, status
        first = json.loads(body)
        assert first['finished'] is False, 'the search ended before the page was fetched'
        status, page = get('/')
        assert status == 200 and 'hsconas live' in page and 'Workers online' in page, page[:300]
        print('during the search: workers %d, evaluations %d' % (first['workers_online'], first['evaluations']))

        # Bad paths and methods.
        for path in ['/nope', '/api', '/api/status/x', '/metrics/x', '/../etc/passwd']:
            code = get(path)[0]
            assert code == 404, (path, code)
        for path, method in [('/metrics', 'POST'), ('/', 'DELETE'), ('/api/status', 'PUT')]:
            code = get(path, method)[0]
            assert code == 405, (path, method, code)

        def raw(payload):
            try:
                with socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5) as connection:
                    connection.sendall(payload)
                    connection.shutdown(socket.SHUT_WR)
                    while connection.recv(65536):
                        pass
            except OSError:
                pass

        malformed = [b'GARBAGE\r\n\r\n', b'\x00\xff' * 500, b'GET / HTTP/9.9\r\n\r\n', b'GET /' + b'a' * 100000 + b' HTTP/1.1\r\n\r\n',
                     b'GET / HTTP/1.1\r\nHost: x\r\n' + b'X-Big: ' + b'b' * 200000 + b'\r\n\r\n',
                     b'POST /metrics HTTP/1.1\r\nContent-Length: 99999999\r\n\r\nabc', b'GET / HTTP/1.1\r\n']
        with ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(lambda i: get(['/', '/api/status', '/metrics'][i % 3])[0], range(600)))
            list(pool.map(raw, malformed * 10))
        assert codes.count(200) == 600, codes
        print('flood: 600 good requests answered 200, %d malformed sent' % (len(malformed) * 10))

        deadline = time.time() + 240
        while time.time() < deadline:
            state = json.loads(get('/api/status')[1])
            if state['finished']:
                break
            time.sleep(0.2)
        assert state['finished'], 'the search did not finish'
        parsed = {family.name: family for family in text_string_to_metric_families(get('/metrics')[1])}
        # The parser names a counter's family without its _total suffix; accept either spelling.
        families = dict(parsed, **{name + '_total': family for name, family in parsed.items()})
        final = {'answered': {}, 'evaluations': {}, 'status_jobs': state['jobs']}
        for sample in families['hsconas_jobs_answered'].samples:
            if sample.name == 'hsconas_jobs_answered_total':
                final['answered']['%s/%s' % (sample.labels['kind'], sample.labels['device'])] = sample.value
        for sample in families['hsconas_evaluations'].samples:
            if sample.name == 'hsconas_evaluations_total':
                final['evaluations']['%s/%s' % (sample.labels['metric'], sample.labels['source'])] = sample.value
        for name in ['hsconas_workers', 'hsconas_jobs_queued', 'hsconas_measurement_duration_seconds', 'hsconas_best_feasible']:
            assert name in families, (name, sorted(families))
        print('FINAL ' + json.dumps(final))
        """#

    static func config(output: String) -> String {
        // 60 ms a job keeps the search running for several seconds, so the flood lands while it runs;
        // the 30 s linger lets the client read the final page after the end.
        SearchEndToEndTests.config(budget: 60, heartbeatMs: 200, accuracyWorkers: 1, delayMs: 60)
            .replacingOccurrences(of: "output: unused", with: "output: \(output)")
    }

    @Test("a live search: page and status during it, a flood and malformed requests, metrics matching the store, same result")
    func liveSearch() async throws {
        let scratch = try Scratch.directory("live")
        let configPath = try Scratch.config(Self.config(output: scratch.appendingPathComponent("live").path), in: scratch)
        // The same search without the page, for the result it must equal.
        let reference = try ChildProcess(
            ["search", "--config", configPath, "--output", scratch.appendingPathComponent("reference").path, "--quiet"],
            name: "reference")
        // The live run is a coordinator whose workers start only once the client has seen the search
        // live: however slowly the client starts on a loaded machine, the search cannot end first.
        let coordinator = try ChildProcess(
            ["coordinator", "--config", configPath, "--bind", "tcp://127.0.0.1:*", "--output",
             scratch.appendingPathComponent("live").path, "--quiet", "--http", "127.0.0.1:0", "--http-linger", "30"],
            name: "live-coordinator")
        let listening = try await coordinator.waitForLine(containing: "coordinator listening on ")
        let endpoint = String(listening.split(separator: " ")[3].dropLast())
        let line = try await coordinator.waitForLine(containing: "live page: http://127.0.0.1:")
        let port = try #require(line.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }, "\(line)")
        let client = try ChildProcess(
            ["python3", "-c", Self.client, String(port)], name: "live-client", executable: URL(fileURLWithPath: "/usr/bin/env"))
        _ = try await client.waitForLine(containing: "during the search")
        var workers: [ChildProcess] = []
        for (id, device) in [("accuracy", nil), ("raspi4", "raspi4"), ("pixel3", "pixel3"), ("gold", "gold_6240")] {
            var arguments = ["worker", "--coordinator", endpoint, "--id", "live-\(id)", "--heartbeat-ms", "200", "--simulated-delay-ms", "60"]
            arguments += device.map { ["--device", $0, "--kinds", "latency"] } ?? ["--kinds", "accuracy"]
            workers.append(try ChildProcess(arguments, name: "live-\(id)"))
        }
        #expect(try await client.waitForExit(idle: .seconds(300)) == 0, "\(client.output.suffix(30))")
        #expect(try await coordinator.waitForExit(idle: .seconds(300)) == 0, "\(coordinator.output.suffix(30))")
        #expect(try await reference.waitForExit(idle: .seconds(300)) == 0, "\(reference.output.suffix(30))")
        for worker in workers { _ = try await worker.waitForExit(idle: .seconds(60)) }

        // Same result as the undisturbed run.
        let live = try Scratch.result(in: scratch.appendingPathComponent("live"))
        let undisturbed = try Scratch.result(in: scratch.appendingPathComponent("reference"))
        let best = try #require(live["best"] as? [String: Any])
        #expect(best["architecture"] as? String == (undisturbed["best"] as? [String: Any])?["architecture"] as? String)
        for key in ["accuracy_evaluations", "candidates", "generations"] {
            #expect(live[key] as? Int == undisturbed[key] as? Int, "\(key)")
        }

        // The final counters, parsed by prometheus_client, match the store.
        let final = try #require(client.output.first { $0.hasPrefix("FINAL ") }, "\(client.output)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(final.dropFirst(6).utf8)) as? [String: Any])
        let answered = try #require(json["answered"] as? [String: Double])
        let evaluations = try #require(json["evaluations"] as? [String: Double])
        let store = try RunStore(existing: try Scratch.runDirectory(in: scratch.appendingPathComponent("live"))
            .appendingPathComponent("run.sqlite").path)
        let rows = try store.evaluations().filter { $0.value != nil && !$0.worker.isEmpty }
        #expect(answered["accuracy/any"].map(Int.init) == rows.filter { $0.metric == "valid_accuracy" }.count)
        for device in ["raspi4", "pixel3", "gold_6240"] {
            #expect(
                answered["latency/\(device)"].map(Int.init) == rows.filter { $0.metric == "latency_ms" && $0.device == device }.count,
                "\(device)")
        }
        #expect(evaluations["valid_accuracy/table"].map(Int.init) == rows.filter { $0.metric == "valid_accuracy" }.count)
        #expect(evaluations["latency_ms/replay"].map(Int.init) == rows.filter { $0.metric == "latency_ms" }.count)
    }

    @Test("--http with a bad address is refused, naming the option and the value")
    func badAddress() async throws {
        let scratch = try Scratch.directory("live-bad")
        let config = try Scratch.config(Self.config(output: scratch.path), in: scratch)
        for (value, expected) in [("127.0.0.1:99999", "--http '127.0.0.1:99999'"), ("localhost:http", "--http 'localhost:http'")] {
            let search = try ChildProcess(["search", "--config", config, "--http", value, "--quiet"], name: "live-bad")
            #expect(try await search.waitForExit() != 0)
            #expect(search.output.contains { $0.contains(expected) }, "\(search.output)")
        }
    }
}
