import COpenBLAS

/// How many threads OpenBLAS gives one matrix product. The MLP's products are small (at most
/// 1,024 × 198 × 128); on more than one thread each costs a wake-up across cores that is longer
/// than the product, and fits running side by side would queue for the same BLAS threads.
public enum BLASThreads {
    /// Sets OpenBLAS's thread count for the whole process.
    public static func limit(to count: Int) {
        openblas_set_num_threads(Int32(max(count, 1)))
    }
}
