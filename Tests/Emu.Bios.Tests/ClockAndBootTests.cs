using System.Text;
using Emu.Bios.Structures;
using Emu.TestSupport;

namespace Emu.Bios.Tests;

public sealed class ClockAndBootTests
{
    [Fact]
    public void TimerTickCountsAndRollsOverAtMidnight()
    {
        BiosHarness h = new();
        h.Context.Bda.Write32(BiosDataArea.TimerTicks, BiosDataArea.TicksPerDay - 1);
        h.Int(0x08);
        Assert.Equal(0u, h.Context.Bda.Read32(BiosDataArea.TimerTicks));
        h.Call(0x1A, ax: 0x0000);
        Assert.Equal(1, h.Cpu.AL);
        Assert.Equal(0, h.Cpu.CX);
        h.Call(0x1A, ax: 0x0000);
        Assert.Equal(0, h.Cpu.AL);
    }

    [Fact]
    public void ReadRtcTimeAndDate()
    {
        BiosHarness h = PostTests.WithCmosTime(0x12, 0x34, 0x56);
        FakeCmos? cmos = null;
        Assert.False(BiosHarness.Carry(h.Call(0x1A, ax: 0x0200)));
        Assert.Equal(0x0012, h.Cpu.AX);
        Assert.Equal(0x1234, h.Cpu.CX);
        Assert.Equal(0x5600, h.Cpu.DX);
        Assert.Null(cmos);
    }

    [Fact]
    public void BootsAFloppyWithTheHandOffState()
    {
        byte[] image = new byte[1_474_560];
        image[0] = 0xEB;
        image[510] = 0x55;
        image[511] = 0xAA;
        BiosHarness h = new(new BiosConfiguration { FloppyA = Int13FloppyTests.Floppy(new MemoryBackend(image)), BootOrder = "a" });
        h.Int(0x19);
        Assert.False(h.WantsRetry);
        Assert.Equal(0xAA55u, h.Cpu.EAX);
        Assert.Equal(0u, h.Cpu.EDX);
        Assert.Equal(0, h.Cpu.DS);
        Assert.Equal(0x0202u, h.Cpu.EFLAGS);
        Assert.Equal(0xEB, h.Memory.Read8(0x7C00));
        Assert.Contains("Booting from Floppy...", Screen(h));
    }

    [Fact]
    public void DefaultOrderTriesTheHardDiskFirstThenTheFloppy()
    {
        byte[] image = new byte[1_474_560];
        image[510] = 0x55;
        image[511] = 0xAA;
        BiosHarness h = new(new BiosConfiguration { FloppyA = Int13FloppyTests.Floppy(new MemoryBackend(image)) });
        h.Int(0x19);
        string screen = Screen(h);
        Assert.Contains("Booting from Hard Disk...", screen);
        Assert.Contains("Boot failed: could not read the boot disk", screen);
        Assert.True(screen.IndexOf("Hard Disk", StringComparison.Ordinal) < screen.IndexOf("Floppy", StringComparison.Ordinal));
        Assert.False(h.WantsRetry);
    }

    [Fact]
    public void NothingBootablePrintsSeaBiosMessageAndHangs()
    {
        BiosHarness h = new(new BiosConfiguration { FloppyA = Int13FloppyTests.Floppy(new MemoryBackend(new byte[1_474_560])), HasCdromDrive = true });
        bool reported = false;
        h.Bios.BootLoader.NothingBootable = () => reported = true;
        h.Int(0x19);
        Assert.True(h.WantsRetry);
        Assert.True(reported);
        string screen = Screen(h);
        Assert.Contains("Boot failed: not a bootable disk", screen);
        Assert.Contains("Boot failed: Could not read from CDROM (code 0003)", screen);
        Assert.Contains("No bootable device.", screen);
    }

    [Fact]
    public void HardDiskBootSetsDl80()
    {
        byte[] disk = new byte[10 << 20];
        disk[510] = 0x55;
        disk[511] = 0xAA;
        Emu.Devices.Storage.BlockDrive drive = new("ide0-hd0", Emu.Devices.Storage.DriveInterface.Ide, 0, Emu.Devices.Storage.DriveMedia.Disk, new MemoryBackend(disk));
        BiosHarness h = new(new BiosConfiguration { HardDisks = [drive], BootOrder = "c" });
        h.Int(0x19);
        Assert.Equal(0x80u, h.Cpu.EDX);
    }

    internal static string Screen(BiosHarness h)
    {
        StringBuilder text = new();
        for (int row = 0; row < 25; row++)
        {
            for (int column = 0; column < 80; column++)
            {
                text.Append((char)h.Memory.Read8(0xB8000u + (uint)(((row * 80) + column) * 2)));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
