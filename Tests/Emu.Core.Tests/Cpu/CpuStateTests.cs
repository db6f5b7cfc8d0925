using Emu.Core.State;

namespace Emu.Core.Tests.Cpu;

/// <summary>
/// The CPU's saved state: a program stopped halfway under paging, saved with RAM and loaded into
/// another machine, finishes there exactly as it does in the original (registers, x87, memory,
/// instruction count).
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

    [Fact]
    public void AStateWithPagingButNoProtectedModeIsRefusedAndChangesNothing()
    {
        TestMachine source = new("mov eax, 0x1234\nhlt");
        source.RunToHalt();
        StateReader reader = StateReader.Read(StateSnapshot.Save([source.Cpu]));
        string described = reader.GetSection("cpu", 1, 1).Describe();
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
