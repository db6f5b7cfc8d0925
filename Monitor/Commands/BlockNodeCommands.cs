using Emu.Devices.Storage;
using Emu.Monitor.Block;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>
/// query-named-block-nodes (QEMU 7.2 block/qapi.c bdrv_named_nodes_list): every block node.
/// Emu opens an image as one node (format and file in one), so each medium in a drive is one
/// entry, named as <c>-blockdev</c>/<c>node-name=</c> named it; flat makes no difference because
/// Emu's nodes have no backing images to leave out.
/// </summary>
public static class BlockNodeCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddOnMachine("query-named-block-nodes", () => json.NamedBlockNodesArguments, () => json.ListBlockDeviceInfo, (c, _) => Nodes(c.Services.Drives));
    }

    private static List<BlockDeviceInfo> Nodes(DriveTable drives)
    {
        List<BlockDeviceInfo> nodes = [];
        foreach (BlockDrive drive in drives.Drives)
        {
            if (drive.Medium is { } medium)
            {
                nodes.Add(BlockInfoBuilder.Inserted(drives, medium));
            }
        }

        return nodes;
    }
}
