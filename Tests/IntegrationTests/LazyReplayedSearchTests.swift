import BenchmarkData
import Foundation
import Orchestrator
import Store
import Testing

/// `decide: lazy` on a replayed nb201 device with `model: regression`: an undecided candidate
/// predicted under the limit waits for its accuracy and is looked up only if it would be a parent,
/// so the device answers fewer look-ups than with `decide: interval`, and the answer still holds
/// on the table.
@Suite("lazy decisions on a replayed device")
struct LazyReplayedSearchTests {
    static let table = try! NB201Table.bundled()

    /// The answer's raspi4 latency was looked up on the table (confirmed) and meets the 20 ms limit.
    static func expectConfirmedAnswer(_ result: [String: Any]) throws {
        let best = try #require(result["best"] as? [String: Any])
        let latency = try #require((best["latency_ms"] as? [String: [String: Any]])?["raspi4"])
        #expect(latency["source"] as? String == "replay", "the answer is confirmed on the table")
        #expect((latency["value"] as? Double ?? .infinity) <= 20)
    }

    /// The model's count of candidates decided on it is the device cost's: a waiting candidate
    /// looked up after all (it ranked among the best, or it is the answer) is not counted twice.
    static func expectScreenedNeverLookedUp(_ result: [String: Any]) throws {
        let cost = try #require((result["device_cost"] as? [String: [String: Any]])?["raspi4"])
        let model = try #require((result["latency_models"] as? [String: [String: Any]])?["raspi4"])
        let decided = try #require(cost["decided_on_model"] as? Int)
        #expect(model["screened"] as? Int == decided && decided > 0, "model \(model), cost \(cost)")
    }

    @Test("decide: lazy looks up fewer candidates than interval; the answer is confirmed on the table")
    func lazyCostsFewerLookUps() async throws {
        let (lazy, store) = try await ReplayedModelSearchTests.search(model: "regression", decide: "lazy")
        try Self.expectConfirmedAnswer(lazy)

        let records = try store.evaluations().filter { $0.device == "raspi4" }
        let looked = records.filter { $0.metric == "latency_ms" }
        #expect(looked.allSatisfy { $0.source == .replay })
        #expect(Set(looked.map(\.architecture)).count == looked.count, "no look-up is asked twice")
        let cost = try #require((lazy["device_cost"] as? [String: [String: Any]])?["raspi4"])
        let lazyLookUps = try #require(cost["measurements"] as? Int)
        #expect(lazyLookUps == looked.count, "\(cost)")
        try Self.expectScreenedNeverLookedUp(lazy)

        let (interval, _) = try await ReplayedModelSearchTests.search(model: "regression")
        let intervalCost = try #require((interval["device_cost"] as? [String: [String: Any]])?["raspi4"])
        let intervalLookUps = try #require(intervalCost["measurements"] as? Int)
        #expect(lazyLookUps < intervalLookUps, "lazy \(lazyLookUps) look-ups, interval \(intervalLookUps)")
    }

    @Test("decide: lazy-all looks up fewer candidates than lazy, evaluates more than its budget, and still confirms the answer")
    func lazyAllCostsFewerStill() async throws {
        let (lazyAll, store) = try await ReplayedModelSearchTests.search(model: "regression", decide: "lazy-all")
        try Self.expectConfirmedAnswer(lazyAll)
        let budgeted = try #require(lazyAll["accuracy_evaluations"] as? Int)
        let inAll = try #require(lazyAll["accuracy_evaluations_in_all"] as? Int)
        let stored = try store.evaluations().count { $0.metric == "valid_accuracy" && $0.value != nil }
        #expect(inAll == stored && inAll > budgeted, "budget \(budgeted), in all \(inAll), stored \(stored)")
        try Self.expectScreenedNeverLookedUp(lazyAll)

        let (lazy, _) = try await ReplayedModelSearchTests.search(model: "regression", decide: "lazy")
        #expect(lazy["accuracy_evaluations_in_all"] == nil, "only a budget of feasible candidates reports it")
        let lookUps = { (result: [String: Any]) in ((result["device_cost"] as? [String: [String: Any]])?["raspi4"]?["measurements"] as? Int) ?? -1 }
        #expect(lookUps(lazyAll) < lookUps(lazy), "lazy-all \(lookUps(lazyAll)) look-ups, lazy \(lookUps(lazy))")
    }

