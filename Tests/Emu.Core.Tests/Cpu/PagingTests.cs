namespace Emu.Core.Tests.Cpu;

/// <summary>Page walks, #PF, accessed/dirty bits and decoded code under paging (SDM Vol. 3 4.3-4.10).</summary>
public sealed class PagingTests
{
    // Page directory at 100000h: entry 0 -> table at 101000h identity-mapping 0-4 MiB (user RW);
    // entry 1 -> table at 102000h for 400000h-7FFFFFh, filled by each test; entry 2 a 4 MiB page
    // (CR4.PSE) onto 0. Paging on, then the test body.
    private const string Setup = """
            mov edi, 0x100000
            mov ecx, 3 * 1024
            xor eax, eax
            rep stosd
            mov dword [0x100000], 0x101000 | 7
            mov dword [0x100004], 0x102000 | 7
            mov dword [0x100008], 0x83
            mov edi, 0x101000
            mov eax, 7
            mov ecx, 1024
        fill:
            stosd
            add eax, 0x1000
            loop fill
            mov eax, cr4
            or eax, 0x10
            mov cr4, eax
            mov eax, 0x100000
            mov cr3, eax
            mov eax, cr0
            or eax, 0x80000000
            mov cr0, eax
        """;

    private static TestMachine Paged(string body, bool cache = true) => ProtectedMachine.Create(Setup + "\n" + body, cache: cache);

    [Fact]
    public void FourKiBAndFourMiBPages_TranslateAndSetAccessedDirty()
    {
        TestMachine m = Paged(
            """
                mov dword [0x102000], 0x150000 | 3   ; 400000h -> 150000h
                mov dword [0x150010], 0xAABBCCDD
                mov ebx, [0x400010]
                mov esi, [0x102000]                  ; A set by the read, D not yet
                mov dword [0x400020], 0x11223344
                mov edi, [0x102000]                  ; D set by the write
                mov edx, [0x800000 + 0x150010]       ; the 4 MiB page onto 0
            """);
        m.RunToHalt();
        Assert.Equal(-1, ProtectedMachine.Vector(m));
        Assert.Equal(0xAABBCCDDu, m.Cpu.EBX);
        Assert.Equal(0x20u, m.Cpu.ESI & 0x60);
        Assert.Equal(0x60u, m.Cpu.EDI & 0x60);
        Assert.Equal(0x11223344u, m.Memory.Read32(0x150020));
        Assert.Equal(0xAABBCCDDu, m.Cpu.EDX);
        Assert.Equal(0x20u, m.Memory.Read32(0x100004) & 0x20);
    }

    [Theory]
    [InlineData("mov eax, [0xC00004]", 0xC00004u, 0u)] // directory entry not present, read
    [InlineData("mov dword [0x401008], 1", 0x401008u, 2u)] // table entry not present, write
    [InlineData("or dword [0x102000], 0x150000 | 1\nmov eax, cr0\nor eax, 0x10000\nmov cr0, eax\nmov byte [0x400001], 1", 0x400001u, 3u)] // read-only with WP
    [InlineData("jmp 0xC00000", 0xC00000u, 0u)] // instruction fetch
    public void PageFault_ReportsCr2AndTheErrorCode(string body, uint cr2, uint code)
    {
        TestMachine m = Paged(body);
        m.RunToHalt();
        Assert.Equal(14, ProtectedMachine.Vector(m));
        Assert.Equal(cr2, m.Cpu.CR2);
        Assert.Equal(code, ProtectedMachine.ErrorCode(m));
    }

    [Fact]
    public void ReadOnlyPage_SupervisorWriteSucceedsWithoutWp()
    {
        TestMachine m = Paged("mov dword [0x102000], 0x150000 | 1\nmov dword [0x400000], 5");
        m.RunToHalt();
        Assert.Equal(-1, ProtectedMachine.Vector(m));
        Assert.Equal(5u, m.Memory.Read32(0x150000));
    }

