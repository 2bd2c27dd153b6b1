import CZeroMQ

extension ZMQSocket {
    /// `zmq_socket_monitor`: publishes the `events` (a mask of `ZMQ_EVENT_*` bits) of this socket
    /// on a PAIR socket bound at `endpoint` (inproc). Read them with a ``ZMQSocketMonitor``.
    public func monitor(_ endpoint: String, events: UInt16) throws(ZMQError) {
        guard zmq_socket_monitor(handle, endpoint, Int32(events)) == 0 else {
            throw ZMQError.last("zmq_socket_monitor(\(endpoint))")
        }
    }
}
