using Emu.Core.Cpu.Model;
using Emu.Core.Cpu.X87;
using Emu.Core.State;

namespace Emu.Core.Tests.Cpu;

/// <summary>
/// The CPU's saved state: a program stopped halfway under paging, saved with RAM and loaded into
/// another machine, finishes there exactly as it does in the original (registers, x87, memory,
/// instruction count); the x87 carries over with its 80-bit values and a pending unmasked exception,
/// and the MSRs with SYSENTER's entry point.
/// </summary>
public sealed class CpuStateTests
{
    private const string PagedLoop = """
            mov edi, 0x100000
            mov ecx, 2 * 1024
            xor eax, eax
            rep stosd
            mov dword [0x100000], 0x101000 | 3
            mov edi, 0x101000
            mov eax, 3
            mov ecx, 1024
        fill:
            stosd
            add eax, 0x1000
            loop fill
            mov eax, 0x100000
            mov cr3, eax
            mov eax, cr0
            or eax, 0x80000000
            mov cr0, eax
            mov ecx, 3000
            xor eax, eax
            mov esi, 0x20000
            fld1
            fldz
        work:
            add eax, ecx
            rol eax, 3
            mov [esi], eax
            add esi, 4
            fadd st0, st1
            loop work
            fistp dword [0x1FFF0]
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AProgramStoppedHalfwayFinishesTheSameInAnotherMachine(bool blockCache)
    {
        TestMachine original = ProtectedMachine.Create(PagedLoop, cache: blockCache);
        original.Cpu.Run(9_000);
        Assert.False(original.Cpu.Halted);
        byte[] image = StateSnapshot.Save([original.Cpu, new RamState(original.Memory)]);

        TestMachine copy = new("hlt", blockCache);
        StateSnapshot.Load(image, [copy.Cpu, new RamState(copy.Memory)]);
        Assert.Equal(image, StateSnapshot.Save([copy.Cpu, new RamState(copy.Memory)]));

        original.RunToHalt();
        copy.RunToHalt();
        Assert.Equal(-1, ProtectedMachine.Vector(copy));
        Assert.Equal(3000u, copy.Memory.Read32(0x1FFF0));
        Assert.Equal(original.Cpu.InstructionCount, copy.Cpu.InstructionCount);
        Assert.Equal(StateSnapshot.Save([original.Cpu, new RamState(original.Memory)]), StateSnapshot.Save([copy.Cpu, new RamState(copy.Memory)]));
    }

    /// <summary>
    /// Saved right after an unmasked zero divide (SDM Vol. 1 8.7): the registers hold pi to 64 bits and
    /// 1 + 2^-63, which no double holds, and the exception is pending. In the copy the FWAIT takes #MF,
    /// whose handler counts it in DX and clears it, then the stack is stored to memory.
    /// </summary>
    private const string PendingZeroDivide = """
            mov eax, cr0
            or eax, 0x20         ; CR0.NE: x87 errors by #MF
            mov cr0, eax
            fninit
            fld tword [odd]
            fldpi
            fldcw [cw]
            fld1
            fldz
            fdivp st1, st0       ; ST(1) = 1 / 0: unmasked, nothing changes, ZE pending
            mov eax, 0x5AFE      ; the state is saved here
            fnstsw [0x630]
            fwait                ; #MF here
            fstp tword [0x600]
            fstp tword [0x60A]
            fstp tword [0x614]
            fstp tword [0x61E]
            hlt
        cw: dw 0x037B            ; ZE unmasked
        odd: dq 0x8000000000000001
            dw 0x3FFF
            times 0x100-($-$$) nop
        mf: inc dx
            fnclex
            iret
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnX87WithExtendedValuesAndAPendingExceptionCarriesOverExactly(bool blockCache)
    {
        TestMachine original = new(PendingZeroDivide, blockCache);
        original.SetVector(16, (ushort)(TestMachine.Origin + 0x100));
        original.Cpu.EDX = 0;
        for (int n = 0; original.Cpu.EAX != 0x5AFE; n++)
        {
            Assert.True(n < 100, "the program did not reach its save point");
            original.Cpu.Run(1);
        }

        byte[] image = StateSnapshot.Save([original.Cpu, new RamState(original.Memory)]);
        TestMachine copy = new("hlt", blockCache);
        StateSnapshot.Load(image, [copy.Cpu, new RamState(copy.Memory)]);
        Assert.Equal(image, StateSnapshot.Save([copy.Cpu, new RamState(copy.Memory)]));

        original.RunToHalt();
        copy.RunToHalt();
        Assert.Equal(1u, copy.Cpu.EDX & 0xFFFF);
        ushort sw = copy.Memory.Read16(0x630);
        Assert.Equal(0x8084, sw & (0x3F | 0x8080)); // ZE, ES and B
        Assert.Equal(Float80.Zero, Tword(copy, 0x600));
        Assert.Equal(Float80.One, Tword(copy, 0x60A));
        Assert.Equal(new Float80(0xC90F_DAA2_2168_C235, 0x4000), Tword(copy, 0x614));
        Assert.Equal(new Float80(0x8000_0000_0000_0001, 0x3FFF), Tword(copy, 0x61E));
        for (uint at = 0x600; at < 0x628; at += 10)
        {
            Assert.Equal(Tword(original, at), Tword(copy, at));
        }
        Assert.Equal(StateSnapshot.Save([original.Cpu, new RamState(original.Memory)]), StateSnapshot.Save([copy.Cpu, new RamState(copy.Memory)]));
    }

