using Emu.App.Options;
using Emu.Core.Machine;

namespace Emu.Guest.Tests;

/// <summary>
/// <c>-chardev</c> as a character backend for devices, as QEMU spells it: <c>-device
/// isa-debugcon,iobase=N,chardev=ID</c> (SeaBIOS's log port is 0x402) and <c>-serial chardev:ID</c>.
/// </summary>
public sealed class ChardevTests
{
    [Fact]
    public void IsaDebugconOnAFileChardevGetsWhatTheGuestWrites()
    {
        using TempDirectory dir = new();
        string log = Path.Combine(dir.Path, "debug.log");
        string report = RunProgram(dir, "-chardev", $"file,id=d,path={log}", "-device", "isa-debugcon,iobase=0xe9,chardev=d");
        Assert.Empty(report);
        Assert.StartsWith("PASS rsdp-checksum\nPASS rsdt-signature\n", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public void DebugconAndSerialTakeAChardevByName()
    {
        using TempDirectory dir = new();
        string report = RunProgram(dir, "-chardev", "stdio,id=out", "-debugcon", "chardev:out", "-serial", "chardev:out");
        Assert.StartsWith("PASS rsdp-checksum\n", report, StringComparison.Ordinal);
    }

    [Fact]
    public void ADebugconOnAnotherPortLeavesE9hUnclaimed()
    {
        using TempDirectory dir = new();
        string log = Path.Combine(dir.Path, "debug.log");
        using InProcessPc pc = new("-nodefaults", "-display", "none", "-chardev", $"file,id=d,path={log}", "-device", "isa-debugcon,iobase=0x402,chardev=d,readback=0x5a");
        Assert.Equal(0x5A, pc.Machine.Io.ReadByte(0x402));
        pc.Machine.Io.WriteByte(0x402, (byte)'x');
        Assert.False(pc.Machine.Io.IsClaimed(0xE9));
        pc.Dispose();
        Assert.Equal("x", File.ReadAllText(log));
    }

    [Theory]
    [InlineData(new[] { "-device", "isa-debugcon,iobase=0x402,chardev=nothere" }, "Property 'chardev' can't find value 'nothere'")]
    [InlineData(new[] { "-device", "isa-debugcon,iobase=0x10000,chardev=d" }, "Property 'isa-debugcon.iobase' doesn't take value '0x10000'")]
    [InlineData(new[] { "-chardev", "file,path=x", "-serial", "chardev:x" }, "chardev: no id specified")]
    [InlineData(new[] { "-chardev", "pty,id=p", "-serial", "chardev:p" }, "chardev backend 'pty' is not supported")]
    [InlineData(new[] { "-chardev", "null,id=p", "-device", "isa-debugcon,iobase=0x60,chardev=p" }, "I/O port 0x60 is already in use")]
    public void BadChardevUsesAreRefused(string[] args, string message)
    {
        OptionException e = Assert.Throws<OptionException>(() => new InProcessPc(["-nodefaults", "-display", "none", "-chardev", "null,id=d", .. args]).Dispose());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs acpi_power.asm from a floppy until it waits for the power button; returns what reached "stdio".</summary>
    private static string RunProgram(TempDirectory dir, params string[] extra)
    {
        byte[] floppy = new byte[1_474_560];
        GuestImages.TestProgram("acpi_power").CopyTo(floppy, 0);
        string path = Path.Combine(dir.Path, "acpi_power.img");
        File.WriteAllBytes(path, floppy);
        using InProcessPc pc = new(["-nodefaults", "-display", "none", "-drive", $"file={path},format=raw,if=floppy", "-boot", "a", .. extra]);
        MachineStopReason reason = pc.Machine.Run(300_000_000);
        Assert.Equal(MachineStopReason.InstructionLimit, reason);
        return pc.Output;
    }
}
