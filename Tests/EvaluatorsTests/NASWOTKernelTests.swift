import Foundation
import Engine
import Evaluators
import SearchSpace
import Testing

/// NASWOT's kernel and score against references computed another way: explicit binary codes,
/// agreement counted unit by unit, the determinant by Gaussian elimination with pivoting.
@Suite("NASWOT kernel")
struct NASWOTKernelTests {
    /// `log |det A|` by Gaussian elimination with partial pivoting (not Cholesky).
    static func referenceLogDeterminant(_ matrix: [[Double]]) -> Double {
        var a = matrix
        let n = a.count
        var result = 0.0
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            result += log(abs(a[column][column]))
            for row in (column + 1)..<max(n, column + 1) {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
            }
        }
        return result
    }

    /// `K + I` from explicit codes: agreements counted one unit at a time.
    static func referenceKernel(_ codes: [[Bool]]) -> [[Double]] {
        codes.indices.map { i in
            codes.indices.map { j in
                Double(zip(codes[i], codes[j]).filter { $0 == $1 }.count) + (i == j ? 1 : 0)
            }
        }
    }

    @Test("the kernel counts agreeing units, across layers and word boundaries")
    func kernelMatchesExplicitCodes() {
        var generator = SeededGenerator(seed: 7)
        let batch = 5
        // Three layers of awkward widths (across 64-bit words), values around zero.
        let widths = [3, 70, 129]
        var kernel = NASWOTKernel(batch: batch)
        var codes = Array(repeating: [Bool](), count: batch)
        for width in widths {
            let values = (0..<batch).map { _ in (0..<width).map { _ in Float(generator.unit() * 2 - 1) } }
            kernel.add(values: values)
            for sample in 0..<batch { codes[sample] += values[sample].map { $0 > 0 } }
        }
        #expect(kernel.units == widths.reduce(0, +))
        #expect(kernel.layers == 3)
        let reference = Self.referenceKernel(codes)
        let matrix = kernel.matrix
        for i in 0..<batch {
            for j in 0..<batch {
                #expect(matrix[i * batch + j] + (i == j ? 1 : 0) == reference[i][j], "K[\(i)][\(j)]")
            }
        }
        let expected = Self.referenceLogDeterminant(reference)
        #expect(abs(kernel.score - expected) < 1e-9 * max(1, abs(expected)), "\(kernel.score) vs \(expected)")
    }

    @Test("a 2×2 case by hand: codes 1100 and 1010 agree on 2 of 4 units")
    func twoByTwo() {
        var kernel = NASWOTKernel(batch: 2)
        kernel.add(values: [[1, 1, -1, 0], [1, -1, 2, -3]])
        #expect(kernel.matrix == [4, 2, 2, 4])
        // det([[5, 2], [2, 5]]) = 21
        #expect(abs(kernel.score - log(21.0)) < 1e-12)
    }

    @Test("identical codes make K singular; the ridge keeps the score finite and lowest")
    func duplicateCodes() {
        var same = NASWOTKernel(batch: 3)
        same.add(values: [[1, -1, 1], [1, -1, 1], [1, -1, 1]])
        var different = NASWOTKernel(batch: 3)
        different.add(values: [[1, -1, 1], [-1, 1, 1], [1, 1, -1]])
        #expect(same.score.isFinite)
        // det(3·11ᵀ + I) = 1 + 3·3
        #expect(abs(same.score - log(10.0)) < 1e-12)
        #expect(different.score > same.score)
    }

    @Test("the engine's observer sees every ReLU, standalone and fused, with its values")
    func observerSeesEveryReLU() throws {
        var builder = NetworkGraphBuilder()
        let input = builder.input(TensorShape(channels: 2, height: 3, width: 3))
        let first = try builder.relu("r1", input)
        let conv = try builder.convolution("c1", first, outChannels: 3, kernel: 1)
        let norm = try builder.batchNorm("b1", conv)
        let second = try builder.relu("r2", norm)  // fused into c1
        let conv2 = try builder.convolution("c2", second, outChannels: 2, kernel: 1)
        let third = try builder.relu("r3", conv2)  // standalone: no batch norm between
        let graph = try builder.graph(output: third)
        let batch = 4
        let network = try CompiledNetwork(graph: graph, weights: NetworkWeights(graph: graph, seed: 3), batch: batch)
        var generator = SeededGenerator(seed: 11)
        let inputValues = (0..<network.inputCount).map { _ in Float(generator.unit() * 2 - 1) }
        try network.setInput(inputValues)
        var seen: [(node: Int, units: Int, values: [[Float]])] = []
        network.run { activation in
            seen.append((activation.node, activation.units, (0..<batch).map { Array(activation.sample($0)) }))
        }
        #expect(seen.map(\.node) == [first, second, third])
        #expect(seen.map(\.units) == [18, 27, 18])
        // The first ReLU's output is max(input, 0); the last one's is the network's output.
        let perSample = 18
        for sample in 0..<batch {
            let expectedFirst = inputValues[sample * perSample..<(sample + 1) * perSample].map { max($0, 0) }
            #expect(seen[0].values[sample] == expectedFirst)
            #expect(seen[2].values[sample] == Array(network.output[sample * perSample..<(sample + 1) * perSample]))
        }
        #expect(seen[1].values.allSatisfy { $0.allSatisfy { $0 >= 0 } })
    }
}
