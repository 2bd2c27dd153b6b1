import COpenBLAS

/// Row-major single-precision matrix products through OpenBLAS.
enum BLAS {
    /// `c = op(a) · op(b) + beta · c` with `op(a)` `m × k`, `op(b)` `k × n`, `c` `m × n`, all
    /// row-major and densely packed; `transposeA` means `a` is stored `k × m`, `transposeB` that
    /// `b` is stored `n × k`.
    static func gemm(
        _ a: UnsafePointer<Float>, transposeA: Bool = false, _ b: UnsafePointer<Float>, transposeB: Bool = false,
        into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, beta: Float = 0
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
            beta, c, Int32(n))
    }
}
