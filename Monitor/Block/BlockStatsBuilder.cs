using System.Text.Json.Nodes;
using Emu.Devices.Block;
using Emu.Devices.Storage;

namespace Emu.Monitor.Block;

/// <summary>
/// query-blockstats (QEMU 7.2 block/qapi.c qmp_query_blockstats, qapi/block-core.json BlockStats):
/// per drive, the device's own accounting (<see cref="BlockDrive.Stats"/>) on its format node, with
/// the file node under it as <c>parent</c>; with query-nodes, every node with node-level figures
/// only (QEMU counts requests per BlockBackend, so a node reports just its highest written
/// offset and, for a file, its discards). Emu opens an image and its file as one backend, and
/// the file node's figures come from the host file under it.
/// </summary>
public static class BlockStatsBuilder
{
    public static List<JsonObject> Build(DriveTable drives, bool queryNodes) => queryNodes ? Nodes(drives) : Devices(drives);

    /// <summary>Every drive a device uses or a name names (QEMU skips anonymous backends without a device).</summary>
    private static List<JsonObject> Devices(DriveTable drives)
    {
        List<JsonObject> result = [];
        foreach (BlockDrive drive in drives.Drives)
        {
            if (drive.Id.Length == 0 && !drive.HasDevice)
            {
                continue;
            }

            JsonObject entry = new() { ["device"] = drive.Id };
            if (drive.HasDevice)
            {
                entry["qdev"] = drive.AttachedDeviceId;
            }

            if (drive.Medium is { } medium)
            {
                entry["node-name"] = drives.NodeName(medium);
            }

            entry["stats"] = Stats(drive.Stats, drive.Medium?.HighestWriteEnd ?? 0);
            if (drive.Medium is { } m && m.File is { } file)
            {
                entry["parent"] = FileNode(drives.FileNodeName(m), file);
            }

            result.Add(entry);
        }

        return result;
    }

    /// <summary>Each format node with its file node as parent, then the file node itself, as QEMU lists nodes it opened in that order.</summary>
    private static List<JsonObject> Nodes(DriveTable drives)
    {
        List<JsonObject> result = [];
        foreach (BlockDrive drive in drives.Drives)
        {
            if (drive.Medium is not { } medium)
            {
                continue;
            }

            JsonObject format = new() { ["node-name"] = drives.NodeName(medium), ["stats"] = Stats(null, medium.HighestWriteEnd) };
            if (medium.File is { } file)
            {
                result.Add(FileNode(drives.FileNodeName(medium), file));
                format["parent"] = FileNode(drives.FileNodeName(medium), file);
            }

            result.Add(format);
        }

        return result;
    }

    private static JsonObject FileNode(string name, HostFile file) => new()
    {
        ["node-name"] = name,
        ["stats"] = Stats(null, file.Written.Value),
        ["driver-specific"] = new JsonObject
        {
            ["driver"] = "file",
            ["discard-nb-ok"] = file.DiscardsOk,
            ["discard-nb-failed"] = file.DiscardsFailed,
            ["discard-bytes-ok"] = file.DiscardBytesOk,
        },
    };

    /// <summary>BlockDeviceStats: a device's counters, or a node's (all zero but the highest write, accounting flags off).</summary>
    private static JsonObject Stats(BlockAccounting? device, long highestWrite)
    {
        JsonObject stats = new()
        {
            ["rd_bytes"] = device?.Bytes(BlockIoKind.Read) ?? 0,
            ["wr_bytes"] = device?.Bytes(BlockIoKind.Write) ?? 0,
            ["unmap_bytes"] = 0,
            ["rd_operations"] = device?.Operations(BlockIoKind.Read) ?? 0,
            ["wr_operations"] = device?.Operations(BlockIoKind.Write) ?? 0,
            ["flush_operations"] = device?.Operations(BlockIoKind.Flush) ?? 0,
            ["unmap_operations"] = 0,
            ["rd_total_time_ns"] = device?.TotalTimeNs(BlockIoKind.Read) ?? 0,
            ["wr_total_time_ns"] = device?.TotalTimeNs(BlockIoKind.Write) ?? 0,
            ["flush_total_time_ns"] = device?.TotalTimeNs(BlockIoKind.Flush) ?? 0,
            ["unmap_total_time_ns"] = 0,
            ["wr_highest_offset"] = highestWrite,
            ["rd_merged"] = 0,
            ["wr_merged"] = 0,
            ["unmap_merged"] = 0,
        };
        if (device?.IdleTimeNs is { } idle)
        {
            stats["idle_time_ns"] = idle;
        }

        stats["failed_rd_operations"] = device?.FailedOperations(BlockIoKind.Read) ?? 0;
        stats["failed_wr_operations"] = device?.FailedOperations(BlockIoKind.Write) ?? 0;
        stats["failed_flush_operations"] = device?.FailedOperations(BlockIoKind.Flush) ?? 0;
        stats["failed_unmap_operations"] = 0;
        stats["invalid_rd_operations"] = device?.InvalidOperations(BlockIoKind.Read) ?? 0;
        stats["invalid_wr_operations"] = device?.InvalidOperations(BlockIoKind.Write) ?? 0;
        stats["invalid_flush_operations"] = device?.InvalidOperations(BlockIoKind.Flush) ?? 0;
        stats["invalid_unmap_operations"] = 0;

        // A BlockBackend accounts invalid and failed requests by default (blk_new); a bare node has no accounting.
        stats["account_invalid"] = device is not null;
        stats["account_failed"] = device is not null;
        stats["timed_stats"] = new JsonArray();
        return stats;
    }
}