    /// <summary>
    /// A TLB entry filled by a supervisor access does not let a user access through (the fast path
    /// checks the rights the entry was filled with against the current CPL): 400000h maps 150000h,
    /// the supervisor reads and writes it (entry present, accessed, dirty), then CPL 3 touches it.
    /// GDT 18h: ring-3 code, 20h: ring-3 data, 28h: a TSS at 3000h giving the ring-0 stack for the fault.
    /// </summary>
    [Theory]
    [InlineData(0x150000u | 3, "mov eax, [0x400000]", 5u)] // supervisor-only page, user read
    [InlineData(0x150000u | 5, "mov dword [0x400000], 1", 7u)] // user read-only page, user write
    public void UserAccess_ThroughASupervisorFilledTlbEntry_StillFaults(uint pte, string userAccess, uint code)
    {
        TestMachine m = ProtectedMachine.Create(
            Setup + $"""

                mov dword [0x102000], {pte}
                mov eax, [0x400000]
                mov dword [0x400004], 5
                mov dword [0x3004], 0x7000
                mov dword [0x3008], 0x10
                mov ax, 0x28
                ltr ax
                push dword 0x23
                push dword 0x6000
                push dword 0x1B
                push dword user
                retf
            user:
                mov ax, 0x23
                mov ds, ax
                {userAccess}
                jmp $
            """,
            "    dq 0x00CFFA000000FFFF\n    dq 0x00CFF2000000FFFF\n    dq 0x0000890030000067");
        m.RunToHalt();
        Assert.Equal(14, ProtectedMachine.Vector(m));
        Assert.Equal(0x400000u, m.Cpu.CR2);
        Assert.Equal(code, ProtectedMachine.ErrorCode(m));
        Assert.Equal(5u, m.Memory.Read32(0x150004));
    }

