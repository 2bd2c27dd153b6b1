import Fleet
import Foundation

/// The bounds a search stops at before its strategy finishes (`max_measurements`,
/// `max_wall_seconds`), and which one stopped it.
final class SearchBounds {
    /// Stop once a measured device has answered this many latency jobs (nil: no bound).
    var maxMeasurements: Int?
    /// Stop once this many seconds have passed since ``startedAt`` (nil: no bound).
    var maxWallSeconds: Double?
    /// When the run began, for `maxWallSeconds`.
    var startedAt = ContinuousClock.now
    /// Which bound stopped the search; nil while it runs or when it ran to its end.
    private(set) var stoppedBy: String?

    var isStopped: Bool { stoppedBy != nil }

    /// Stops the search when `device` has used its measurements (`used` counts those in flight);
    /// true when stopped.
    func stopIfMeasurementsSpent(on device: String, used: Int) -> Bool {
        if stoppedBy == nil, let maxMeasurements, used >= maxMeasurements {
            stoppedBy = "max_measurements \(maxMeasurements) reached on \(device)"
        }
        return isStopped
    }

    /// Stops the search when the wall-time bound has passed; true when stopped.
    @discardableResult
    func checkWallTime() -> Bool {
        if stoppedBy == nil, let maxWallSeconds, (ContinuousClock.now - startedAt).seconds >= maxWallSeconds {
            stoppedBy = "max_wall_seconds \(String(format: "%g", maxWallSeconds)) reached"
        }
        return isStopped
    }
}
