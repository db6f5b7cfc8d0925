using Emu.Core.Machine;

namespace Emu.Guest.Tests;

/// <summary>What the BIOS draws: the VGA text buffer and CRTC after booting the demo guest in-process.</summary>
public sealed class ScreenTests
{
    [Fact]
    public void DemoGuestScreenShowsTheBootLinesAndTheCursorFollows()
    {
        using InProcessPc pc = new("-display", "none", "-serial", "stdio");

        Assert.Equal(MachineStopReason.HaltedForever, pc.Machine.Run(2_000_000_000));

        string[] lines = pc.Machine.Vga!.RenderLines();
        Assert.StartsWith("Emu BIOS (version", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("Booting from Floppy...", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("RTC time (INT 1Ah): 12:34:5", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Demo done; halting", StringComparison.Ordinal));
        int row = Array.FindLastIndex(lines, l => l.Trim().Length > 0);
        Assert.Equal((row + 1) * 80, pc.Machine.Vga!.CursorLocation);
        Assert.Equal("Emu demo guest: this line comes from COM1 (the 16550 UART).\r\n", pc.Output);
    }
}
