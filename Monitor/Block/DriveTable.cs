using System.Runtime.CompilerServices;
using Emu.Devices.Block;
using Emu.Devices.Storage;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Block;

/// <summary>
/// The machine's drives as QMP names them (spec qmp.md 6): by drive name (<c>ide0-hd0</c>, an
/// <c>id=</c>), by qdev id or QOM path, and by block node name. Node names are generated per
/// medium as QEMU's <c>#blockNNN</c>. The list is fixed at start; lookups are thread-safe.
/// </summary>
public sealed class DriveTable
{
    private readonly ConditionalWeakTable<IBlockBackend, string> _nodeNames = new();
    private readonly ConditionalWeakTable<IBlockBackend, string> _fileNodeNames = new();
    private int _nextNode = 100;

    public DriveTable(IReadOnlyList<BlockDrive> drives)
    {
        Drives = drives;
        foreach (BlockDrive drive in drives)
        {
            // -drive node-name=: the name of the drive's first medium; later media get generated names.
            if (drive.NodeName is { } name && drive.Medium is { } medium)
            {
                _nodeNames.AddOrUpdate(medium, name);
            }
        }
    }

    /// <summary>The named nodes outside the drives (blockdev-add, blockdev-remove-medium).</summary>
    public BlockdevNodes Nodes { get; } = new();

    /// <summary>Gives a medium the node name a client chose (blockdev-add node-name=).</summary>
    public void NameNode(IBlockBackend medium, string name) => _nodeNames.AddOrUpdate(medium, name);

    /// <summary>Whether the medium's node name was chosen by a user rather than made up (#blockNNN).</summary>
    public bool HasUserNodeName(IBlockBackend medium) => _nodeNames.TryGetValue(medium, out string? name) && !name.StartsWith('#');

    /// <summary>The drive whose medium is node <paramref name="name"/>, or null.</summary>
    public BlockDrive? FindByNodeName(string name) =>
        Drives.FirstOrDefault(d => d.Medium is { } medium && _nodeNames.TryGetValue(medium, out string? n) && n == name);

    /// <summary>Keeps media open while exports use them; a drive's old medium closes through it.</summary>
    public MediumHolds Media { get; } = new();

    /// <summary>Drives in creation (command-line) order, as query-block lists them.</summary>
    public IReadOnlyList<BlockDrive> Drives { get; }

    /// <summary>QEMU blk_by_name: a named drive (anonymous ones have no name).</summary>
    public BlockDrive? FindByName(string name)
    {
        if (name.Length == 0)
        {
            return null;
        }

        foreach (BlockDrive drive in Drives)
        {
            if (drive.Id == name)
            {
                return drive;
            }
        }

        return null;
    }

    /// <summary>QEMU find_device_state: a qdev id or a QOM path.</summary>
    public BlockDrive? FindByQdev(string id)
    {
        foreach (BlockDrive drive in Drives)
        {
            if (drive.QdevId == id || drive.QomPath == id)
            {
                return drive;
            }
        }

        return null;
    }

    /// <summary>The name of the file node under a medium: the one blockdev-add gave, else made up on first use as QEMU's #blockN.</summary>
    public string FileNodeName(IBlockBackend medium) =>
        Nodes.FileOf(NodeName(medium)) ?? _fileNodeNames.GetValue(medium, _ => Nodes.AutoName());

    /// <summary>The node name of a medium, made up on first use.</summary>
    public string NodeName(IBlockBackend medium) =>
        _nodeNames.GetValue(medium, _ => "#block" + Interlocked.Add(ref _nextNode, 17).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// QEMU qmp_get_blk: exactly one of a drive name (DeviceNotFound if unknown) and a qdev id.
    /// Throws <see cref="QmpException"/> with QEMU's error.
    /// </summary>
    public BlockDrive GetByDeviceOrId(string? device, string? id)
    {
        if ((device is null) == (id is null))
        {
            throw new QmpException(QmpError.Generic("Need exactly one of 'device' and 'id'"));
        }

        BlockDrive? drive = id is not null ? FindByQdev(id) : FindByName(device!);
        return drive ?? throw new QmpException(QmpError.DeviceNotFound(id ?? device!));
    }

    /// <summary>
    /// QEMU bdrv_lookup_bs(device, device): a drive name (which must hold a medium) or a node name.
    /// Returns the drive and its medium.
    /// </summary>
    public (BlockDrive Drive, IBlockBackend Medium) GetMediumByDeviceOrNode(string device)
    {
        BlockDrive? byName = FindByName(device);
        if (byName is not null)
        {
            IBlockBackend? medium = byName.Medium;
            return medium is null
                ? throw new QmpException(QmpError.Generic($"Device '{device}' has no medium"))
                : (byName, medium);
        }

        foreach (BlockDrive drive in Drives)
        {
            if (drive.Medium is { } medium && NodeName(medium) == device)
            {
                return (drive, medium);
            }
        }

        throw new QmpException(QmpError.Generic($"Cannot find device='{device}' nor node-name='{device}'"));
    }
}
