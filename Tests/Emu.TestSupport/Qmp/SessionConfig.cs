using Emu.Devices.Block;
using Emu.Devices.Storage;

namespace Emu.TestSupport.Qmp;

/// <summary>
/// One machine configuration given to both QEMU (as command-line options) and Emu (as drives built
/// the way the App builds them from the same options).
/// </summary>
public sealed class SessionConfig
{
    private readonly Func<string, IReadOnlyList<BlockDrive>> _buildDrives;

    private SessionConfig(string name, Func<string, string[]> qemuArgs, Func<string, IReadOnlyList<BlockDrive>> buildDrives)
    {
        Name = name;
        QemuArgs = qemuArgs;
        _buildDrives = buildDrives;
    }

    public string Name { get; }

    public Func<string, string[]> QemuArgs { get; }

    /// <summary>The four IDE drives of spec qmp.md 1: ide0-hd0 qcow2, ide0-hd1 raw, ide1-cd0 ISO, ide1-cd1 empty.</summary>
    public static SessionConfig FourIde { get; } = new(
        "four-ide",
        w => new[]
        {
            "-drive", $"file={w}/disk.qcow2,format=qcow2,if=ide,index=0",
            "-drive", $"file={w}/raw.img,format=raw,if=ide,index=1",
            "-drive", $"file={w}/cd.iso,format=raw,if=ide,index=2,media=cdrom",
            "-drive", "if=ide,index=3,media=cdrom",
        },
        w => new[]
        {
            new BlockDrive("ide0-hd0", DriveInterface.Ide, 0, DriveMedia.Disk, Open($"{w}/disk.qcow2", "qcow2", false)),
            new BlockDrive("ide0-hd1", DriveInterface.Ide, 1, DriveMedia.Disk, Open($"{w}/raw.img", "raw", false)),
            new BlockDrive("ide1-cd0", DriveInterface.Ide, 2, DriveMedia.Cdrom, OpenShared($"{w}/cd.iso")),
            new BlockDrive("ide1-cd1", DriveInterface.Ide, 3, DriveMedia.Cdrom, null),
        });

    /// <summary>
    /// qdev ids, an anonymous CD and a floppy: <c>-hda raw.img -fda floppy.img -drive if=none,id=cdback
    /// + -device ide-cd,drive=cdback,id=mycd -device ide-cd,id=emptycd</c>.
    /// </summary>
    public static SessionConfig QdevIds { get; } = new(
        "qdev-ids",
        w => new[]
        {
            "-drive", $"file={w}/raw.img,format=raw,if=ide,index=0",
            "-drive", $"file={w}/floppy.img,format=raw,if=floppy,index=0",
            "-drive", $"if=none,id=cdback,file={w}/cd.iso,format=raw,readonly=on",
            "-device", "ide-cd,drive=cdback,id=mycd,bus=ide.1,unit=0",
            "-device", "ide-cd,id=emptycd,bus=ide.1,unit=1",
        },
        w => new[]
        {
            new BlockDrive("ide0-hd0", DriveInterface.Ide, 0, DriveMedia.Disk, Open($"{w}/raw.img", "raw", false)),
            new BlockDrive("floppy0", DriveInterface.Floppy, 0, DriveMedia.Disk, Open($"{w}/floppy.img", "raw", false)),
            new BlockDrive("cdback", DriveInterface.None, 2, DriveMedia.Cdrom, OpenShared($"{w}/cd.iso")) { QdevId = "mycd" },
            new BlockDrive(string.Empty, DriveInterface.None, 3, DriveMedia.Cdrom, null) { QdevId = "emptycd" },
        });

    /// <summary>The configuration called <paramref name="name"/> (<see cref="Name"/>), as the rows of <see cref="ScriptedSessions"/> name them.</summary>
    public static SessionConfig Named(string name) =>
        new[] { FourIde, QdevIds }.SingleOrDefault(c => c.Name == name) ?? throw new ArgumentException($"no session configuration is called {name}", nameof(name));

    public IReadOnlyList<BlockDrive> BuildDrives(string workDirectory) => _buildDrives(workDirectory);

    /// <summary>A read-only CD medium, opened as the App opens <c>media=cdrom</c> drives (sharing write).</summary>
    private static IBlockBackend OpenShared(string path) =>
        BlockImage.Open(path, new BlockOpenOptions { Format = "raw", ReadOnly = true, ForceShare = true });

    private static IBlockBackend Open(string path, string format, bool readOnly) =>
        BlockImage.Open(path, new BlockOpenOptions { Format = format, ReadOnly = readOnly });
}
