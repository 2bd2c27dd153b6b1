extension OperatorCatalogCache {
    /// The network a latency or profile job names: the space's network for `architecture`, or,
    /// for an operator (`isOperator`, a profile job), the operator whose signature it is. Errors
    /// name the space or the operator.
    public func graph(space name: String, architecture: String, isOperator: Bool) throws -> NetworkGraph {
        let space = try SearchSpaces.named(name)
        if isOperator {
            guard let found = try find(architecture, in: space) else {
                throw UnknownOperatorError(signature: architecture, space: space.name)
            }
            return found.graph
        }
        return try space.network(for: try space.parse(architecture))
    }
}
