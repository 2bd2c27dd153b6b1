/// Element-wise work: sums, ReLU, per-channel affine (standalone batch norm), zero fill, and
/// plane gathers for concatenation and channel shuffle.
enum ElementwiseKernel {
    typealias Vector = VectorMath.Vector

    static func add(inputs: [TensorSlot], output: TensorSlot, arena: UnsafeMutablePointer<Float>, batch: Int) {
        let count = output.shape.count
        for sample in 0..<batch {
            let target = arena + output.offset + sample * output.batchStride
            let first = UnsafePointer(arena + inputs[0].offset + sample * inputs[0].batchStride)
            let second = UnsafePointer(arena + inputs[1].offset + sample * inputs[1].batchStride)
            var index = 0
            while index + 8 <= count {
                VectorMath.store(VectorMath.load(first + index) + VectorMath.load(second + index), target + index)
                index += 8
            }
            while index < count {
                target[index] = first[index] + second[index]
                index += 1
            }
            for extra in inputs.dropFirst(2) {
                let source = UnsafePointer(arena + extra.offset + sample * extra.batchStride)
                index = 0
                while index + 8 <= count {
                    VectorMath.store(VectorMath.load(target + index) + VectorMath.load(source + index), target + index)
                    index += 8
                }
                while index < count {
                    target[index] += source[index]
                    index += 1
                }
            }
        }
    }

    static func relu(input: TensorSlot, output: TensorSlot, arena: UnsafeMutablePointer<Float>, batch: Int) {
        for sample in 0..<batch {
            VectorMath.affine(
                arena + input.offset + sample * input.batchStride, arena + output.offset + sample * output.batchStride,
                count: output.shape.count, scale: 1, shift: 0, relu: true)
        }
    }

    static func affine(_ step: AffineStep, arena: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>, batch: Int) {
        let plane = step.output.plane
        for sample in 0..<batch {
            let source = arena + step.input.offset + sample * step.input.batchStride
            let target = arena + step.output.offset + sample * step.output.batchStride
            for channel in 0..<step.output.shape.channels {
                VectorMath.affine(
                    source + channel * plane, target + channel * plane, count: plane,
                    scale: parameters[step.scale + channel], shift: parameters[step.shift + channel], relu: step.relu)
            }
        }
    }

    static func batchStatistics(_ step: BatchStatisticsStep, arena: UnsafeMutablePointer<Float>, batch: Int) {
        let plane = step.output.plane
        let count = Double(batch * plane)
        for channel in 0..<step.output.shape.channels {
            // Sums in Double, in a fixed order: the statistics are the same every run.
            var sum = 0.0, squares = 0.0
            for sample in 0..<batch {
                let source = arena + step.input.offset + sample * step.input.batchStride + channel * plane
                for index in 0..<plane {
                    let value = Double(source[index])
                    sum += value
                    squares += value * value
                }
            }
            let mean = sum / count
            let variance = max(squares / count - mean * mean, 0)
            let scale = Float(1 / (variance + Double(step.epsilon)).squareRoot())
            let shift = Float(-mean) * scale
            for sample in 0..<batch {
                VectorMath.affine(
                    arena + step.input.offset + sample * step.input.batchStride + channel * plane,
                    arena + step.output.offset + sample * step.output.batchStride + channel * plane,
                    count: plane, scale: scale, shift: shift, relu: step.relu)
            }
        }
    }

    static func zeros(output: TensorSlot, arena: UnsafeMutablePointer<Float>, batch: Int) {
        for sample in 0..<batch {
            (arena + output.offset + sample * output.batchStride).update(repeating: 0, count: output.shape.count)
        }
    }

    static func gather(_ step: PlaneGatherStep, arena: UnsafeMutablePointer<Float>, batch: Int) {
        let plane = step.output.plane
        for sample in 0..<batch {
            var target = arena + step.output.offset + sample * step.output.batchStride
            for source in step.sources {
                target.update(from: arena + source.offset + sample * source.batchStride, count: plane)
                target += plane
            }
        }
    }
}
