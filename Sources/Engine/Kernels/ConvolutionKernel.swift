/// Convolution as GEMM: `out[Cout, HW] = W[Cout, Cin·k·k] · columns[Cin·k·k, HW]`, through an
/// im2col copy unless the convolution is 1×1 with stride 1 (then the input already is the
/// column matrix). The output starts as the bias (folded batch norm) and GEMM adds to it
/// (`beta = 1`): a GEMM with `beta = 0` (OpenBLAS's) zeroes C in a pass of its own, which cost 10–30 % of a
/// small GEMM, and a separate bias pass would read and write every output again. ReLU follows.
enum ConvolutionKernel {
    static func run(
        _ step: ConvolutionStep, arena: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>,
        scratch: UnsafeMutablePointer<Float>, batch: Int
    ) {
        let outPlane = step.output.plane
        let outPerGroup = step.output.shape.channels / step.groups
        let inPerGroup = step.input.shape.channels / step.groups
        let rows = step.columnRows
        for sample in 0..<batch {
            let input = arena + step.input.offset + sample * step.input.batchStride
            let output = arena + step.output.offset + sample * step.output.batchStride
            for channel in 0..<step.output.shape.channels {
                (output + channel * outPlane).update(repeating: parameters[step.bias + channel], count: outPlane)
            }
            for group in 0..<step.groups {
                let groupInput = input + group * inPerGroup * step.input.plane
                let columns: UnsafePointer<Float>
                if step.needsIm2col {
                    im2col(step, groupInput, inPerGroup, scratch)
                    columns = UnsafePointer(scratch)
                } else {
                    columns = UnsafePointer(groupInput)
                }
                MatrixMultiply.accumulate(
                    m: outPerGroup, n: outPlane, k: rows,
                    a: parameters + step.weights + group * outPerGroup * rows, lda: rows,
                    b: columns, ldb: outPlane, c: output + group * outPerGroup * outPlane, ldc: outPlane)
            }
            if step.relu {
                let count = step.output.shape.channels * outPlane
                VectorMath.affine(output, output, count: count, scale: 1, shift: 0, relu: true)
            }
        }
    }

    /// Row `(c, kh, kw)` of the column matrix holds input channel `c` shifted by the tap, zero
    /// where the tap falls into the padding.
    private static func im2col(
        _ step: ConvolutionStep, _ input: UnsafeMutablePointer<Float>, _ channels: Int, _ columns: UnsafeMutablePointer<Float>
    ) {
        let height = step.input.shape.height, width = step.input.shape.width
        let outHeight = step.output.shape.height, outWidth = step.output.shape.width
        let kernel = step.kernel, stride = step.stride, padding = step.padding
        var row = columns
        for channel in 0..<channels {
            let plane = input + channel * height * width
            for kh in 0..<kernel {
                for kw in 0..<kernel {
                    // Output columns whose tap lands inside the image: ox·s − p + kw ∈ [0, W).
                    // Integer division truncates toward zero, so negative numerators are clamped first
                    // (a tap entirely in the padding of a narrow input has no valid column).
                    let low = min(outWidth, max(0, (padding - kw + stride - 1) / stride))
                    let last = width - 1 + padding - kw
                    let high = last < 0 ? low : min(outWidth, max(low, last / stride + 1))
                    for oy in 0..<outHeight {
                        let target = row + oy * outWidth
                        let y = oy * stride - padding + kh
                        guard y >= 0 && y < height else {
                            target.update(repeating: 0, count: outWidth)
                            continue
                        }
                        if low > 0 { target.update(repeating: 0, count: low) }
                        let source = plane + y * width - padding + kw
                        if stride == 1 {
                            (target + low).update(from: source + low, count: high - low)
                        } else {
                            for ox in low..<high { target[ox] = source[ox * stride] }
                        }
                        if high < outWidth { (target + high).update(repeating: 0, count: outWidth - high) }
                    }
                    row += outHeight * outWidth
                }
            }
        }
    }
}
