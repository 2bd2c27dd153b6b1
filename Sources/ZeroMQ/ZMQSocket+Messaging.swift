import CZeroMQ
import Glibc

extension ZMQSocket {
    /// Sends one multipart message (`ZMQ_SNDMORE` on every frame but the last).
    ///
    /// libzmq delivers multipart messages atomically: the peer gets all frames or none.
    /// - Parameter dontWait: fail fast instead of blocking when the message cannot be queued
    ///   (high-water mark reached, or no peer for DEALER/PUSH).
    /// - Returns: `false` if the message was not queued because of `EAGAIN` (only with
    ///   `dontWait`, or when a send timeout expired); `true` once it is queued.
    @discardableResult
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws(ZMQError) -> Bool {
        guard !frames.isEmpty else { throw Self.emptyMessageError }
        let last = frames.count - 1
        for index in frames.indices {
            let queued = try sendFrame(frames[index], more: index < last, dontWait: dontWait, first: index == 0)
            if !queued { return false }
        }
        return true
    }

    /// Sends one multipart message whose frames are any contiguous byte collections
    /// (`ArraySlice<UInt8>`, `[UInt8]`, `UnsafeBufferPointer<UInt8>`, ...); same rules as
    /// the `[[UInt8]]` overload.
    @discardableResult
    public func send<Frame: Collection<UInt8>>(
        frames: some Collection<Frame>, dontWait: Bool = false
    ) throws(ZMQError) -> Bool {
        var remaining = frames.count
        guard remaining > 0 else { throw Self.emptyMessageError }
        var first = true
        for frame in frames {
            remaining -= 1
            let more = remaining > 0
            let isFirst = first
            // withContiguousStorageIfAvailable only rethrows untyped errors, so carry a Result out.
            let attempt = frame.withContiguousStorageIfAvailable { buffer in
                Result { () throws(ZMQError) in
                    try sendFrame(UnsafeRawBufferPointer(buffer), more: more, dontWait: dontWait, first: isFirst)
                }
            }
            let queued = if let attempt {
                try attempt.get()
            } else {
                try sendFrame(Array(frame), more: more, dontWait: dontWait, first: isFirst)
            }
            if !queued { return false }
            first = false
        }
        return true
    }

    /// Receives one complete multipart message (all `ZMQ_RCVMORE` frames).
    ///
    /// - Parameter dontWait: return `nil` at once when nothing is queued instead of blocking.
    /// - Returns: the frames, or `nil` when no message was available (`EAGAIN`: nothing queued
    ///   with `dontWait`, or the receive timeout expired).
    public func receive(dontWait: Bool = false) throws(ZMQError) -> [[UInt8]]? {
        try withUnsafeTemporaryAllocation(of: zmq_msg_t.self, capacity: 1) { buffer throws(ZMQError) in
            // A stack slot keeps the zmq_msg_t at one address for its whole life, as libzmq expects.
            guard let message = buffer.baseAddress else {
                throw ZMQError(code: ENOMEM, operation: "zmq_msg_init", message: "no message buffer")
            }
            zmq_msg_init(message)
            defer { zmq_msg_close(message) }
            var frames: [[UInt8]] = []
            var flags = dontWait ? ZMQ_DONTWAIT : 0
            while true {
                if zmq_msg_recv(message, handle, flags) < 0 {
                    let code = zmq_errno()
                    if code == EINTR { continue }
                    // EAGAIN can only happen before the first frame: later parts are already queued.
                    if code == EAGAIN && frames.isEmpty { return nil }
                    throw ZMQError(code: code, operation: "zmq_msg_recv(\(type))")
                }
                let size = zmq_msg_size(message)
                let data = zmq_msg_data(message)
                frames.append([UInt8](unsafeUninitializedCapacity: size) { out, count in
                    if size > 0, let data, let base = out.baseAddress {
                        memcpy(base, data, size)
                    }
                    count = size
                })
                if zmq_msg_more(message) == 0 { return frames }
                // The rest of a multipart message is already here; never give up half-way.
                flags = 0
            }
        }
    }

    private func sendFrame(_ frame: [UInt8], more: Bool, dontWait: Bool, first: Bool) throws(ZMQError) -> Bool {
        // withUnsafeBytes only rethrows untyped errors, so carry a Result out.
        try frame.withUnsafeBytes { bytes in
            Result { () throws(ZMQError) in try sendFrame(bytes, more: more, dontWait: dontWait, first: first) }
        }.get()
    }

    /// Sends one frame, retrying on `EINTR`; `false` means `EAGAIN` on the first frame.
    private func sendFrame(
        _ bytes: UnsafeRawBufferPointer, more: Bool, dontWait: Bool, first: Bool
    ) throws(ZMQError) -> Bool {
        let flags = (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
        // zmq_send copies; an empty frame still needs a valid pointer.
        let pointer = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)
        while zmq_send(handle, pointer, bytes.count, flags) < 0 {
            let code = zmq_errno()
            if code == EINTR { continue }
            if code == EAGAIN && first { return false }
            throw ZMQError(code: code, operation: "zmq_send(\(type))")
        }
        return true
    }

    private static var emptyMessageError: ZMQError {
        ZMQError(code: EINVAL, operation: "zmq_send", message: "a message needs at least one frame")
    }
}
