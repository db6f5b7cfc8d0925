namespace Emu.Monitor.Tests.Nbd;

/// <summary>Whole-image copies through the export with nbdcopy and qemu-img are identical to the source.</summary>
public sealed class NbdCopyTests
{
    [Fact]
    public async Task NbdcopyFromRawExportIsIdentical()
    {
        using ScratchDirectory scratch = new();
        string source = scratch.PatternedRaw("disk.img", 24 * 1024 * 1024);
        await using EmuNbdHost emu = new();
        emu.ExportRaw("d0", source, writable: false);

        string copy = scratch.File("copy.img");
        ExternalTool.Check("nbdcopy", emu.Uri("d0"), copy);
        ExternalTool.Check("qemu-img", "compare", "-f", "raw", "-F", "raw", source, copy);
    }

    [Fact]
    public async Task QemuImgConvertFromRawExportIsIdentical()
    {
        using ScratchDirectory scratch = new();
        string source = scratch.PatternedRaw("disk.img", 24 * 1024 * 1024);
        await using EmuNbdHost emu = new();
        emu.ExportRaw("d0", source, writable: false);

        string copy = scratch.File("copy.qcow2");
        ExternalTool.Check("qemu-img", "convert", "-f", "raw", "-O", "qcow2", emu.Uri("d0"), copy);
        ExternalTool.Check("qemu-img", "compare", "-f", "qcow2", "-F", "raw", copy, source);
        ExternalTool.Check("qemu-img", "compare", "-f", "raw", emu.Uri("d0"), source);
    }

    [Fact]
    public async Task NbdcopyIntoWritableExportLandsInTheImage()
    {
        using ScratchDirectory scratch = new();
        string source = scratch.PatternedRaw("source.img", 16 * 1024 * 1024);
        string target = scratch.File("target.img");
        ExternalTool.Check("qemu-img", "create", "-q", "-f", "raw", target, "16M");
        using (FileStream junk = new(target, FileMode.Open, FileAccess.Write))
        {
            // Junk where the source has a hole: nbdcopy must zero it.
            junk.Position = 4 * 1024 * 1024;
            junk.Write(Enumerable.Repeat((byte)0xee, 65536).ToArray());
        }

        await using (EmuNbdHost emu = new())
        {
            emu.ExportRaw("t", target, writable: true);
            ExternalTool.Check("nbdcopy", source, emu.Uri("t"));
        }

        ExternalTool.Check("qemu-img", "compare", "-f", "raw", "-F", "raw", source, target);
    }
}
