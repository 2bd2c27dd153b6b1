import Foundation

/// Runs blocking or CPU-heavy synchronous work on a thread of its own and awaits it, so it never
/// holds one of Swift's cooperative threads: on a 2-core machine there are two, and the tasks that
/// wait on sockets and processes beside it need them to make progress.
public func onDedicatedThread<Value: Sendable>(
    stackSize: Int = 8 << 20, _ work: @escaping @Sendable () throws -> Value
) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = stackSize
        thread.start()
    }
}
