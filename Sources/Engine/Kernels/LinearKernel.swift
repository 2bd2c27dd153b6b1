import COpenBLAS

/// `output[n] = matrix · input[n] + bias`: for the whole batch in one GEMM, or one GEMV for a single sample.
enum LinearKernel {
    static func run(_ step: LinearStep, arena: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>, batch: Int) {
        let inFeatures = step.input.shape.count
        let outFeatures = step.output.shape.count
        let output = arena + step.output.offset
        for sample in 0..<batch {
            (output + sample * step.output.batchStride).update(from: parameters + step.bias, count: outFeatures)
        }
        // One sample: a matrix-vector product. OpenBLAS's GEMM would first pack (copy) the whole
        // weight matrix — 4 MB for spos's classifier — which took longer than the product itself.
        if batch == 1 {
            cblas_sgemv(
                CblasRowMajor, CblasNoTrans, Int32(outFeatures), Int32(inFeatures), 1,
                parameters + step.matrix, Int32(inFeatures), arena + step.input.offset, 1, 1, output, 1)
            return
        }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(batch), Int32(outFeatures), Int32(inFeatures), 1,
            arena + step.input.offset, Int32(step.input.batchStride),
            parameters + step.matrix, Int32(inFeatures), 1,
            output, Int32(step.output.batchStride))
    }
}
