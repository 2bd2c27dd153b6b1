import Engine
import LinearAlgebra

/// NASWOT's kernel over a batch (Mellor et al. 2021): each input's binary code is the on/off
/// pattern of every ReLU unit in the network; `K[i][j]` counts the units where inputs `i` and `j`
/// agree, `units − Hamming(cᵢ, cⱼ)`.
///
/// Codes are packed 64 units to a word and compared with popcount, one layer at a time, so the
/// whole code is never stored and every count is an exact integer: the kernel, and so the score,
/// is the same bit for bit whatever the order of the work.
public struct NASWOTKernel: Sendable {
    /// Inputs in the batch (the kernel is `batch × batch`).
    public let batch: Int
    /// ReLU units seen so far per input (`N_A`).
    public private(set) var units = 0
    /// Layers (rectifying steps) seen so far.
    public private(set) var layers = 0
    /// Pairwise Hamming distances, row-major `batch × batch`, upper triangle filled.
    private var hamming: [Int]
    private var words: [UInt64] = []

    /// An empty kernel for `batch` inputs (at least 1).
    public init(batch: Int) {
        precondition(batch >= 1, "a NASWOT kernel needs at least one input")
        self.batch = batch
        hamming = Array(repeating: 0, count: batch * batch)
    }

    /// Adds one layer's codes: `x > 0` for every unit of every sample.
    public mutating func add(_ activation: RectifiedActivation) {
        precondition(activation.batch == batch, "activation batch \(activation.batch) is not the kernel's \(batch)")
        add(units: activation.units) { activation.sample($0) }
    }

    /// Adds one layer's codes from plain values, `values[sample][unit]` (`x > 0` is on).
    public mutating func add(values: [[Float]]) {
        precondition(values.count == batch, "\(values.count) samples for a kernel of batch \(batch)")
        guard let count = values.first?.count else { return }
        precondition(values.allSatisfy { $0.count == count }, "every sample needs the same number of units")
        let flat = values.flatMap { $0 }
        flat.withUnsafeBufferPointer { buffer in
            add(units: count) { UnsafeBufferPointer(rebasing: buffer[$0 * count..<($0 + 1) * count]) }
        }
    }

    private mutating func add(units count: Int, sample: (Int) -> UnsafeBufferPointer<Float>) {
        guard count > 0 else { return }
        let perSample = (count + 63) / 64
        if words.count < batch * perSample { words = Array(repeating: 0, count: batch * perSample) }
        words.withUnsafeMutableBufferPointer { packed in
            for index in 0..<batch {
                let values = sample(index)
                let row = index * perSample
                for word in 0..<perSample {
                    let start = word * 64
                    let end = min(start + 64, count)
                    var bits: UInt64 = 0
                    for unit in start..<end where values[unit] > 0 {
                        bits |= 1 << UInt64(unit - start)
                    }
                    packed[row + word] = bits
                }
            }
            hamming.withUnsafeMutableBufferPointer { distances in
                for i in 0..<batch {
                    for j in (i + 1)..<max(batch, i + 1) {
                        var differing = 0
                        for word in 0..<perSample {
                            differing &+= (packed[i * perSample + word] ^ packed[j * perSample + word]).nonzeroBitCount
                        }
                        distances[i * batch + j] &+= differing
                    }
                }
            }
        }
        units += count
        layers += 1
    }

    /// `K`, row-major `batch × batch`: `units` on the diagonal, `units − Hamming` elsewhere.
    public var matrix: [Double] {
        var result = Array(repeating: Double(units), count: batch * batch)
        for i in 0..<batch {
            for j in (i + 1)..<max(batch, i + 1) {
                let agree = Double(units - hamming[i * batch + j])
                result[i * batch + j] = agree
                result[j * batch + i] = agree
            }
        }
        return result
    }

    /// NASWOT's score, `log det(K + I)`. `K` is a Gram matrix (positive semi-definite); two inputs
    /// with the same code make it singular (NASWOT's `slogdet` would give −∞), so one unit of
    /// ridge is always added: the score is finite and, for a well-conditioned `K` whose
    /// eigenvalues are in the thousands, changes by less than 10⁻³ per input.
    public var score: Double {
        Cholesky.logDeterminant(ofSymmetricPositiveDefinite: matrix, size: batch, ridge: 1) ?? -.infinity
    }
}
