import Foundation
import Measurement

/// What `hsconas measure` prints: the network, its size and the measured figure with its environment.
struct MeasureReport: Codable {
    var space: String
    var architecture: String
    var macs: Int
    var parameters: Int
    var measurement: LatencyMeasurement

    var text: String {
        let stats = measurement.statistics
        let env = measurement.environment
        func ms(_ value: Double) -> String { String(format: "%.3f", value) }
        return """
            \(space) \(architecture)
              \(String(format: "%.1f", Double(macs) / 1e6)) M MACs, \(String(format: "%.3f", Double(parameters) / 1e6)) M params
              latency  median \(ms(stats.median)) ms  mean \(ms(stats.mean)) ms  p10 \(ms(stats.p10)) ms  p90 \(ms(stats.p90)) ms  \
            CV \(String(format: "%.2f", stats.coefficientOfVariation * 100)) %  (\(stats.samples) runs, \(measurement.attempts) attempt\(measurement.attempts == 1 ? "" : "s"))
              measured on \(env.cpuModel) (\(env.host)), CPUs \(env.cores.map(String.init).joined(separator: ",")) of \(env.onlineCPUs), \
            \(env.threads) thread\(env.threads == 1 ? "" : "s"), batch \(env.batch), \(env.runtime): \(env.runtimeVersion)
            """ + (env.kernelWarning.map { "\n  warning: \($0)" } ?? "")
    }
}
