extension ZMQSocket {
    /// Closes the socket now instead of when the value goes out of scope.
    ///
    /// Unsent messages are kept for the socket's linger time by libzmq's I/O thread.
    public consuming func close() {
        // Consuming `self` ends its lifetime here, which runs deinit (zmq_close).
    }
}
