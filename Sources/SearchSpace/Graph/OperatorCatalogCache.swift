import Synchronization

/// Each space's operator catalog by signature, built once per process on first use (a worker
/// answering profile jobs looks operators up by the signature the coordinator sent).
public final class OperatorCatalogCache: Sendable {
    private let catalogs = Mutex<[String: [String: NetworkOperator]]>([:])

    /// An empty cache; each space's catalog is built on its first lookup.
    public init() {}

    /// The operator of `space` with `signature`, or nil when the space has none such.
    public func find(_ signature: String, in space: any NetworkSpace) throws(GraphError) -> NetworkOperator? {
        if let known = catalogs.withLock({ $0[space.name] }) { return known[signature] }
        let built = Dictionary(try space.operatorCatalog().map { ($0.signature, $0) }, uniquingKeysWith: { first, _ in first })
        catalogs.withLock { $0[space.name] = built }
        return built[signature]
    }
}
