/// A search space whose architectures are whole networks a runtime can build and time.
public protocol NetworkSpace: SearchSpace {
    /// The network for `architecture` at the space's standard input (nb201: CIFAR 32×32,
    /// 10 classes; spos: ImageNet 224×224, 1000 classes).
    func network(for architecture: Architecture) throws(GraphError) -> NetworkGraph
    /// Architectures whose networks together contain every operator signature any architecture
    /// of the space can produce (what a device profile has to measure).
    var coveringArchitectures: [Architecture] { get }
}

extension NetworkSpace {
    /// Every distinct operator of the space's networks, by signature, in first-seen order.
    public func operatorCatalog() throws(GraphError) -> [NetworkOperator] {
        var seen = Set<String>()
        var catalog: [NetworkOperator] = []
        for architecture in coveringArchitectures {
            for candidate in try network(for: architecture).operators() where seen.insert(candidate.signature).inserted {
                catalog.append(candidate)
            }
        }
        return catalog
    }

    /// The operator signatures of `architecture`'s network, one per operator in execution order.
    public func operatorSignatures(of architecture: Architecture) throws(GraphError) -> [String] {
        try network(for: architecture).operators().map(\.signature)
    }
}

extension NB201Space: NetworkSpace {
    /// Answers the CIFAR network: 32×32 input, 10 classes.
    public func network(for architecture: Architecture) throws(GraphError) -> NetworkGraph {
        try graph(for: architecture)
    }

    /// Every cell: which operators a cell produces depends on all of its edges together (how
    /// many inputs each node sums), and 15,625 graphs take about a second to build.
    public var coveringArchitectures: [Architecture] {
        (0..<Self.cellCount).map(Self.architecture(code:))
    }
}

extension SPOSSpace: NetworkSpace {
    /// Answers the ImageNet network: 224×224 input, 1000 classes.
    public func network(for architecture: Architecture) throws(GraphError) -> NetworkGraph {
        try graph(for: architecture)
    }

    /// The 0-based layer a node of a spos network belongs to, from the name the graph gives it
    /// (`stage2.layer7.main.dw.conv` → 6); nil for the stem and the head.
    ///
    /// A layer's operators depend only on its own (block, ratio) and its place, so anything
    /// summed over a network's nodes (operators, MACs) decomposes by layer through this.
    public static func layer(ofNodeNamed name: String) -> Int? {
        for part in name.split(separator: ".") where part.hasPrefix("layer") {
            if let number = Int(part.dropFirst("layer".count)), (1...layerCount).contains(number) {
                return number - 1
            }
        }
        return nil
    }

    /// The 32 networks with one (block, ratio) in every layer: a layer's operators depend only on
    /// its own choice (its input and output channels are fixed by its place), so these cover all.
    public var coveringArchitectures: [Architecture] {
        (0..<Self.blocks.count).flatMap { block in
            (0..<Self.ratios.count).map { ratio in
                Architecture(genes: (0..<Self.layerCount).flatMap { _ in [block, ratio] })
            }
        }
    }
}
