/// A ZAP policy's answer to one ``ZMQZAPRequest``.
public struct ZMQZAPVerdict: Sendable, Hashable {
    /// Whether the peer may complete its handshake.
    public var allowed: Bool
    /// The status text sent back to libzmq (and shown in its monitor events).
    public var text: String
    /// The user id libzmq attaches to the peer's messages (`User-Id` metadata) when allowed.
    public var userID: String

    /// Creates a verdict from its parts; ``allow(userID:)`` and ``deny(_:)`` cover the usual cases.
    public init(allowed: Bool, text: String, userID: String = "") {
        self.allowed = allowed
        self.text = text
        self.userID = userID
    }

    /// Admits the peer as `userID`.
    public static func allow(userID: String) -> ZMQZAPVerdict {
        ZMQZAPVerdict(allowed: true, text: "OK", userID: userID)
    }

    /// Refuses the peer; `reason` goes back as the status text.
    public static func deny(_ reason: String) -> ZMQZAPVerdict {
        ZMQZAPVerdict(allowed: false, text: reason)
    }
}
