using System.Diagnostics;
using Xunit.Abstractions;

namespace Emu.Guest.Tests.Ide;

/// <summary>
/// The ide-hd properties, -global and the -drive options of issue 10 refuse bad values with
/// QEMU 7.2's text: each command line runs under the emu process and qemu-system-i386, both must
/// exit 1 with the same message (after the program name). Without QEMU the recorded texts are used.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class DiskOptionRefusalTests
{
    private const string NoneDrive = "if=none,id=d0,file=d.img,format=raw";
    private const string IdeDrive = "if=ide,file=d.img,format=raw";

    private readonly ITestOutputHelper _output;

    public DiskOptionRefusalTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string[], string> Refusals => new()
    {
        { ["-drive", NoneDrive, "-device", "ide-hd,drive=d0,heads=16"], "-device ide-hd,drive=d0,heads=16: cyls must be between 1 and 65535" },
        { ["-drive", NoneDrive, "-device", "ide-hd,drive=d0,cyls=100,heads=16,secs=256"], "-device ide-hd,drive=d0,cyls=100,heads=16,secs=256: secs must be between 1 and 255" },
        { ["-drive", NoneDrive, "-device", "ide-hd,drive=d0,cyls=100,heads=0x11,secs=63"], "-device ide-hd,drive=d0,cyls=100,heads=0x11,secs=63: heads must be between 1 and 16" },
        { ["-drive", NoneDrive, "-device", "ide-hd,drive=d0,bios-chs-trans=LBA"], "-device ide-hd,drive=d0,bios-chs-trans=LBA: Parameter 'bios-chs-trans' does not accept value 'LBA'" },
        { ["-drive", NoneDrive, "-device", "ide-hd,drive=d0,cyls=abc,heads=16,secs=63"], "-device ide-hd,drive=d0,cyls=abc,heads=16,secs=63: Parameter 'cyls' expects integer" },
        { ["-drive", NoneDrive, "-device", "ide-hd,drive=d0,heads=-1"], "-device ide-hd,drive=d0,heads=-1: Parameter 'heads' expects uint32_t" },
        { ["-drive", NoneDrive, "-device", "ide-hd,drive=d0,wwn=xyz"], "-device ide-hd,drive=d0,wwn=xyz: Parameter 'wwn' expects integer" },
        { ["-drive", NoneDrive, "-device", "ide-hd,drive=d0,foo=1"], "-device ide-hd,drive=d0,foo=1: Property 'ide-hd.foo' not found" },
        { ["-drive", NoneDrive, "-device", "ide-cd,drive=d0,cyls=4"], "-device ide-cd,drive=d0,cyls=4: Property 'ide-cd.cyls' not found" },
        { ["-drive", NoneDrive, "-device", "ide-hd,drive=d0", "-global", "ide-hd.foo=1"], "-device ide-hd,drive=d0: can't apply global ide-hd.foo=1: Property 'ide-hd.foo' not found" },
        { ["-drive", NoneDrive, "-device", "ide-hd,drive=d0", "-global", "ide-hd.bios-chs-trans=xx"], "-device ide-hd,drive=d0: can't apply global ide-hd.bios-chs-trans=xx: Parameter 'bios-chs-trans' does not accept value 'xx'" },
        { ["-drive", NoneDrive, "-device", "ide-hd,drive=d0", "-global", "ide-hd.heads=17"], "-device ide-hd,drive=d0: cyls must be between 1 and 65535" },
        { ["-drive", IdeDrive, "-global", "ide-hd.cyls=100", "-global", "ide-hd.heads=17", "-global", "ide-hd.secs=63"], "heads must be between 1 and 16" },
        { ["-drive", IdeDrive + ",file.locking=maybe"], $"-drive {IdeDrive},file.locking=maybe: invalid parameter value: maybe" },
        { ["-drive", IdeDrive + ",aio=foo"], $"-drive {IdeDrive},aio=foo: invalid aio option" },
        { ["-drive", IdeDrive + ",aio=native"], $"-drive {IdeDrive},aio=native: aio=native was specified, but it requires cache.direct=on, which was not specified." },
        { ["-drive", IdeDrive + ",werror=foo"], $"-drive {IdeDrive},werror=foo: 'foo' invalid write error action" },
        { ["-drive", IdeDrive + ",rerror=enospc"], $"-drive {IdeDrive},rerror=enospc: 'enospc' invalid read error action" },
        { ["-drive", "if=floppy,file=d.img,format=raw,werror=stop"], "-drive if=floppy,file=d.img,format=raw,werror=stop: werror is not supported by this bus type" },
        { ["-drive", IdeDrive + ",node-name=1abc"], $"-drive {IdeDrive},node-name=1abc: Invalid node-name: '1abc'" },
        { ["-drive", IdeDrive + ",node-name=abc,id=abc"], $"-drive {IdeDrive},node-name=abc,id=abc: Device name 'abc' conflicts with an existing node name" },
        { ["-drive", IdeDrive + ",id=x", "-drive", IdeDrive + ",id=x"], $"-drive {IdeDrive},id=x: Duplicate ID 'x' for drive" },
        { ["-drive", IdeDrive + ",node-name=x", "-drive", IdeDrive + ",node-name=x"], $"-drive {IdeDrive},node-name=x: Duplicate nodes with node-name='x'" },
        { ["-drive", IdeDrive + ",id=x", "-drive", IdeDrive + ",node-name=x"], $"-drive {IdeDrive},node-name=x: node-name=x is conflicting with a device id" },
        { ["-drive", IdeDrive + ",node-name=x", "-drive", IdeDrive + ",id=x"], $"-drive {IdeDrive},id=x: Device name 'x' conflicts with an existing node name" },
        { ["-drive", NoneDrive, "-device", "ide-cd,drive=d0,wwn=xyz"], "-device ide-cd,drive=d0,wwn=xyz: Parameter 'wwn' expects integer" },
        { ["-drive", NoneDrive, "-device", "ide-cd,drive=d0", "-global", "ide-cd.heads=4"], "-device ide-cd,drive=d0: can't apply global ide-cd.heads=4: Property 'ide-cd.heads' not found" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void RefusedWithQemusText(string[] args, string recorded)
    {
        using TempDirectory dir = new();
        using (FileStream disk = File.Create(dir.File("d.img")))
        {
            disk.SetLength(2L << 30);
        }

        string[] machine = ["-machine", "pc", "-nodefaults", "-display", "none", .. args];
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, machine);
        Assert.Equal(1, emu.ExitCode);
        Assert.StartsWith("emu: ", emu.StandardError, StringComparison.Ordinal);
        string emuText = emu.StandardError.Trim()["emu: ".Length..];
        if (!QemuRun.IsInstalled)
        {
            _output.WriteLine("qemu-system-i386 is not installed: compared with the text recorded from QEMU 7.2");
            Assert.Equal(recorded, emuText);
            return;
        }

        ProcessStartInfo start = new("qemu-system-i386") { WorkingDirectory = dir.Path, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in machine)
        {
            start.ArgumentList.Add(arg);
        }

        using Process qemu = Process.Start(start)!;
        string qemuError = qemu.StandardError.ReadToEnd();
        if (!qemu.WaitForExit(60_000))
        {
            qemu.Kill();
            Assert.Fail($"qemu-system-i386 {string.Join(' ', args)} started instead of refusing");
        }

        Assert.Equal(1, qemu.ExitCode);
        string qemuText = qemuError.Trim().Split('\n')[^1].Replace("qemu-system-i386: ", string.Empty, StringComparison.Ordinal);
        Assert.Equal(qemuText, emuText);
        Assert.Equal(recorded, emuText);
    }

    [Fact]
    public void CommonDriveOptionsAndDiskPropertiesAreAccepted()
    {
        using TempDirectory dir = new();
        string floppy = IdeMedia.Floppy(dir.Path, "geometry");
        string disk = GeometryDisk.Create(dir.File("disk.img"), 64L << 20, null);
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, "-machine", "pc", "-nodefaults", "-display", "none", "-serial", "stdio",
            "-boot", "a", "-drive", $"file={floppy},if=floppy,format=raw,readonly=on",
            "-drive", $"if=none,id=d0,file={disk},format=raw,file.locking=off,aio=io_uring,werror=stop,rerror=report,node-name=n0",
            "-global", "ide-hd.serial=GLOBAL", "-device", "ide-hd,drive=d0,bus=ide.0,unit=0,serial=EMU-1,model=Probe Disk,ver=1.0,wwn=0x5000c50015ea71ac");
        Assert.Equal(0, emu.ExitCode);
        Assert.EndsWith("DONE\n", emu.Output, StringComparison.Ordinal);
    }
}
