/// One protocol message: the typed content of an envelope.
public enum Message: Sendable, Hashable {
    case hello(Hello)
    case welcome(Welcome)
    case job(JobSpec)
    case result(JobResult)
    case failed(JobFailure)
    case heartbeat
    case bye(Bye)

    /// The envelope `type` string.
    public var type: String {
        switch self {
        case .hello: "hello"
        case .welcome: "welcome"
        case .job: "job"
        case .result: "result"
        case .failed: "failed"
        case .heartbeat: "heartbeat"
        case .bye: "bye"
        }
    }
}
