/// One node of a ``NetworkGraph``: an operation on the outputs of earlier nodes.
public struct GraphNode: Hashable, Sendable, Codable {
    /// Position in the graph's node list; inputs always refer to smaller ids.
    public var id: Int
    /// A readable path, e.g. `stage2.cell3.edge2<-1.conv`.
    public var name: String
    /// What the node computes.
    public var operation: GraphOperation
    /// Ids of the nodes it reads, in order; all smaller than `id`.
    public var inputs: [Int]
    /// Inferred output shape.
    public var shape: TensorShape

    /// A node as given; ``NetworkGraphBuilder`` checks shapes, this does not.
    public init(id: Int, name: String, operation: GraphOperation, inputs: [Int], shape: TensorShape) {
        self.id = id
        self.name = name
        self.operation = operation
        self.inputs = inputs
        self.shape = shape
    }
}
