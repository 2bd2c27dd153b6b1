#if os(Linux) && arch(x86_64)
import CDNNL
#endif
import COpenBLAS

/// `C += A · op(B)` for row-major matrices, and `y += A · x`: every product of the engine.
///
/// On x86-64 it runs on oneDNN, whose JIT kernels follow the CPU's feature bits (AVX2, AVX-512) at
/// run time. OpenBLAS 0.3.21 picks kernels from a model table fixed at its release, and a machine
/// may pin them itself (`OPENBLAS_CORETYPE=Haswell` on AMD Zen 5, where that OpenBLAS cannot detect
/// the CPU): on the spos 1×1 shapes, one thread on Zen 5, oneDNN took 0.93 ms, as fast as
/// OpenBLAS's AVX-512 kernels (0.95 ms) and 1.8× faster than its AVX2 ones (1.64 ms; BENCHMARKS.md).
/// Elsewhere (arm64 boards, where Debian's oneDNN has no JIT kernels) OpenBLAS stays. Either way
/// the products use as many threads as OpenBLAS is set to, so one setting governs the engine. On
/// x86-64 no product goes to OpenBLAS at all: its idle worker threads spin, and beside oneDNN's
/// they took the CPUs of a two-thread measurement from each other (runs of 4 and 8 ms alternating).
enum MatrixMultiply {
    /// `c[m×n] += a[m×k] · b` where `b` is `k×n` (or `n×k` read transposed when `transposeB`).
    static func accumulate(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        transposeB: Bool = false, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        #if os(Linux) && arch(x86_64)
        omp_set_num_threads(max(openblas_get_num_threads(), 1))
        let status = dnnl_sgemm(
            CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: transposeB ? "T" : "N")),
            dnnl_dim_t(m), dnnl_dim_t(n), dnnl_dim_t(k), 1, a, dnnl_dim_t(lda), b, dnnl_dim_t(ldb), 1, c, dnnl_dim_t(ldc))
        // Only an allocation failure of its packing buffers can fail a valid call; C would then hold
        // the bias alone, and every figure after it would be wrong without a word.
        precondition(status == dnnl_success, "oneDNN sgemm \(m)×\(n)×\(k) failed with status \(status.rawValue)")
        #else
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 1, c, Int32(ldc))
        #endif
    }

    /// `y[m] += a[m×k] · x[k]`. On OpenBLAS a matrix-vector product: its GEMM would first pack
    /// (copy) the whole matrix, 4 MB for spos's classifier, which took longer than the product.
    static func accumulateVector(
        m: Int, k: Int, a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
    ) {
        #if os(Linux) && arch(x86_64)
        accumulate(m: m, n: 1, k: k, a: a, lda: lda, b: x, ldb: 1, c: y, ldc: 1)
        #else
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(k), 1, a, Int32(lda), x, 1, 1, y, 1)
        #endif
    }
}
