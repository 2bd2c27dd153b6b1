/// Depthwise convolution written by hand with SIMD. Each channel's plane is copied into a
/// zero-padded scratch plane (for stride 2 split into its even and odd columns, so every tap
/// reads contiguous memory); each output row is then computed eight pixels at a time with all
/// k×k taps accumulated in registers. Kernels 3, 5 and 7 get their own unrolled copies.
enum DepthwiseKernel {
    typealias Vector = VectorMath.Vector

    static func run(
        _ step: DepthwiseStep, arena: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>,
        scratch: UnsafeMutablePointer<Float>, batch: Int
    ) {
        switch step.kernel {
        case 3: run(step, kernel: 3, arena: arena, parameters: parameters, scratch: scratch, batch: batch)
        case 5: run(step, kernel: 5, arena: arena, parameters: parameters, scratch: scratch, batch: batch)
        case 7: run(step, kernel: 7, arena: arena, parameters: parameters, scratch: scratch, batch: batch)
        default: run(step, kernel: step.kernel, arena: arena, parameters: parameters, scratch: scratch, batch: batch)
        }
    }

    @inline(__always)
    private static func run(
        _ step: DepthwiseStep, kernel: Int, arena: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>,
        scratch: UnsafeMutablePointer<Float>, batch: Int
    ) {
        let channels = step.input.shape.channels
        let height = step.input.shape.height, width = step.input.shape.width
        let outHeight = step.output.shape.height, outWidth = step.output.shape.width
        let paddedWidth = step.paddedWidth, paddedHeight = step.paddedHeight
        let stride = step.stride, padding = step.padding
        let evenWidth = (paddedWidth + 1) / 2
        let zero = Vector.zero
        // The padding border never changes: zero the scratch once per call, then copy interiors.
        scratch.update(repeating: 0, count: paddedWidth * paddedHeight + 32)
        for sample in 0..<batch {
            for channel in 0..<channels {
                let source = arena + step.input.offset + sample * step.input.batchStride + channel * height * width
                for y in 0..<height {
                    let row = scratch + (y + padding) * paddedWidth
                    let line = source + y * width
                    if stride == 1 {
                        (row + padding).update(from: line, count: width)
                    } else {
                        for x in 0..<width {
                            let column = x + padding
                            row[(column & 1) * evenWidth + column >> 1] = line[x]
                        }
                    }
                }
                let taps = parameters + step.weights + channel * kernel * kernel
                let bias = parameters[step.bias + channel]
                let target = arena + step.output.offset + sample * step.output.batchStride + channel * outHeight * outWidth
                // Where tap column kw starts within a scratch row.
                @inline(__always) func column(_ kw: Int) -> Int {
                    stride == 1 ? kw : (kw & 1) * evenWidth + kw >> 1
                }
                for oy in 0..<outHeight {
                    let output = target + oy * outWidth
                    let rows = UnsafePointer(scratch + oy * stride * paddedWidth)
                    var ox = 0
                    // Four independent accumulators hide the multiply-add latency.
                    while ox + 32 <= outWidth {
                        var sum0 = Vector(repeating: bias), sum1 = sum0, sum2 = sum0, sum3 = sum0
                        for kh in 0..<kernel {
                            let line = rows + kh * paddedWidth + ox
                            for kw in 0..<kernel {
                                let tap = Vector(repeating: taps[kh * kernel + kw])
                                let input = line + column(kw)
                                sum0 += tap * VectorMath.load(input)
                                sum1 += tap * VectorMath.load(input + 8)
                                sum2 += tap * VectorMath.load(input + 16)
                                sum3 += tap * VectorMath.load(input + 24)
                            }
                        }
                        if step.relu {
                            sum0.replace(with: zero, where: sum0 .< zero)
                            sum1.replace(with: zero, where: sum1 .< zero)
                            sum2.replace(with: zero, where: sum2 .< zero)
                            sum3.replace(with: zero, where: sum3 .< zero)
                        }
                        VectorMath.store(sum0, output + ox)
                        VectorMath.store(sum1, output + ox + 8)
                        VectorMath.store(sum2, output + ox + 16)
                        VectorMath.store(sum3, output + ox + 24)
                        ox += 32
                    }
                    // Then eight at a time; the last vector may be partial (the scratch has slack
                    // to read past a row, and only the valid lanes are stored).
                    while ox < outWidth {
                        var sum = Vector(repeating: bias)
                        for kh in 0..<kernel {
                            let line = rows + kh * paddedWidth + ox
                            for kw in 0..<kernel {
                                sum += Vector(repeating: taps[kh * kernel + kw]) * VectorMath.load(line + column(kw))
                            }
                        }
                        if step.relu { sum.replace(with: zero, where: sum .< zero) }
                        let valid = min(8, outWidth - ox)
                        if valid == 8 {
                            VectorMath.store(sum, output + ox)
                        } else {
                            for lane in 0..<valid { output[ox + lane] = sum[lane] }
                        }
                        ox += 8
                    }
                }
            }
        }
    }
}
