/// Average and max pooling over k×k windows, and global average pooling.
enum PoolingKernel {
    static func average(_ step: PoolingStep, arena: UnsafeMutablePointer<Float>, batch: Int) {
        window(step, arena: arena, batch: batch, initial: 0, combine: +) { sum, count in
            sum / Float(step.countIncludePad ? step.kernel * step.kernel : count)
        }
    }

    static func maximum(_ step: PoolingStep, arena: UnsafeMutablePointer<Float>, batch: Int) {
        window(step, arena: arena, batch: batch, initial: -.infinity, combine: max) { value, _ in value }
    }

    static func global(input: TensorSlot, output: TensorSlot, arena: UnsafeMutablePointer<Float>, batch: Int) {
        let plane = input.plane
        let scale = 1 / Float(plane)
        for sample in 0..<batch {
            let source = arena + input.offset + sample * input.batchStride
            let target = arena + output.offset + sample * output.batchStride
            for channel in 0..<input.shape.channels {
                let values = source + channel * plane
                var sums = VectorMath.Vector.zero
                var index = 0
                while index + 8 <= plane {
                    sums += VectorMath.load(values + index)
                    index += 8
                }
                var sum = sums.sum()
                while index < plane {
                    sum += values[index]
                    index += 1
                }
                target[channel] = sum * scale
            }
        }
    }

    @inline(__always)
    private static func window(
        _ step: PoolingStep, arena: UnsafeMutablePointer<Float>, batch: Int, initial: Float,
        combine: (Float, Float) -> Float, finish: (Float, Int) -> Float
    ) {
        let height = step.input.shape.height, width = step.input.shape.width
        let outHeight = step.output.shape.height, outWidth = step.output.shape.width
        for sample in 0..<batch {
            for channel in 0..<step.input.shape.channels {
                let source = arena + step.input.offset + sample * step.input.batchStride + channel * height * width
                let target = arena + step.output.offset + sample * step.output.batchStride + channel * outHeight * outWidth
                for oy in 0..<outHeight {
                    let y0 = max(0, oy * step.stride - step.padding), y1 = min(height, oy * step.stride - step.padding + step.kernel)
                    for ox in 0..<outWidth {
                        let x0 = max(0, ox * step.stride - step.padding), x1 = min(width, ox * step.stride - step.padding + step.kernel)
                        var value = initial
                        for y in y0..<y1 {
                            for x in x0..<x1 { value = combine(value, source[y * width + x]) }
                        }
                        target[oy * outWidth + ox] = finish(value, (y1 - y0) * (x1 - x0))
                    }
                }
            }
        }
    }
}
