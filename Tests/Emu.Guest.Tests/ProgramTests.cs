namespace Emu.Guest.Tests;

/// <summary>The emu program's own behaviour: errors, help, version, the built-in demo, -bios.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ProgramTests
{
    [Fact]
    public void UnknownOptionIsOneLineAndExitCode1()
    {
        using TempDirectory dir = new();
        EmuProcess.Result result = EmuProcess.Run(dir.Path, "-foo");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("emu: -foo: invalid option\n", result.StandardError);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public void MissingImageIsOneLineAndExitCode1()
    {
        using TempDirectory dir = new();
        EmuProcess.Result result = EmuProcess.Run(dir.Path, "-hda", "nonexistent.img");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("emu: -hda nonexistent.img: Could not open 'nonexistent.img': No such file or directory\n", result.StandardError);
    }

    [Fact]
    public void HelpDescribesHowRunsEnd()
    {
        using TempDirectory dir = new();
        EmuProcess.Result result = EmuProcess.Run(dir.Path, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("-no-reboot", result.Output);
        Assert.Contains("halts with interrupts disabled", result.Output);
        Assert.Contains("--print-instructions", result.Output);
        Assert.Contains("--clock deterministic|realtime", result.Output);
    }

    [Fact]
    public void NoArgumentsBootsTheDemoGuest()
    {
        using TempDirectory dir = new();
        EmuProcess.Result result = EmuProcess.Run(dir.Path);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("this line comes from COM1", result.Output);
        Assert.Contains("this line comes from INT 10h", result.Output);
        // 18.2 Hz counted over one RTC second from the host clock: 18 or 19 edges depending on phase.
        Assert.Matches(@"PIT ticks \(IRQ0\) in one RTC second: (18|19) ", result.Output);
        Assert.Contains("Demo done", result.Output);
    }

    [Fact]
    public void ExternalFirmwareStartsAtTheResetVectorWithoutBiosServices()
    {
        using TempDirectory dir = new();
        // 64 KiB image: at its end (F000:FFF0) a far jump to F000:0000, which writes "FW" to port E9h and halts.
        byte[] image = new byte[0x10000];
        byte[] code = [0xB0, (byte)'F', 0xE6, 0xE9, 0xB0, (byte)'W', 0xE6, 0xE9, 0xFA, 0xF4];
        code.CopyTo(image, 0);
        byte[] reset = [0xEA, 0x00, 0x00, 0x00, 0xF0];
        reset.CopyTo(image, 0xFFF0);
        string path = Path.Combine(dir.Path, "fw.bin");
        File.WriteAllBytes(path, image);

        EmuProcess.Result result = EmuProcess.Run(dir.Path, "-bios", path, "-display", "none", "-debugcon", "stdio");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("FW", result.Output);
    }

    [Fact]
    public void BadFirmwareSizeIsRefusedLikeQemu()
    {
        using TempDirectory dir = new();
        string path = Path.Combine(dir.Path, "fw.bin");
        File.WriteAllBytes(path, new byte[1000]);
        EmuProcess.Result result = EmuProcess.Run(dir.Path, "-bios", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"emu: -bios {path}: could not load PC BIOS '{path}'\n", result.StandardError);
    }
}
