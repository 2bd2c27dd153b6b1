import Measurement
import Testing

/// The kernel-selection rule on the CPU kinds hsconas has met, from their `/proc/cpuinfo` lines:
/// the kernel set asked for follows the CPU's feature flags, whatever name OpenBLAS gave its own
/// choice.
@Suite("OpenBLAS kernel selection")
struct BLASKernelSelectionTests {
    /// A CPU as `/proc/cpuinfo` shows it, and the kernel set OpenBLAS 0.3.21 picked on it.
    struct RecordedCPU: Sendable, CustomTestStringConvertible {
        var label: String
        var architecture: String
        var cpuinfo: String
        var openblasCore: String
        /// What the rule must ask for (nil: OpenBLAS's choice stands).
        var expected: String?
        var testDescription: String { label }
    }

    // Recorded on this project's machines: the 2-vCPU AMD EPYC of 2026-12-04 (family 23, AVX2, no
    // AVX-512), which OpenBLAS names Zen.
    static let epycAVX2 = RecordedCPU(
        label: "AMD EPYC, family 23 model 1 (AVX2+FMA), OpenBLAS Zen", architecture: "x86_64",
        cpuinfo: """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 23
            model\t\t: 1
            model name\t: AMD EPYC
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw topoext ssbd ibpb vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 rdseed adx smap clflushopt sha_ni xsaveopt xsavec xgetbv1 clzero xsaveerptr virt_ssbd arat
            """,
        openblasCore: "Zen", expected: nil)

    // The Intel Xeon with AVX-512 (CPU model 207) where OpenBLAS fell back to Prescott (issue 14);
    // flags as a KVM guest of that generation shows them.
    static let xeonAVX512 = RecordedCPU(
        label: "Intel Xeon, model 207 (AVX-512), OpenBLAS Prescott", architecture: "x86_64",
        cpuinfo: """
            processor\t: 0
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model\t\t: 207
            model name\t: INTEL(R) XEON(R) PLATINUM 8581C CPU @ 2.10GHz
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch ssbd ibrs ibpb stibp ibrs_enhanced fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves avx_vnni avx512_bf16 arat avx512vbmi umip pku ospke waitpkg avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid movdiri movdir64b fsrm md_clear serialize tsxldtrk amx_bf16 avx512_fp16 amx_tile amx_int8 arch_capabilities
            """,
        openblasCore: "Prescott", expected: "SkylakeX")

    // AMD EPYC Zen 5 with full AVX-512, which 0.3.21 treats as an AVX2 Haswell.
    static let epycZen5 = RecordedCPU(
        label: "AMD EPYC Zen 5 (AVX-512), OpenBLAS Haswell", architecture: "x86_64",
        cpuinfo: """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 26
            model\t\t: 2
            model name\t: AMD EPYC 9B45
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw topoext ssbd ibrs ibpb stibp vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves avx_vnni avx512_bf16 clzero xsaveerptr wbnoinvd arat avx512vbmi umip pku ospke avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid movdiri movdir64b fsrm avx512_vp2intersect
            """,
        openblasCore: "Haswell", expected: "SkylakeX")

    // A Zen 5 whose OpenBLAS already knows it as Cooperlake (an AVX-512 kernel set): left alone.
    static let alreadyAVX512 = RecordedCPU(
        label: "AVX-512 CPU on an AVX-512 kernel set (Cooperlake)", architecture: "x86_64",
        cpuinfo: epycZen5.cpuinfo, openblasCore: "Cooperlake", expected: nil)

    // An AVX2 CPU that OpenBLAS did not recognise at all.
    static let unknownAVX2 = RecordedCPU(
        label: "AVX2+FMA CPU on the generic Prescott kernels", architecture: "x86_64",
        cpuinfo: epycAVX2.cpuinfo, openblasCore: "Prescott", expected: "Haswell")

    // An old CPU with SSE only: nothing better to ask for.
    static let sseOnly = RecordedCPU(
        label: "SSE4.2-only CPU on Nehalem kernels", architecture: "x86_64",
        cpuinfo: "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ssse3 cx16 sse4_1 sse4_2 popcnt\n",
        openblasCore: "Nehalem", expected: nil)

    // Raspberry Pi 4 (Cortex-A72), which OpenBLAS knows.
    static let raspberryPi4 = RecordedCPU(
        label: "Raspberry Pi 4, Cortex-A72 (NEON), OpenBLAS cortexa72", architecture: "aarch64",
        cpuinfo: """
            processor\t: 0
            BogoMIPS\t: 108.00
            Features\t: fp asimd evtstrm crc32 cpuid
            CPU implementer\t: 0x41
            CPU part\t: 0xd08
            """,
        openblasCore: "cortexa72", expected: nil)

    // An arm64 core OpenBLAS does not know, on its generic armv8 kernels.
    static let unknownNEON = RecordedCPU(
        label: "unknown NEON core on generic armv8", architecture: "aarch64",
        cpuinfo: "Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp\n",
        openblasCore: "armv8", expected: "CORTEXA57")