    /// <summary>
    /// The MSRs a guest set before the save (SYSENTER's, PAT, an MTRR, a machine-check bank, the TSC
    /// moved forward) and CR4.MCE are the copy's: it reads the same values back and its SYSENTER enters
    /// at the saved IA32_SYSENTER_EIP with the saved ESP (SDM Vol. 2B SYSENTER), as a Linux guest's
    /// system calls need after loadvm.
    /// </summary>
    private const string MsrsThenSysenter = """
            mov ecx, 0x174        ; IA32_SYSENTER_CS
            mov eax, 0x08
            xor edx, edx
            wrmsr
            inc ecx               ; IA32_SYSENTER_ESP
            mov eax, 0x6800
            wrmsr
            inc ecx               ; IA32_SYSENTER_EIP
            mov eax, entered
            wrmsr
            mov ecx, 0x277        ; IA32_PAT
            mov eax, 0x00000106
            mov edx, 0x00070406
            wrmsr
            mov ecx, 0x201        ; IA32_MTRR_PHYSMASK0
            mov eax, 0xFFF00800
            xor edx, edx
            wrmsr
            mov ecx, 0x401        ; IA32_MC0_STATUS
            xor eax, eax
            xor edx, edx
            wrmsr
            mov ecx, 0x10         ; the TSC, far ahead of the instruction count (coreduo, family 6
            mov eax, 0x12345678   ; model 0Eh, takes all 64 bits: SDM Vol. 3 17.17)
            mov edx, 0x9
            wrmsr
            mov eax, cr4
            or eax, 0x40          ; CR4.MCE
            mov cr4, eax
            mov eax, 0x5AFE       ; the state is saved here
            mov ecx, 0x277
            rdmsr
            mov [0x600], eax
            mov [0x604], edx
            mov ecx, 0x201
            rdmsr
            mov [0x608], eax
            mov [0x60C], edx
            rdtsc
            mov [0x610], eax
            mov [0x614], edx
            mov eax, cr4
            mov [0x618], eax
            sysenter
            hlt
        entered:
            mov [0x61C], esp
            mov esi, 0x600D
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MsrsAndSysenterCarryOverToTheCopy(bool blockCache)
    {
        CpuModel coreDuo = CpuModels.Find("coreduo")!; // qemu32 has neither MTRRs nor MCA
        TestMachine original = ProtectedMachine.Create(MsrsThenSysenter, cache: blockCache);
        original.Cpu.Model = coreDuo;
        for (int n = 0; original.Cpu.EAX != 0x5AFE; n++)
        {
            Assert.True(n < 1000 && !original.Cpu.Halted, $"the program did not reach its save point (vector {ProtectedMachine.Vector(original)})");
            original.Cpu.Run(1);
        }

        byte[] image = StateSnapshot.Save([original.Cpu, new RamState(original.Memory)]);
        TestMachine copy = new("hlt", blockCache);
        copy.Cpu.Model = coreDuo;
        StateSnapshot.Load(image, [copy.Cpu, new RamState(copy.Memory)]);
        Assert.Equal(image, StateSnapshot.Save([copy.Cpu, new RamState(copy.Memory)]));

        copy.RunToHalt();
        Assert.Equal(-1, ProtectedMachine.Vector(copy));
        Assert.Equal(0x600Du, copy.Cpu.ESI);
        Assert.Equal(0x0007_0406_0000_0106ul, copy.Memory.Read32(0x600) | (ulong)copy.Memory.Read32(0x604) << 32);
        Assert.Equal(0xFFF0_0800ul, copy.Memory.Read32(0x608) | (ulong)copy.Memory.Read32(0x60C) << 32);
        ulong tsc = copy.Memory.Read32(0x610) | (ulong)copy.Memory.Read32(0x614) << 32;
        Assert.InRange(tsc, 0x9_1234_5678ul, 0x9_1234_5678ul + 100);
        Assert.Equal(0x40u, copy.Memory.Read32(0x618) & 0x40);
        Assert.Equal(0x6800u, copy.Memory.Read32(0x61C));
        original.RunToHalt();
        Assert.Equal(StateSnapshot.Save([original.Cpu, new RamState(original.Memory)]), StateSnapshot.Save([copy.Cpu, new RamState(copy.Memory)]));
    }

    [Fact]
    public void AStateWithPagingButNoProtectedModeIsRefusedAndChangesNothing()
    {
        TestMachine source = new("mov eax, 0x1234\nhlt");
        source.RunToHalt();
        StateReader reader = StateReader.Read(StateSnapshot.Save([source.Cpu]));
        string described = reader.GetSection("cpu", 3, 3).Describe();
        Assert.Contains("cr0=1610612752", described); // 6000_0010h, the reset value

        byte[] image = StateSnapshot.Save([source.Cpu]);
        byte[] bad = PatchCr0(image, 0x8000_0010);
        TestMachine target = new("hlt");
        uint eip = target.Cpu.EIP;
        StateFormatException error = Assert.Throws<StateFormatException>(() => StateSnapshot.Load(bad, [target.Cpu]));
        Assert.Contains("cr0", error.Message);
        Assert.Equal(eip, target.Cpu.EIP);
        Assert.NotEqual(0x1234u, target.Cpu.EAX);
    }

    private static Float80 Tword(TestMachine m, uint address)
    {
        byte[] bytes = new byte[10];
        m.Memory.ReadBlock(address, bytes);
        return new Float80(BitConverter.ToUInt64(bytes, 0), BitConverter.ToUInt16(bytes, 8));
    }

    /// <summary>Rewrites the cr0 field's value in a saved image (name "cr0", kind 1, then 8 bytes).</summary>
    private static byte[] PatchCr0(byte[] image, long value)
    {
        byte[] copy = (byte[])image.Clone();
        byte[] marker = [3, 0, (byte)'c', (byte)'r', (byte)'0', 1];
        int at = copy.AsSpan().IndexOf(marker);
        Assert.True(at >= 0);
        BitConverter.TryWriteBytes(copy.AsSpan(at + marker.Length, 8), value);
        return copy;
    }
}
