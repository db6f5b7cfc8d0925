using System.Diagnostics;

namespace Emu.Guest.Tests.Floppy;

/// <summary>
/// <c>-device floppy</c> (how libvirt 9.0 attaches a domain's floppy): a bad unit, a unit in use
/// and an unknown property end emu with QEMU 7.2's message, as qemu-system-i386 prints it for the
/// same command line. The working case boots a program from it (LibvirtDomainTests' ACPI domain).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class FloppyDeviceOptionTests
{
    [Theory]
    [InlineData("floppy,drive=f,unit=2")]
    [InlineData("floppy,drive=f,unit=0|floppy,drive=g,unit=0")]
    [InlineData("floppy,drive=f,bogus=1")]
    public void ErrorsAreQemus(string devices)
    {
        using TempDirectory dir = new();
        string image = dir.File("a.img");
        File.WriteAllBytes(image, new byte[1_474_560]);
        List<string> args = ["-machine", "pc", "-nodefaults", "-display", "none", "-S",
            "-drive", $"if=none,id=f,file={image},format=raw,readonly=on", "-drive", $"if=none,id=g,file={image},format=raw,readonly=on"];
        foreach (string device in devices.Split('|'))
        {
            args.AddRange(["-device", device]);
        }

        EmuProcess.Result emu = EmuProcess.Run(dir.Path, [.. args]);
        (int qemuExit, string qemuError) = RunQemu(dir.Path, args);
        Assert.Equal(1, qemuExit);
        Assert.Equal(qemuExit, emu.ExitCode);
        Assert.Equal(qemuError.Replace("qemu-system-i386: ", string.Empty, StringComparison.Ordinal), emu.StandardError.Replace("emu: ", string.Empty, StringComparison.Ordinal));
    }

    private static (int Exit, string Error) RunQemu(string directory, List<string> args)
    {
        ProcessStartInfo start = new("qemu-system-i386") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        args.ForEach(start.ArgumentList.Add);
        using Process qemu = Process.Start(start)!;
        Task<string> stderr = qemu.StandardError.ReadToEndAsync();
        qemu.StandardOutput.ReadToEnd();
        Assert.True(qemu.WaitForExit(TimeSpan.FromMinutes(2)), "qemu-system-i386 did not end");
        return (qemu.ExitCode, stderr.Result);
    }
}