    // An SVE core (Neoverse V1 kind) that fell back to NEON kernels.
    static let sveOnNEON = RecordedCPU(
        label: "SVE core on NEON neoversen1 kernels", architecture: "aarch64",
        cpuinfo: "Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs paca pacg dcpodp svei8mm svebf16 i8mm bf16 dgh rng\n",
        openblasCore: "neoversen1", expected: "NEOVERSEV1")

    static let recorded: [RecordedCPU] = [
        epycAVX2, xeonAVX512, epycZen5, alreadyAVX512, unknownAVX2, sseOnly, raspberryPi4, unknownNEON, sveOnNEON,
    ]

    @Test("the kernel set asked for follows the CPU's flags", arguments: recorded)
    func followsFlags(cpu: RecordedCPU) {
        let flags = BLASKernelSelection.flags(fromCPUInfo: cpu.cpuinfo)
        #expect(!flags.isEmpty)
        let chosen = BLASKernelSelection.preferredCoreType(
            environment: [:], coreName: cpu.openblasCore, cpuFlags: flags, architecture: cpu.architecture)
        #expect(chosen == cpu.expected)
        // After the re-exec OpenBLAS runs the kernel set asked for: nothing further is asked, and
        // nothing is reported short.
        if let chosen {
            let again = ["OPENBLAS_CORETYPE": chosen, "HSCONAS_BLAS_REQUESTED": chosen]
            #expect(
                BLASKernelSelection.preferredCoreType(
                    environment: [:], coreName: chosen, cpuFlags: flags, architecture: cpu.architecture) == nil)
            #expect(
                BLASKernelSelection.shortfall(
                    environment: again, coreName: chosen, cpuFlags: flags, architecture: cpu.architecture) == nil)
        }
    }

    @Test("a user's OPENBLAS_CORETYPE and HSCONAS_BLAS_AUTOSELECT=0 are respected")
    func userChoiceStands() {
        let flags = BLASKernelSelection.flags(fromCPUInfo: Self.xeonAVX512.cpuinfo)
        for environment in [["OPENBLAS_CORETYPE": "Haswell"], ["HSCONAS_BLAS_AUTOSELECT": "0"]] {
            #expect(
                BLASKernelSelection.preferredCoreType(
                    environment: environment, coreName: "Prescott", cpuFlags: flags, architecture: "x86_64") == nil)
        }
        // The user's own choice is not reported as a shortfall; turning selection off is.
        #expect(
            BLASKernelSelection.shortfall(
                environment: ["OPENBLAS_CORETYPE": "Haswell"], coreName: "Haswell", cpuFlags: flags, architecture: "x86_64")
                == nil)
        let off = BLASKernelSelection.shortfall(
            environment: ["HSCONAS_BLAS_AUTOSELECT": "0"], coreName: "Prescott", cpuFlags: flags, architecture: "x86_64")
        #expect(off?.contains("HSCONAS_BLAS_AUTOSELECT=0") == true)
    }

    @Test("kernels the build would not bring up are reported, naming both kernel sets")
    func shortfallNamed() throws {
        let flags = BLASKernelSelection.flags(fromCPUInfo: Self.xeonAVX512.cpuinfo)
        // Asked for SkylakeX, but OpenBLAS still runs Prescott (a build without those kernels).
        let text = try #require(
            BLASKernelSelection.shortfall(
                environment: ["OPENBLAS_CORETYPE": "SkylakeX", "HSCONAS_BLAS_REQUESTED": "SkylakeX"], coreName: "Prescott",
                cpuFlags: flags, architecture: "x86_64"))
        #expect(text.contains("Prescott") && text.contains("AVX-512") && text.contains("asked for SkylakeX"))
        #expect(
            BLASKernelSelection.shortfall(environment: [:], coreName: "Zen", cpuFlags: flags, architecture: "x86_64") != nil)
        let zen = BLASKernelSelection.flags(fromCPUInfo: Self.epycAVX2.cpuinfo)
        #expect(BLASKernelSelection.shortfall(environment: [:], coreName: "Zen", cpuFlags: zen, architecture: "x86_64") == nil)
    }

    @Test("architectures without tiers ask for nothing")
    func otherArchitectures() {
        #expect(
            BLASKernelSelection.preferredCoreType(
                environment: [:], coreName: "POWER9", cpuFlags: ["altivec"], architecture: "ppc64le") == nil)
        #expect(BLASKernelSelection.shortfall(environment: [:], coreName: "POWER9", cpuFlags: [], architecture: "ppc64le") == nil)
    }

    @Test("this machine: after selection OpenBLAS runs kernels at the CPU's best tier")
    func thisMachine() {
        // The test process itself was not re-executed, so only check the rule agrees with itself:
        // either nothing better exists or the rule names a kernel set of the CPU's best tier.
        let best = BLASKernelSelection.bestTier(cpuFlags: BLASKernelSelection.cpuFlags, architecture: CPUInfo.architecture)
        let preferred = BLASKernelSelection.preferredCoreType(environment: [:])
        #expect(preferred == nil || preferred == best?.kernel)
        #expect((preferred == nil) == (BLASKernelSelection.shortfall(environment: [:]) == nil))
    }
}
