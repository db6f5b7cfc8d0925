using System.Text.Json;
using System.Text.Json.Nodes;
using Emu.Devices.Block;
using Emu.Devices.Storage;
using Emu.Monitor.Block;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>
/// The block graph commands libvirt uses to change a CD (QEMU 7.2 blockdev.c, block/qapi-sysemu.c):
/// blockdev-add (file, raw and qcow2 nodes; the file child by name or nested), blockdev-del and
/// blockdev-insert-medium, over <see cref="BlockdevNodes"/>. The image opens when its format node
/// is added, as QEMU opens it; every error is QEMU's text and leaves the graph as it was.
/// </summary>
public static class BlockdevCommands
{
    /// <summary>QEMU 7.2's BlockdevDriver names: the ones Emu lacks are refused as unsupported, others as unknown.</summary>
    public static readonly IReadOnlySet<string> QemuDrivers = new HashSet<string>
    {
        "blkdebug", "blklogwrites", "blkreplay", "blkverify", "bochs", "cloop", "compress", "copy-before-write",
        "copy-on-read", "dmg", "file", "snapshot-access", "ftp", "ftps", "gluster", "host_cdrom", "host_device",
        "http", "https", "iscsi", "luks", "nbd", "nfs", "null-aio", "null-co", "nvme", "parallels", "preallocate",
        "qcow", "qcow2", "qed", "quorum", "raw", "rbd", "replication", "ssh", "throttle", "vdi", "vhdx", "vmdk",
        "vpc", "vvfat",
    };

    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddOnMachine("blockdev-add", () => json.BlockdevAddArguments, () => json.QmpEmpty, (c, a) =>
        {
            Add(c.Services, a, isRoot: true);
            return QmpEmpty.Instance;
        });
        registry.AddOnMachine("blockdev-del", () => json.BlockdevDelArguments, () => json.QmpEmpty, (c, a) =>
        {
            Delete(c.Services.Drives, a.NodeName);
            return QmpEmpty.Instance;
        });
        registry.AddOnMachine("blockdev-insert-medium", () => json.InsertMediumArguments, () => json.QmpEmpty, (c, a) =>
        {
            Insert(c.Services.Drives, a.Id, a.NodeName);
            return QmpEmpty.Instance;
        });
    }

    /// <summary>Adds a node (and a nested file child first); returns its name.</summary>
    private static string Add(MonitorServices services, BlockdevAddArguments args, bool isRoot)
    {
        DriveTable drives = services.Drives;
        if (!QemuDrivers.Contains(args.Driver))
        {
            throw Fail($"Parameter 'driver' does not accept value '{args.Driver}'");
        }

        if (args.Driver is not ("file" or "raw" or "qcow2"))
        {
            throw Fail($"Block driver '{args.Driver}' is not supported by Emu (file, raw and qcow2 are)");
        }

        if (args.NodeName is null && isRoot)
        {
            throw Fail("'node-name' must be specified for the root node");
        }

        string name = args.NodeName ?? drives.Nodes.AutoName();
        if (drives.Nodes.Contains(name) || drives.FindByNodeName(name) is not null)
        {
            throw Fail($"Duplicate nodes with node-name='{name}'");
        }

        if (args.Backing is { } backing && backing.GetValueKind() != JsonValueKind.Null)
        {
            throw Fail("Emu opens no backing files (backing must be null)");
        }

        if (args.Driver == "file")
        {
            string fileName = args.Filename ?? throw Fail("Parameter 'filename' is missing");
            if (!File.Exists(fileName))
            {
                throw Fail($"Could not open '{fileName}': No such file or directory");
            }

            drives.Nodes.AddFile(name, fileName);
            return name;
        }

        string file = args.File switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonObject nested => Add(services, nested.Deserialize(QmpJsonContext.Default.BlockdevAddArguments)!, isRoot: false),
            _ => throw Fail("Parameter 'file' is missing"),
        };
        if (!drives.Nodes.TryGetFile(file, out string? path) || path is null)
        {
            throw Fail($"Cannot find device='{file}' nor node-name='{file}'");
        }

        IBlockBackend medium = services.OpenImage(path, args.Driver, args.ReadOnly ?? false);
        drives.NameNode(medium, name);
        drives.Nodes.UseFile(name, file);
        drives.Nodes.AddDetached(name, medium);
        return name;
    }

    private static void Delete(DriveTable drives, string name)
    {
        if (drives.FindByNodeName(name) is not null)
        {
            throw Fail($"Node {name} is in use");
        }

        if (drives.Nodes.Delete(name) is { } error)
        {
            throw Fail(error);
        }
    }

    /// <summary>QEMU qmp_blockdev_insert_medium: the device by qdev id, its tray open and empty; the node unused.</summary>
    private static void Insert(DriveTable drives, string id, string name)
    {
        BlockDrive drive = drives.GetByDeviceOrId(null, id);
        if (drives.FindByNodeName(name) is not null)
        {
            throw Fail($"Node '{name}' is already in use");
        }

        if (!drives.Nodes.Contains(name))
        {
            throw Fail($"Node '{name}' not found");
        }

        if (!drive.IsRemovable)
        {
            throw Fail($"Device '{id}' is not removable");
        }

        if (drive.HasTray && !drive.IsTrayOpen)
        {
            throw Fail("Tray of the device is not open");
        }

        if (drive.HasMedium)
        {
            throw Fail("There already is a medium in the device");
        }

        IBlockBackend medium = drives.Nodes.TakeDetached(name) ?? throw Fail($"Node '{name}' not found");
        MediaOperations.InsertMedium(drive, medium);
    }

    private static QmpException Fail(string text) => new(QmpError.Generic(text));
}
