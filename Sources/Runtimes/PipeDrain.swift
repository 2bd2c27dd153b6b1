import Foundation

/// Reads a pipe to its end on a thread of its own, handing over each chunk as it comes.
///
/// Why not `FileHandle.readabilityHandler`: on Linux it arms a libdispatch read source, and tearing
/// such sources down while others are set up (several child processes ending at once) can leave a
/// freed epoll note behind, which crashes the whole process in `_dispatch_event_loop_drain`
/// (swift-corelibs-libdispatch issue 949; it crashed this project's test run). A blocking read
/// registers nothing with libdispatch, and its end of file ends the thread: nothing to cancel.
public enum PipeDrain {
    /// Starts reading `handle` until end of file (or a read error): `chunk` gets each non-empty
    /// read, then `end` is called once. The thread keeps `handle`, and so its descriptor, open
    /// until then.
    public static func start(
        reading handle: FileHandle, name: String,
        chunk: @escaping @Sendable (Data) -> Void, end: @escaping @Sendable () -> Void
    ) {
        let thread = Thread {
            let descriptor = handle.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                chunk(Data(buffer[..<count]))
            }
            end()
            withExtendedLifetime(handle) {}
        }
        thread.name = name
        thread.start()
    }
}
