/// A search space whose architectures are whole networks a runtime can build and time.
public protocol NetworkSpace: SearchSpace {
    /// The network for `architecture` at the space's standard input (nb201: CIFAR 32×32,
    /// 10 classes; spos: ImageNet 224×224, 1000 classes).
    func network(for architecture: Architecture) throws(GraphError) -> NetworkGraph
}

extension NB201Space: NetworkSpace {
    public func network(for architecture: Architecture) throws(GraphError) -> NetworkGraph {
        try graph(for: architecture)
    }
}

extension SPOSSpace: NetworkSpace {
    public func network(for architecture: Architecture) throws(GraphError) -> NetworkGraph {
        try graph(for: architecture)
    }
}
