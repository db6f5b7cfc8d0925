namespace Emu.Monitor.Tests.Nbd;

/// <summary>qcow2 exports (with an internal snapshot present) copy exactly and map as QEMU maps them (nbd.md §4.7).</summary>
public sealed class NbdQcow2Tests
{
    [Fact]
    public async Task CopiesOfQcow2ExportWithSnapshotAreIdentical()
    {
        using ScratchDirectory scratch = new();
        string image = MakeQcow2(scratch, "disk.qcow2");
        await using EmuNbdHost emu = new();
        emu.ExportImage("d0", image, "qcow2", writable: false);

        string viaNbdcopy = scratch.File("nbdcopy.img");
        ExternalTool.Check("nbdcopy", emu.Uri("d0"), viaNbdcopy);
        ExternalTool.Check("qemu-img", "compare", "-f", "qcow2", "-F", "raw", image, viaNbdcopy);

        string viaConvert = scratch.File("convert.qcow2");
        ExternalTool.Check("qemu-img", "convert", "-f", "raw", "-O", "qcow2", emu.Uri("d0"), viaConvert);
        ExternalTool.Check("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", image, viaConvert);
    }

    [Fact]
    public async Task MapOfQcow2ExportMatchesQemu()
    {
        using ScratchDirectory scratch = new();
        string image = MakeQcow2(scratch, "disk.qcow2");
        string qemuCopy = scratch.File("qemu.qcow2");
        File.Copy(image, qemuCopy);

        int port = QemuReference.FreePort();
        using QemuReference qemu = new(scratch, "-drive", $"file={qemuCopy},if=none,id=d0,format=qcow2");
        qemu.StartNbd(port);
        qemu.AddExport("d0");
        await using EmuNbdHost emu = new();
        emu.ExportImage("d0", image, "qcow2", writable: false);

        string expected = ExternalTool.Check("nbdinfo", "--map", $"nbd://127.0.0.1:{port}/d0");
        string actual = ExternalTool.Check("nbdinfo", "--map", emu.Uri("d0"));
        Assert.Equal(expected, actual);
        Assert.Contains("hole,zero", actual);

        string expectedMap = ExternalTool.Check("qemu-img", "map", "--output=json", "-f", "raw", $"nbd://127.0.0.1:{port}/d0");
        string actualMap = ExternalTool.Check("qemu-img", "map", "--output=json", "-f", "raw", emu.Uri("d0"));
        Assert.Equal(expectedMap, actualMap);
    }

    [Fact]
    public async Task WritesThroughQcow2ExportLandInTheImage()
    {
        using ScratchDirectory scratch = new();
        string image = MakeQcow2(scratch, "disk.qcow2");
        await using (EmuNbdHost emu = new())
        {
            emu.ExportImage("d0", image, "qcow2", writable: true);
            ExternalTool.Check("qemu-io", "-f", "raw", emu.Uri("d0"), "-c", "write -P 0x5a 5M 128k", "-c", "write -z 0 64k");
        }

        ExternalTool.Check("qemu-img", "check", image);
        string check = ExternalTool.Check("qemu-io", "-f", "qcow2", "-r", image, "-c", "read -P 0x5a 5M 128k", "-c", "read -P 0 0 64k", "-c", "read -P 0x11 64k 64k");
        Assert.DoesNotContain("Pattern verification failed", check);
        Assert.Contains("snap1", ExternalTool.Check("qemu-img", "snapshot", "-l", image));
    }

    /// <summary>A 32 MiB qcow2 with data, a zeroed cluster and an internal snapshot taken before later writes.</summary>
    internal static string MakeQcow2(ScratchDirectory scratch, string name)
    {
        string path = scratch.File(name);
        ExternalTool.Check("qemu-img", "create", "-q", "-f", "qcow2", path, "32M");
        ExternalTool.Check("qemu-io", "-f", "qcow2", path, "-c", "write -P 0x11 0 1M", "-c", "write -P 0x22 8M 192k");
        ExternalTool.Check("qemu-img", "snapshot", "-c", "snap1", path);
        ExternalTool.Check("qemu-io", "-f", "qcow2", path, "-c", "write -P 0x33 16M 64k", "-c", "write -z 8M 64k", "-c", "write -P 0x44 512k 4k");
        return path;
    }
}
