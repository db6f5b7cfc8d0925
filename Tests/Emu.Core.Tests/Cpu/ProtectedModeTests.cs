using Emu.Core.Cpu;

namespace Emu.Core.Tests.Cpu;

/// <summary>Descriptor checks on segment loads and accesses (SDM Vol. 2 MOV; Vol. 3 5.3, 5.4, 6.13).</summary>
public sealed class ProtectedModeTests
{
    // 18h: not-present data; 20h: read-only data; 28h: expand-down data (B=1, limit FFFh);
    // 30h: DPL-3 data; 38h: 16-bit code (base 0, limit FFFFh); 40h: execute-only code.
    private const string Gdt = """
            dq 0x0000120000000FFF
            dq 0x0000900000000FFF
            dq 0x0040960000000FFF
            dq 0x00CFF2000000FFFF
            dq 0x00009A000000FFFF
            dq 0x0000980000000FFF
        """;

    [Fact]
    public void EnteringProtectedMode_RunsAtCpl0WithTheNewCs()
    {
        TestMachine m = ProtectedMachine.Create("mov eax, 0x12345678\nmov [0x2000], eax");
        m.RunToHalt();
        Assert.Equal(-1, ProtectedMachine.Vector(m));
        Assert.True(m.Cpu.ProtectedMode);
        Assert.Equal(0, m.Cpu.Cpl);
        Assert.Equal((ushort)0x08, m.Cpu.GetSegment(SegmentRegister.CS));
        Assert.Equal(0x12345678u, m.Memory.Read32(0x2000));
    }

    [Theory]
    [InlineData("mov ax, 0x48\nmov ds, ax", 13, 0x48)] // beyond the GDT limit
    [InlineData("mov ax, 0x4C\nmov ds, ax", 13, 0x4C)] // TI=1 with a null LDTR
    [InlineData("mov ax, 0x18\nmov es, ax", 11, 0x18)] // not present
    [InlineData("mov ax, 0x20\nmov ss, ax", 13, 0x20)] // SS must be writable
    [InlineData("mov ax, 0x33\nmov ss, ax", 13, 0x30)] // SS RPL must equal CPL
    [InlineData("xor ax, ax\nmov ss, ax", 13, 0)] // null SS
    [InlineData("mov ax, 0x40\nmov fs, ax", 13, 0x40)] // execute-only code into a data register
    [InlineData("xor ax, ax\nmov gs, ax\nmov eax, [gs:0]", 13, 0)] // a null segment loads, its use faults
    [InlineData("mov ax, 0x20\nmov gs, ax\nmov byte [gs:0], 1", 13, 0)] // write to read-only data
    [InlineData("mov eax, [cs:0x1000]\nmov [cs:0x1000], eax", 13, 0)] // write to a code segment
    [InlineData("mov ax, 0x28\nmov gs, ax\nmov eax, [gs:0xFFE]", 13, 0)] // expand-down: below the limit
    [InlineData("jmp 0x10:0", 13, 0x10)] // far jump to a data segment
    public void SegmentChecks_RaiseTheSdmFaultAndErrorCode(string body, int vector, uint code)
    {
        TestMachine m = ProtectedMachine.Create(body, Gdt);
        m.RunToHalt();
        Assert.Equal(vector, ProtectedMachine.Vector(m));
        Assert.Equal(code, ProtectedMachine.ErrorCode(m));
    }

    [Fact]
    public void ExpandDownSegment_AcceptsOffsetsAboveTheLimit()
    {
        TestMachine m = ProtectedMachine.Create("mov ax, 0x28\nmov gs, ax\nmov dword [gs:0x3000], 0xCAFE\nmov eax, [gs:0xFFFFFFFC]", Gdt);
        m.RunToHalt();
        Assert.Equal(-1, ProtectedMachine.Vector(m));
        Assert.Equal(0xCAFEu, m.Memory.Read32(0x3000));
    }

    [Fact]
    public void StackSegmentLimit_RaisesStackFault()
    {
        // A 16-bit data segment (B=0) with limit FFFFh as SS; [EBP] defaults to SS.
        TestMachine m = ProtectedMachine.Create("mov ax, 0x48\nmov ss, ax\nmov ebp, 0x10000\nmov eax, [ebp]", Gdt + "\n    dq 0x000092000000FFFF");
        m.RunToHalt();
        Assert.Equal(12, ProtectedMachine.Vector(m));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SixteenBitCodeSegment_DecodesWith16BitOperands(bool cache)
    {
        TestMachine m = ProtectedMachine.Create(
            """
                mov eax, 0xFFFFFFFF
                call 0x38:code16
                jmp done
                bits 16
            code16:
                mov ax, 0x1234
                o32 retf
                bits 32
            done:
            """,
            Gdt,
            cache);
        m.RunToHalt();
        Assert.Equal(-1, ProtectedMachine.Vector(m));
        Assert.Equal(0xFFFF1234u, m.Cpu.EAX);
        Assert.Equal((ushort)0x08, m.Cpu.GetSegment(SegmentRegister.CS));
    }

    [Fact]
    public void LarLslVerrVerw_ReportAccessRightsAndLimits()
    {
        TestMachine m = ProtectedMachine.Create(
            """
                mov ax, 0x20
                lar ebx, ax         ; read-only data, DPL 0
                lsl ecx, ax
                verw ax
                setz dl
                verr ax
                setz dh
                mov ax, 0x48
                lar esi, ax         ; beyond the GDT: ZF=0, ESI unchanged
                setnz al
                movzx edi, al
            """,
            Gdt);
        m.RunToHalt();
        Assert.Equal(0x00009000u, m.Cpu.EBX);
        Assert.Equal(0xFFFu, m.Cpu.ECX);
        Assert.Equal(0x0100u, m.Cpu.EDX & 0xFFFF);
        Assert.Equal(1u, m.Cpu.EDI);
    }

    [Theory]
    [InlineData("jmp 0x18:0", "call gate")]
    [InlineData("jmp 0x20:0", "TSS (task switch)")]
    public void CallGatesAndTaskSwitches_AreRefusedWithGpAndNamed(string body, string feature)
    {
        // 18h: a 32-bit call gate to 08h:0; 20h: an available 32-bit TSS at 3000h.
        TestMachine m = ProtectedMachine.Create(body, "    dq 0x0000EC0000080000\n    dq 0x0000890030000067");
        List<string> unsupported = [];
        m.Cpu.Unsupported = unsupported.Add;
        m.RunToHalt();
        Assert.Equal(13, ProtectedMachine.Vector(m));
        Assert.Equal(body.EndsWith("0x18:0", StringComparison.Ordinal) ? 0x18u : 0x20u, ProtectedMachine.ErrorCode(m));
        string text = Assert.Single(unsupported);
        Assert.Contains(feature, text, StringComparison.Ordinal);
        Assert.Contains("not implemented", text, StringComparison.Ordinal);
    }
}
