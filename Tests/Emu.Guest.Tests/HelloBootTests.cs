using System.Text.RegularExpressions;

namespace Emu.Guest.Tests;

/// <summary>hello.img (shared/guests) through the real <c>emu</c> program, as a user runs it.</summary>
[Collection(ProcessCollection.Name)]
public sealed partial class HelloBootTests
{
    [Fact]
    public void HelloFloppyPrintsExactlyEmuHelloAndEndsOnCliHlt()
    {
        using TempDirectory dir = new();
        string image = GuestImages.CopyTo("hello.img", dir.Path);

        EmuProcess.Result result = EmuProcess.Run(dir.Path, "-fda", image, "-display", "none", "-serial", "stdio", "-no-reboot");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("EMU-HELLO\r\n", result.Output);
        Assert.Contains("halted with interrupts disabled", result.StandardError);
    }

    [Fact]
    public void NographicShowsTheBiosScreenTextAndCom1()
    {
        using TempDirectory dir = new();
        string image = GuestImages.CopyTo("hello.img", dir.Path);

        EmuProcess.Result result = EmuProcess.Run(dir.Path, "-fda", image, "-nographic", "-no-reboot");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("\u001Bc\u001B[?7l\u001B[2J", result.Output);
        // Each character twice, the INT 10h copy (lazy by one, as SeaBIOS's serial console) before the
        // COM1 copy; the last INT 10h 'O' stays held because no timer tick comes after cli; hlt.
        // QEMU 7.2 + SeaBIOS 1.16.2 end their output with exactly these bytes.
        Assert.EndsWith("Booting from Floppy...\r\nEEMMUU--HHEELLLLO\r\n", result.Output);
    }

    [Fact]
    public void TheSameBootCodeAsAnMbrBootsFromTheHardDisk()
    {
        using TempDirectory dir = new();
        byte[] disk = new byte[10 << 20];
        File.ReadAllBytes(GuestImages.Require("hello.img")).AsSpan(0, 512).CopyTo(disk);
        string path = Path.Combine(dir.Path, "disk.img");
        File.WriteAllBytes(path, disk);

        EmuProcess.Result result = EmuProcess.Run(dir.Path, "-drive", $"file={path},format=raw,if=ide,index=0", "-display", "none", "-serial", "stdio", "-no-reboot", "-boot", "c");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("EMU-HELLO\r\n", result.Output);
    }

    [Fact]
    public void HdaShortFormBootsTheSameMbr()
    {
        using TempDirectory dir = new();
        byte[] disk = new byte[10 << 20];
        File.ReadAllBytes(GuestImages.Require("hello.img")).AsSpan(0, 512).CopyTo(disk);
        string path = Path.Combine(dir.Path, "disk.img");
        File.WriteAllBytes(path, disk);

        EmuProcess.Result result = EmuProcess.Run(dir.Path, "-hda", path, "-display", "none", "-serial", "stdio", "-no-reboot");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("EMU-HELLO\r\n", result.Output);
    }

    [Fact]
    public void TwoDeterministicRunsAreIdentical()
    {
        using TempDirectory dir = new();
        string image = GuestImages.CopyTo("hello.img", dir.Path);
        string[] args = ["-fda", image, "-nographic", "-no-reboot", "-rtc", "base=2024-03-05T12:34:56", "--print-instructions"];

        EmuProcess.Result first = EmuProcess.Run(dir.Path, args);
        EmuProcess.Result second = EmuProcess.Run(dir.Path, args);

        Assert.Equal(first.StandardOutput, second.StandardOutput);
        long count = InstructionCount(first.StandardError);
        Assert.True(count > 0);
        Assert.Equal(count, InstructionCount(second.StandardError));
    }

    [Fact]
    public void DemoGuestRunsTwiceWithTheSameOutputAndCount()
    {
        using TempDirectory dir = new();
        string[] args = ["-display", "none", "-serial", "stdio", "-rtc", "base=2024-03-05T12:34:56", "--print-instructions"];

        EmuProcess.Result first = EmuProcess.Run(dir.Path, args);
        EmuProcess.Result second = EmuProcess.Run(dir.Path, args);

        Assert.Contains("this line comes from COM1", first.Output);
        Assert.Equal(first.StandardOutput, second.StandardOutput);
        Assert.Equal(InstructionCount(first.StandardError), InstructionCount(second.StandardError));
    }

    private static long InstructionCount(string stderr)
    {
        Match match = CountLine().Match(stderr);
        Assert.True(match.Success, $"no instruction count in: {stderr}");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"emu: (\d+) instructions executed")]
    private static partial Regex CountLine();
}
