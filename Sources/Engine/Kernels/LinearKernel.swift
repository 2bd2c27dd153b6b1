/// `output[n] = matrix · input[n] + bias`: for the whole batch in one GEMM, or one matrix-vector
/// product for a single sample.
enum LinearKernel {
    static func run(_ step: LinearStep, arena: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>, batch: Int) {
        let inFeatures = step.input.shape.count
        let outFeatures = step.output.shape.count
        let output = arena + step.output.offset
        for sample in 0..<batch {
            (output + sample * step.output.batchStride).update(from: parameters + step.bias, count: outFeatures)
        }
        if batch == 1 {
            MatrixMultiply.accumulateVector(
                m: outFeatures, k: inFeatures, a: parameters + step.matrix, lda: inFeatures, x: arena + step.input.offset,
                y: output)
            return
        }
        MatrixMultiply.accumulate(
            m: batch, n: outFeatures, k: inFeatures, a: arena + step.input.offset, lda: step.input.batchStride,
            b: parameters + step.matrix, ldb: inFeatures, transposeB: true, c: output, ldc: step.output.batchStride)
    }
}
