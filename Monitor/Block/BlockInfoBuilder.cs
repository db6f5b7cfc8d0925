using Emu.Devices.Block;
using Emu.Devices.Storage;
using Emu.Monitor.Commands.Model;

namespace Emu.Monitor.Block;

/// <summary>Builds query-block's BlockInfo for each drive (spec qmp.md 5.6). Runs on the machine thread.</summary>
public static class BlockInfoBuilder
{
    private static readonly BlockCacheInfo WritebackCache = new(NoFlush: false, Direct: false, Writeback: true);

    public static List<BlockInfo> Build(DriveTable drives)
    {
        List<BlockInfo> list = new();
        foreach (BlockDrive drive in drives.Drives)
        {
            list.Add(Build(drives, drive));
        }

        return list;
    }

    public static BlockInfo Build(DriveTable drives, BlockDrive drive)
    {
        IBlockBackend? medium = drive.Medium;
        return new BlockInfo(
            IoStatus: drive.Interface == DriveInterface.Floppy || !drive.HasDevice ? null : "ok",
            Device: drive.Id,
            Locked: drive.IsMediumLocked,
            Removable: drive.IsRemovable,
            Inserted: medium is null ? null : Inserted(drives, medium),
            Qdev: drive.HasDevice ? drive.AttachedDeviceId : null,
            TrayOpen: drive.HasTray ? drive.IsTrayOpen : null,
            Type: "unknown");
    }

    /// <summary>One medium as a block node (query-block's inserted, query-named-block-nodes' entries).</summary>
    public static BlockDeviceInfo Inserted(DriveTable drives, IBlockBackend medium) => new(
        IopsRd: 0,
        DetectZeroes: "off",
        Image: Image(medium),
        IopsWr: 0,
        ReadOnly: medium.IsReadOnly,
        NodeName: drives.NodeName(medium),
        BackingFileDepth: 0,
        Driver: medium.Format,
        Iops: 0,
        BpsWr: 0,
        WriteThreshold: 0,
        Encrypted: false,
        Bps: 0,
        BpsRd: 0,
        Cache: WritebackCache,
        File: medium.FileName);

    private static ImageInfo Image(IBlockBackend medium)
    {
        List<SnapshotInfoResult>? snapshots = null;
        if (medium is IInternalSnapshots withSnapshots)
        {
            IReadOnlyList<SnapshotInfo> list = withSnapshots.ListSnapshots();
            if (list.Count > 0)
            {
                snapshots = list.Select(ToResult).ToList();
            }
        }

        // The open image's own header (an overlay's for snapshot=on), as QEMU's bdrv_query_image_info asks the driver.
        Qcow2Header? qcow2 = (medium as Qcow2Image)?.Header;
        FormatSpecificInfo? specific = qcow2 is null ? null : new FormatSpecificInfo(
            "qcow2",
            new Qcow2SpecificData(
                qcow2.Version >= 3 ? "1.1" : "0.10",
                qcow2.CompressionType == Qcow2Header.CompressionZstd ? "zstd" : "zlib",
                (qcow2.CompatibleFeatures & Qcow2Header.CompatLazyRefcounts) != 0,
                1 << qcow2.RefcountOrder,
                (qcow2.IncompatibleFeatures & Qcow2Header.IncompatCorrupt) != 0,
                (qcow2.IncompatibleFeatures & Qcow2Header.IncompatExtendedL2) != 0));
        return new ImageInfo(
            Snapshots: snapshots,
            VirtualSize: medium.Length,
            FileName: medium.FileName,
            ClusterSize: qcow2 is null ? null : 1L << qcow2.ClusterBits,
            Format: medium.Format,
            ActualSize: AllocatedSize(medium.FileName),
            FormatSpecific: specific,
            DirtyFlag: false);
    }

    public static SnapshotInfoResult ToResult(SnapshotInfo s) => new(
        VmClockNsec: s.VmClockNanoseconds % 1_000_000_000,
        Name: s.Name,
        DateSec: s.DateSeconds,
        DateNsec: s.DateNanoseconds,
        VmClockSec: s.VmClockNanoseconds / 1_000_000_000,
        Id: s.Id,
        VmStateSize: s.VmStateSize,
        Icount: s.InstructionCount);

    /// <summary>
    /// Host allocation of the image file. .NET exposes no st_blocks, so this is the file length
    /// rounded up to the 4 KiB file-system block; sparse files report more than QEMU would.
    /// </summary>
    private static long? AllocatedSize(string fileName)
    {
        try
        {
            long length = new FileInfo(fileName).Length;
            return (length + 4095) / 4096 * 4096;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
