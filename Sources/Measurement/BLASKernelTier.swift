/// One level of SIMD capability that OpenBLAS has GEMM kernels for: the CPU feature flags it
/// needs, the kernel set to ask for (`OPENBLAS_CORETYPE`), and the kernel sets OpenBLAS names at
/// this level when it picks one itself.
///
/// Tiers are listed best first per architecture. A kernel set OpenBLAS names that no tier lists
/// (Prescott, Core2, Nehalem, `armv8`, …: its generic fallbacks) counts as below every tier.
public struct BLASKernelTier: Sendable, Hashable {
    /// A short name for messages, e.g. `AVX-512`.
    public let name: String
    /// `/proc/cpuinfo` flags that must all be present (`flags` on x86, `Features` on arm64).
    public let requiredFlags: Set<String>
    /// The kernel set to ask OpenBLAS for, as `OPENBLAS_CORETYPE` spells it.
    public let kernel: String
    /// Kernel sets (lowercased, as `openblas_get_corename` reports them) that are at this tier.
    public let coreNames: Set<String>

    /// x86-64 AVX-512 (F/DQ/BW/VL). Cooperlake's kernels are SkylakeX's with bf16 added.
    public static let avx512 = BLASKernelTier(
        name: "AVX-512", requiredFlags: ["avx512f", "avx512dq", "avx512bw", "avx512vl"], kernel: "SkylakeX",
        coreNames: ["skylakex", "cooperlake", "sapphirerapids"])
    /// x86-64 AVX2 with FMA. Zen and Excavator kernels are at this tier.
    public static let avx2FMA = BLASKernelTier(
        name: "AVX2+FMA", requiredFlags: ["avx2", "fma"], kernel: "Haswell", coreNames: ["haswell", "zen", "excavator"])
    /// x86-64 AVX.
    public static let avx = BLASKernelTier(
        name: "AVX", requiredFlags: ["avx"], kernel: "Sandybridge",
        coreNames: ["sandybridge", "bulldozer", "piledriver", "steamroller"])

    /// x86-64, best first.
    public static let x86_64: [BLASKernelTier] = [avx512, avx2FMA, avx]

    /// arm64, best first. The NEON tier asks for Cortex-A57's kernels: plain ARMv8.0 NEON, valid on
    /// every arm64 core, where `armv8` is OpenBLAS's generic fallback for cores it does not know.
    public static let arm64: [BLASKernelTier] = [
        BLASKernelTier(
            name: "SVE", requiredFlags: ["sve"], kernel: "NEOVERSEV1",
            coreNames: ["neoversev1", "neoversen2", "a64fx", "armv8sve"]),
        BLASKernelTier(
            name: "NEON", requiredFlags: ["asimd"], kernel: "CORTEXA57",
            coreNames: [
                "cortexa53", "cortexa55", "cortexa57", "cortexa72", "cortexa73", "neoversen1", "thunderx",
                "thunderx2t99", "thunderx3t110", "tsv110", "emag8180", "falkor", "vortex",
            ]),
    ]

    /// The tiers of a machine architecture as `uname -m` names it (none for others).
    public static func tiers(architecture: String) -> [BLASKernelTier] {
        switch architecture {
        case "x86_64", "amd64": return x86_64
        case "aarch64", "arm64": return arm64
        default: return []
        }
    }
}
