using Emu.App.Options;

namespace Emu.Guest.Tests;

/// <summary>
/// The demo guest boots only from a bare command line (README "Running", --help): any option
/// that configures a machine or a monitor asks for QEMU's machine, whose drives are empty.
/// </summary>
public sealed class DemoGuestRuleTests
{
    [Theory]
    [InlineData("")]
    [InlineData("-display none -serial stdio")]
    [InlineData("-m 64 -rtc base=2024-03-05T12:34:56 --print-instructions")]
    public void BareCommandLinesBootTheDemo(string words) =>
        Assert.True(CommandLine.Parse(words.Split(' ', StringSplitOptions.RemoveEmptyEntries)).UsesDemoGuest);

    [Theory]
    [InlineData("-S")]
    [InlineData("-nodefaults")]
    [InlineData("-machine", "pc")]
    [InlineData("-M", "isapc")]
    [InlineData("-device", "isa-debugcon,chardev=d")]
    [InlineData("-qmp", "stdio")]
    [InlineData("-qmp-pretty", "stdio")]
    [InlineData("-chardev", "null,id=d")]
    [InlineData("-mon", "chardev=d,mode=control")]
    [InlineData("-fda", "a.img")]
    [InlineData("-bios", "bios.bin")]
    [InlineData("-kernel", "vmlinuz")]
    public void AnyMachineOrMonitorOptionMeansNoDemo(params string[] args) => Assert.False(CommandLine.Parse(args).UsesDemoGuest);

    [Fact]
    public void PausedMachineHasNoDemoFloppy()
    {
        using InProcessPc bare = new("-display", "none");
        Assert.Contains(bare.Machine.Drives, d => d.HasMedium);

        using InProcessPc paused = new("-S", "-display", "none");
        Assert.DoesNotContain(paused.Machine.Drives, d => d.HasMedium);
    }
}
