import Synchronization

/// The rendered answers of the live server, replaced whole once per refresh. Requests only copy
/// from here: however many arrive, they never reach the coordinator, the store or the search.
final class LiveBoard: Sendable {
    struct Rendered: Sendable {
        var status: [UInt8]
        var page: String
        var metrics: String
    }

    private let value = Mutex(Rendered(status: Array("{}".utf8), page: "<p>starting</p>", metrics: ""))

    func set(_ rendered: Rendered) {
        value.withLock { $0 = rendered }
    }

    func get() -> Rendered {
        value.withLock { $0 }
    }
}
