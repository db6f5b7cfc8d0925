using System.Globalization;
using System.Text.Json;
using Emu.Devices.Block;

namespace Emu.Devices.Tests.Block;

/// <summary>
/// The VM state of a whole-machine snapshot lives in the qcow2 image as QEMU's savevm keeps it:
/// qemu-img lists its size, checks the image clean, and the disk contents of the snapshot stay
/// what they were.
/// </summary>
public sealed class Qcow2VmStateTests
{
    private const int Size = 8 * 1024 * 1024;

    [Theory]
    [InlineData("1.1", 65536)]
    [InlineData("0.10", 4096)]
    public void VmStateIsListedCheckedAndReadBack(string compat, int clusterSize)
    {
        using TempDirectory dir = new();
        string image = dir.File("vm.qcow2");
        QemuTools.Img("create", "-q", "-f", "qcow2", "-o", $"compat={compat},cluster_size={clusterSize}", image, Size.ToString(CultureInfo.InvariantCulture));
        byte[] state = MakeState(3 * 1024 * 1024 + 123, 42);
        byte[] disk = new byte[Size];
        new Random(7).NextBytes(disk.AsSpan(0, 1_000_000));
        using (IBlockBackend emu = BlockImage.Open(image, new BlockOpenOptions { Format = "qcow2" }))
        {
            IInternalSnapshots snapshots = (IInternalSnapshots)emu;
            emu.Write(0, disk);
            SnapshotInfo created = snapshots.CreateSnapshot("vm1", 1_700_000_000, 0, 5_000_000_000, state);
            Assert.Equal(state.Length, created.VmStateSize);
            Assert.Null(created.InstructionCount);
            emu.Write(0, new byte[65536]);
            Assert.Equal(state, snapshots.ReadVmState("vm1"));
        }

        QemuTools.AssertClean(image);
        using JsonDocument info = JsonDocument.Parse(QemuTools.Ok("qemu-img", "info", "--output=json", image));
        JsonElement listed = info.RootElement.GetProperty("snapshots")[0];
        Assert.Equal("vm1", listed.GetProperty("name").GetString());
        Assert.Equal(state.Length, listed.GetProperty("vm-state-size").GetInt64());
        Assert.Equal(disk, QemuTools.ConvertToRaw(image, dir.Path, "1"));

        using (IBlockBackend emu = BlockImage.Open(image, new BlockOpenOptions { Format = "qcow2" }))
        {
            IInternalSnapshots snapshots = (IInternalSnapshots)emu;
            Assert.Equal(state, snapshots.ReadVmState("1"));
            snapshots.RevertToSnapshot("vm1");
            byte[] back = new byte[Size];
            emu.Read(0, back);
            Assert.Equal(disk, back);

            // A second savevm after the revert, then the first one goes: nothing leaks.
            byte[] second = MakeState(200_000, 43);
            snapshots.CreateSnapshot("vm2", 1_700_000_100, 0, 6_000_000_000, second);
            snapshots.DeleteSnapshot(null, "vm1");
            Assert.Equal(second, snapshots.ReadVmState("vm2"));
        }

        QemuTools.AssertClean(image);
        Assert.Equal(disk, QemuTools.ConvertToRaw(image, dir.Path));
    }

    [Fact]
    public void DiskOnlySnapshotHasNoVmState()
    {
        using TempDirectory dir = new();
        string image = dir.File("disk.qcow2");
        QemuTools.Img("create", "-q", "-f", "qcow2", image, Size.ToString(CultureInfo.InvariantCulture));
        QemuTools.Img("snapshot", "-c", "offline", image);
        using IBlockBackend emu = BlockImage.Open(image, new BlockOpenOptions { Format = "qcow2", ReadOnly = true });
        Assert.Empty(((IInternalSnapshots)emu).ReadVmState("offline"));
    }

    /// <summary>Random bytes with an all-zero stretch in the middle (left unallocated).</summary>
    private static byte[] MakeState(int length, int seed)
    {
        byte[] state = new byte[length];
        new Random(seed).NextBytes(state);
        state.AsSpan(length / 3, length / 3).Clear();
        return state;
    }
}
