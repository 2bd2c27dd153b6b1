import SearchSpace

/// Where a value lives in the engine's activation arena: sample `n`, channel `c`, pixel `p` is at
/// `offset + n · batchStride + c · height · width + p`. Channel slices are views with the
/// producer's batch stride, so they cost nothing.
struct TensorSlot: Sendable, Equatable {
    var offset: Int
    var batchStride: Int
    var shape: TensorShape

    var plane: Int { shape.height * shape.width }
}
