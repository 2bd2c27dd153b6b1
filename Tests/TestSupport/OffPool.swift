import Foundation

/// Runs CPU-heavy synchronous test work on a thread of its own and awaits it, so it never holds
/// one of Swift's cooperative threads (on a 2-core machine there are two, and the tests that
/// wait for sockets and processes need them to make progress).
public func offPool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
