using System.Diagnostics;

namespace Emu.Guest.Tests.ElTorito;

/// <summary>
/// A real floppy-emulation CD made only of Debian's packages: a 2.88 MB FAT floppy (dosfstools)
/// with SYSLINUX installed on it (syslinux, mtools), whose configuration boots hello.img through
/// memdisk (syslinux-common), as an xorriso El Torito boot image. SYSLINUX reads its files from
/// the emulated floppy through INT 13h drive 00h; memdisk then hooks INT 13h and E820 and boots
/// hello.img, which prints EMU-HELLO on COM1 and halts.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ElToritoRealCdTests
{
    private const string Config = "SERIAL 0 115200\nDEFAULT hello\nLABEL hello\n  KERNEL memdisk\n  INITRD hello.img\n  APPEND floppy\n";

    [Fact]
    public void SyslinuxFloppyCdBootsHelloThroughMemdisk()
    {
        using TempDirectory dir = new();
        string root = Path.Combine(dir.Path, "cd");
        Directory.CreateDirectory(root);
        string floppy = Path.Combine(root, "floppy.img");
        string config = Path.Combine(dir.Path, "syslinux.cfg");
        File.WriteAllText(config, Config);
        Run("mkfs.fat", "-C", floppy, "2880");
        Run("syslinux", "--install", floppy);
        Run("mcopy", "-i", floppy, config, "/usr/lib/syslinux/memdisk", GuestImages.Require("hello.img"), "::");
        string iso = Path.Combine(dir.Path, "floppy-cd.iso");
        ElToritoMedia.Xorriso("-o", iso, "-b", "floppy.img", "-c", "boot.cat", root);

        EmuProcess.Result result = EmuProcess.Run(dir.Path, "-cdrom", iso, "-boot", "d", "-display", "none", "-serial", "stdio", "-no-reboot");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("SYSLINUX 6.04", result.Output);
        Assert.Contains("Loading memdisk... ok", result.Output);
        Assert.EndsWith("EMU-HELLO\r\n", result.Output);
        Assert.DoesNotContain("not supported", result.StandardError);
        Assert.DoesNotContain("Could not read from CDROM", result.StandardError + result.Output);
    }

    private static void Run(string program, params string[] args)
    {
        ProcessStartInfo start = new(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}{output}");
    }
}
