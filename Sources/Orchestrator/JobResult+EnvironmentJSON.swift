import Fleet
import Foundation

extension JobResult {
    /// The worker's environment as a JSON object with sorted keys, as the store keeps it next to
    /// measured figures; nil when the worker sent none.
    var environmentJSON: String? {
        guard !environment.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(environment)).map { String(decoding: $0, as: UTF8.self) }
    }
}
