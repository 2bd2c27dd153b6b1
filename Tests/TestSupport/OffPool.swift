import Measurement

/// Runs CPU-heavy synchronous test work on a thread of its own and awaits it (see
/// ``Measurement/onDedicatedThread(stackSize:_:)``), so it never holds one of the cooperative
/// threads the tests waiting on sockets and processes need.
public func offPool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await onDedicatedThread(work)
}
