/// Depthwise convolution written by hand with SIMD. Each channel's plane is copied into a
/// zero-padded scratch plane (for stride 2 split into its even and odd columns, so every tap
/// reads contiguous memory); the output is then computed four rows by eight pixels at a time with
/// all k×k taps accumulated in registers. Kernels 3, 5 and 7 get their own unrolled copies.
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
        // Where this step's output buffer ends (its samples are contiguous).
        let outputEnd = arena + step.output.offset + (batch - 1) * step.output.batchStride + channels * outHeight * outWidth
        // The padding border never changes: zero the scratch once per call, then copy interiors.
        scratch.update(repeating: 0, count: paddedWidth * paddedHeight + 32)
        for sample in 0..<batch {
            for channel in 0..<channels {
                let source = arena + step.input.offset + sample * step.input.batchStride + channel * height * width
                for y in 0..<height {
                    let row = scratch + (y + padding) * paddedWidth
                    let line = source + y * width
                    if stride == 1 {
                        // Whole vectors (the arena has slack to read past a plane), then eight zeros
                        // over what they spilled into the right border; the next row's copy rewrites
                        // its own part. A call to memmove per row cost more than the copy on 7×7 planes.
                        var x = 0
                        while x < width {
                            VectorMath.store(VectorMath.load(line + x), row + padding + x)
                            x += 8
                        }
                        VectorMath.store(zero, row + padding + width)
                    } else {
                        splitColumns(line, width: width, into: row, padding: padding, evenWidth: evenWidth)
                    }
                }
                let taps = parameters + step.weights + channel * kernel * kernel
                let bias = parameters[step.bias + channel]
                let target = arena + step.output.offset + sample * step.output.batchStride + channel * outHeight * outWidth
                // Where tap column kw starts within a scratch row.
                @inline(__always) func column(_ kw: Int) -> Int {
                    stride == 1 ? kw : (kw & 1) * evenWidth + kw >> 1
                }
                // A vector may be stored whole past a row's end: the lanes beyond land on outputs of
                // this step's own buffer that are computed after it (see the loop order below) and
                // overwrite them. Only near the buffer's end are the valid lanes stored one by one.
                @inline(__always) func put(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>, valid: Int) {
                    if valid >= 8 || outputEnd - pointer >= 8 {
                        VectorMath.store(value, pointer)
                    } else {
                        for lane in 0..<valid { pointer[lane] = value[lane] }
                    }
                }
                // Four output rows at once: they share every tap, give four independent multiply-add
                // chains (on 7- and 14-wide planes a row is one or two vectors, and one chain per row
                // stalled on the FMA latency) and, at stride 1, reuse each loaded input row for several
                // taps; a group short of four repeats its last row. Columns go right to left, so a
                // partial vector's spill into the next row's start is rewritten later.
                var oy = 0
                while oy < outHeight {
                    let last = outHeight - 1
                    let row0 = oy, row1 = min(oy + 1, last), row2 = min(oy + 2, last), row3 = min(oy + 3, last)
                    let in0 = UnsafePointer(scratch + row0 * stride * paddedWidth)
                    let in1 = UnsafePointer(scratch + row1 * stride * paddedWidth)
                    let in2 = UnsafePointer(scratch + row2 * stride * paddedWidth)
                    let in3 = UnsafePointer(scratch + row3 * stride * paddedWidth)
                    var ox = (outWidth - 1) / 8 * 8
                    while ox >= 0 {
                        var sum0 = Vector(repeating: bias), sum1 = sum0, sum2 = sum0, sum3 = sum0
                        for kh in 0..<kernel {
                            for kw in 0..<kernel {
                                let tap = Vector(repeating: taps[kh * kernel + kw])
                                let offset = kh * paddedWidth + ox + column(kw)
                                sum0.addProduct(tap, VectorMath.load(in0 + offset))
                                sum1.addProduct(tap, VectorMath.load(in1 + offset))
                                sum2.addProduct(tap, VectorMath.load(in2 + offset))
                                sum3.addProduct(tap, VectorMath.load(in3 + offset))
                            }
                        }
                        if step.relu {
                            sum0.replace(with: zero, where: sum0 .< zero)
                            sum1.replace(with: zero, where: sum1 .< zero)
                            sum2.replace(with: zero, where: sum2 .< zero)
                            sum3.replace(with: zero, where: sum3 .< zero)
                        }
                        let valid = outWidth - ox
                        put(sum0, target + row0 * outWidth + ox, valid: valid)
                        put(sum1, target + row1 * outWidth + ox, valid: valid)
                        put(sum2, target + row2 * outWidth + ox, valid: valid)
                        put(sum3, target + row3 * outWidth + ox, valid: valid)
                        ox -= 8
                    }
                    oy += 4
                }
            }
        }
    }

    /// Scatters one input row into a stride-2 scratch row: padded column `c` goes to
    /// `(c & 1) · evenWidth + c / 2`. Sixteen pixels at a time, split into their even and odd
    /// halves (one shuffle each) — a scalar loop here cost about a third of a stride-2 kernel.
    @inline(__always)
    private static func splitColumns(
        _ line: UnsafePointer<Float>, width: Int, into row: UnsafeMutablePointer<Float>, padding: Int, evenWidth: Int
    ) {
        var x = 0
        while x + 16 <= width {
            let pixels = UnsafeRawPointer(line + x).loadUnaligned(as: SIMD16<Float>.self)
            let even = x + padding, odd = x + 1 + padding
            VectorMath.store(pixels.evenHalf, row + (even & 1) * evenWidth + even >> 1)
            VectorMath.store(pixels.oddHalf, row + (odd & 1) * evenWidth + odd >> 1)
            x += 16
        }
        while x < width {
            let column = x + padding
            row[(column & 1) * evenWidth + column >> 1] = line[x]
            x += 1
        }
    }
}