    @Test("confirm_top: measuring only candidates among the best confirmed one looks up fewer than among five; both answers hold")
    func confirmTopBoundsLookUps() async throws {
        let (one, _) = try await ReplayedModelSearchTests.search(model: "regression", decide: "lazy-all", confirmTop: 1)
        let (five, _) = try await ReplayedModelSearchTests.search(model: "regression", decide: "lazy-all", confirmTop: 5)
        try Self.expectConfirmedAnswer(one)
        try Self.expectConfirmedAnswer(five)
        let lookUps = { (result: [String: Any]) in ((result["device_cost"] as? [String: [String: Any]])?["raspi4"]?["measurements"] as? Int) ?? -1 }
        #expect(lookUps(one) > 0 && lookUps(one) < lookUps(five), "confirm_top 1: \(lookUps(one)) look-ups, 5: \(lookUps(five))")
    }

    @Test("confirm_top outside 1…parents is refused naming field and value; it defaults to 3, or parents if fewer")
    func badConfirmTop() throws {
        for bad in [0, 6, -2] {
            let yaml = ReplayedModelSearchTests.config(model: "regression", decide: "lazy", confirmTop: bad)
            do {
                _ = try SearchConfig.parse(yaml: yaml, table: Self.table)
                Issue.record("accepted confirm_top \(bad)")
            } catch {
                #expect(error.field == "confirm_top" && error.description.contains("\(bad)"), "\(error)")
            }
        }
        let plain = ReplayedModelSearchTests.config(model: "regression", decide: "lazy")
        #expect(try SearchConfig.parse(yaml: plain, table: Self.table).confirmTop == 3)
        let twoParents = plain.replacingOccurrences(of: "parents: 5", with: "parents: 2")
        #expect(try SearchConfig.parse(yaml: twoParents, table: Self.table).confirmTop == 2)
    }

    @Test("decide is refused when unknown, and lazy without a latency model, naming field and value")
    func badDecide() {
        let cases: [(String, [String])] = [
            (ReplayedModelSearchTests.config(model: "regression", decide: "eager"), ["targets[0].decide", "eager"]),
            (ReplayedModelSearchTests.config(model: "none", decide: "lazy"), ["targets[0].decide", "lazy", "model: none"]),
            (
                ReplayedModelSearchTests.config(model: "none", decide: "lazy").replacingOccurrences(of: "    model: none\n", with: ""),
                ["targets[0].decide", "lazy", "model: none"]
            ),
            (ReplayedModelSearchTests.config(model: "none", decide: "lazy-all"), ["targets[0].decide", "lazy-all", "model: none"]),
        ]
        for (yaml, named) in cases {
            do {
                _ = try SearchConfig.parse(yaml: yaml, table: Self.table)
                Issue.record("accepted a config that should name \(named)")
            } catch {
                #expect(error.field == named[0], "\(error)")
                for word in named.dropFirst() { #expect(error.description.contains(word), "\(error) should name \(word)") }
            }
        }
        let lazy = try? SearchConfig.parse(yaml: ReplayedModelSearchTests.config(model: "regression", decide: "lazy"), table: Self.table)
        #expect(lazy?.targets[0].decidesLazily == true)
        let plain = try? SearchConfig.parse(yaml: ReplayedModelSearchTests.config(model: "regression"), table: Self.table)
        #expect(plain?.targets[0].decide == .interval)
        #expect(plain?.searchSettings.budgetCountsInfeasible == true && lazy?.searchSettings.budgetCountsInfeasible == true)
        // lazy-all: the budget counts feasible candidates, except in λ mode, which evaluates every candidate.
        let lazyAll = ReplayedModelSearchTests.config(model: "regression", decide: "lazy-all")
        #expect((try? SearchConfig.parse(yaml: lazyAll, table: Self.table))?.searchSettings.budgetCountsInfeasible == false)
        let lambda = try? SearchConfig.parse(yaml: lazyAll.replacingOccurrences(of: "seed: 11\n", with: "seed: 11\nconstraint: lambda\n"), table: Self.table)
        #expect(lambda?.constraint == .lambda && lambda?.searchSettings.budgetCountsInfeasible == true)
    }
}