    [Fact]
    public void WriteThroughAReadFilledTlbEntry_SetsTheDirtyBitAndHonoursWp()
    {
        // WP on first (a CR0 write flushes the TLB), then a read fills the entry of a read-only page:
        // the write after it must walk and fault; a writable page read first gets D on the write.
        TestMachine m = Paged(
            """
                mov eax, cr0
                or eax, 0x10000
                mov cr0, eax
                mov dword [0x102000], 0x150000 | 3
                mov dword [0x102004], 0x151000 | 1
                mov eax, [0x400000]
                mov esi, [0x102000]
                mov dword [0x400000], 7
                mov edi, [0x102000]
                mov eax, [0x401000]
                mov byte [0x401003], 1
            """);
        m.RunToHalt();
        Assert.Equal(0x20u, m.Cpu.ESI & 0x60);
        Assert.Equal(0x60u, m.Cpu.EDI & 0x60);
        Assert.Equal(7u, m.Memory.Read32(0x150000));
        Assert.Equal(14, ProtectedMachine.Vector(m));
        Assert.Equal(0x401003u, m.Cpu.CR2);
        Assert.Equal(3u, ProtectedMachine.ErrorCode(m));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RemappedCode_RunsTheNewFrameAfterInvlpg(bool cache)
    {
        // Code at 400000h: frame 150000h returns 1, frame 160000h returns 2.
        TestMachine m = Paged(
            """
                mov dword [0x150000], 0x000001B8
                mov word [0x150004], 0xC300
                mov dword [0x160000], 0x000002B8
                mov word [0x160004], 0xC300
                mov dword [0x102000], 0x150000 | 3
                call 0x400000
                mov ebx, eax
                mov dword [0x102000], 0x160000 | 3
                invlpg [0x400000]
                call 0x400000
            """,
            cache);
        m.RunToHalt();
        Assert.Equal(-1, ProtectedMachine.Vector(m));
        Assert.Equal(1u, m.Cpu.EBX);
        Assert.Equal(2u, m.Cpu.EAX);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void InstructionAcrossPages_ReadsItsTailFromTheSecondPagesFrame(bool cache)
    {
        // MOV EAX, imm32 at 400FFDh: 3 bytes in frame 150000h, the rest (and RET) in 401000h's frame.
        // The second page is remapped between the two calls; the same decoded block must not be reused.
        TestMachine m = Paged(
            """
                mov byte [0x150FFD], 0xB8
                mov word [0x150FFE], 0x3344
                mov word [0x170000], 0x1122
                mov byte [0x170002], 0xC3
                mov word [0x180000], 0x6655
                mov byte [0x180002], 0xC3
                mov dword [0x102000], 0x150000 | 3
                mov dword [0x102004], 0x170000 | 3
                call 0x400FFD
                mov ebx, eax
                mov dword [0x102004], 0x180000 | 3
                invlpg [0x401000]
                call 0x400FFD
            """,
            cache);
        m.RunToHalt();
        Assert.Equal(-1, ProtectedMachine.Vector(m));
        Assert.Equal(0x11223344u, m.Cpu.EBX);
        Assert.Equal(0x66553344u, m.Cpu.EAX);
    }

    [Fact]
    public void DwordAcrossPages_IsSplitBetweenTheTwoFrames()
    {
        TestMachine m = Paged(
            """
                mov dword [0x102000], 0x150000 | 3
                mov dword [0x102004], 0x170000 | 3
                mov dword [0x400FFE], 0xAABBCCDD
                mov ebx, [0x400FFE]
            """);
        m.RunToHalt();
        Assert.Equal(0xAABBCCDDu, m.Cpu.EBX);
        Assert.Equal((ushort)0xCCDD, m.Memory.Read16(0x150FFE));
        Assert.Equal((ushort)0xAABB, m.Memory.Read16(0x170000));
    }

    [Fact]
    public void RepMovsAndStos_OverRemappedPages_WriteEachPagesFrameAndSetDirty()
    {
        // 400000h -> 160000h and 401000h -> 150000h (frames in reverse order); 402000h-402FFFh -> 170000h.
        // A pattern at 20000h-21FFFh is copied to 400004h-402003h, then 402000h.. is filled with stosd.
        TestMachine m = Paged(
            """
                mov dword [0x102000], 0x160000 | 3
                mov dword [0x102004], 0x150000 | 3
                mov dword [0x102008], 0x170000 | 3
                mov edi, 0x20000
                mov ecx, 0x800
                mov eax, 0x01020304
            pattern:
                stosd
                add eax, 0x04040404
                loop pattern
                cld
                mov esi, 0x20000
                mov edi, 0x400004
                mov ecx, 0x800
                rep movsd
                mov eax, 0xA5A5A5A5
                mov edi, 0x402004
                mov ecx, 0x100
                rep stosd
                mov esi, [0x102000]
                mov edi, [0x102004]
                mov ebx, [0x102008]
            """);
        m.RunToHalt();
        Assert.Equal(-1, ProtectedMachine.Vector(m));
        for (uint k = 0; k < 0x800; k++)
        {
            uint linear = 0x400004 + (k * 4);
            uint frame = (linear >> 12) switch { 0x400 => 0x160000u, 0x401 => 0x150000u, _ => 0x170000u };
            Assert.Equal(0x01020304 + (k * 0x04040404), m.Memory.Read32(frame | (linear & 0xFFF)));
        }

        for (uint k = 0; k < 0x100; k++)
        {
            Assert.Equal(0xA5A5A5A5u, m.Memory.Read32(0x170004 + (k * 4)));
        }

        Assert.Equal(0x60u, m.Cpu.ESI & 0x60);
        Assert.Equal(0x60u, m.Cpu.EDI & 0x60);
        Assert.Equal(0x60u, m.Cpu.EBX & 0x60);
    }

    [Fact]
    public void RepMovsFaultingOnAPage_LeavesTheRegistersToRestartTheFaultingElement()
    {
        // 8 bytes fit before 401000h, which is not present: #PF with ESI/EDI/ECX at the ninth element.
        TestMachine m = Paged(
            """
                mov dword [0x102000], 0x150000 | 3
                cld
                mov esi, 0x400000
                mov edi, 0x400FF8
                mov ecx, 16
                rep movsb
            """);
        m.RunToHalt();
        Assert.Equal(14, ProtectedMachine.Vector(m));
        Assert.Equal(0x401000u, m.Cpu.CR2);
        Assert.Equal(8u, m.Cpu.ECX);
        Assert.Equal(0x400008u, m.Cpu.ESI);
        Assert.Equal(0x401000u, m.Cpu.EDI);
    }
}
