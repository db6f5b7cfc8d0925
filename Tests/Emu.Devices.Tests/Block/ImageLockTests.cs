using System.Diagnostics;
using Emu.Devices.Block;

namespace Emu.Devices.Tests.Block;

/// <summary>QEMU's image-locking protocol, tested against qemu-img and qemu-io in both directions (image-locking.md).</summary>
public sealed class ImageLockTests
{
    [Fact]
    public void QemuToolsRefuseAQcow2ImageEmuWrites()
    {
        using TempDirectory dir = new();
        string image = dir.File("held.qcow2");
        QemuTools.Img("create", "-q", "-f", "qcow2", image, "1M");
        using (BlockImage.Open(image, new BlockOpenOptions { Format = "qcow2" }))
        {
            (int exit, _, string error) = QemuTools.Run("qemu-img", "info", image);
            Assert.Equal(1, exit);
            Assert.Contains($"Could not open '{image}': Failed to get shared \"write\" lock", error);
            Assert.Contains($"Is another process using the image [{image}]?", error);

            QemuTools.Ok("qemu-img", "info", "-U", image);
            QemuTools.Ok("qemu-img", "check", "-U", image);

            (exit, _, error) = QemuTools.Run("qemu-io", "-c", "read 0 512", image);
            Assert.Equal(1, exit);
            Assert.Contains("Failed to get \"write\" lock", error);

            (exit, _, error) = QemuTools.Run("qemu-io", "-r", "-c", "read 0 512", image);
            Assert.Equal(1, exit);
            Assert.Contains("Failed to get shared \"write\" lock", error);
        }

        QemuTools.Ok("qemu-img", "info", image);
    }

    [Fact]
    public void QemuIoRefusesToWriteARawImageEmuWrites()
    {
        using TempDirectory dir = new();
        string image = dir.File("held.raw");
        QemuTools.Img("create", "-q", "-f", "raw", image, "1M");
        using (BlockImage.Open(image, new BlockOpenOptions { Format = "raw" }))
        {
            (int exit, _, string error) = QemuTools.Run("qemu-io", "-f", "raw", "-c", "read 0 512", image);
            Assert.Equal(1, exit);
            Assert.Contains($"can't open device {image}: Failed to get \"write\" lock", error);
            Assert.Contains($"Is another process using the image [{image}]?", error);
            QemuTools.Ok("qemu-io", "-r", "-f", "raw", "-c", "read 0 512", image);
            QemuTools.Ok("qemu-img", "info", image);
        }

        QemuTools.Ok("qemu-io", "-f", "raw", "-c", "read 0 512", image);
    }

    [Fact]
    public void ReadOnlyEmuSharesWithReaders()
    {
        using TempDirectory dir = new();
        string image = dir.File("ro.qcow2");
        QemuTools.Img("create", "-q", "-f", "qcow2", image, "1M");
        using IBlockBackend first = BlockImage.Open(image, new BlockOpenOptions { ReadOnly = true });
        using IBlockBackend second = BlockImage.Open(image, new BlockOpenOptions { ReadOnly = true });
        QemuTools.Ok("qemu-img", "info", image);
        QemuTools.Ok("qemu-io", "-r", "-c", "read 0 512", image);
        (int exit, _, string error) = QemuTools.Run("qemu-io", "-c", "read 0 512", image);
        Assert.Equal(1, exit);
        Assert.Contains("Failed to get \"write\" lock", error);
        BlockException e = Assert.Throws<BlockException>(() => BlockImage.Open(image, new BlockOpenOptions()));
        Assert.Equal("Failed to get \"write\" lock", e.Reason);
    }

    [Theory]
    [InlineData("qcow2", false, "Failed to get \"write\" lock")]
    [InlineData("qcow2", true, "Failed to get shared \"write\" lock")]
    [InlineData("raw", false, "Failed to get shared \"write\" lock")]
    public void EmuRefusesAnImageQemuWrites(string format, bool emuReadOnly, string reason)
    {
        using TempDirectory dir = new();
        string image = dir.File("busy." + format);
        QemuTools.Img("create", "-q", "-f", format, image, "1M");
        using Process holder = StartHolder(image, format, readOnly: false);
        try
        {
            BlockException e = Assert.Throws<BlockException>(() => BlockImage.Open(image, new BlockOpenOptions { Format = format, ReadOnly = emuReadOnly }));
            Assert.Equal(reason, e.Reason);
            Assert.Equal($"Is another process using the image [{image}]?", e.Hint);
            Assert.Equal($"Could not open '{image}': {reason}", e.Message);
            using IBlockBackend shared = BlockImage.Open(image, new BlockOpenOptions { Format = format, ReadOnly = true, ForceShare = true });
            Assert.Equal(1L << 20, shared.Length);
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }

        using IBlockBackend after = BlockImage.Open(image, new BlockOpenOptions { Format = format });
    }

    [Fact]
    public void EmuReadsBesideAReadOnlyQemuButCannotWrite()
    {
        using TempDirectory dir = new();
        string image = dir.File("shared.qcow2");
        QemuTools.Img("create", "-q", "-f", "qcow2", image, "1M");
        using Process holder = StartHolder(image, "qcow2", readOnly: true);
        try
        {
            using (BlockImage.Open(image, new BlockOpenOptions { ReadOnly = true }))
            {
            }

            BlockException e = Assert.Throws<BlockException>(() => BlockImage.Open(image, new BlockOpenOptions()));
            Assert.Equal("Failed to get \"write\" lock", e.Reason);
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }
    }

    [Fact]
    public void TwoWritersInOneProcessConflict()
    {
        using TempDirectory dir = new();
        string image = dir.File("twice.raw");
        QemuTools.Img("create", "-q", "-f", "raw", image, "1M");
        using IBlockBackend first = BlockImage.Open(image, new BlockOpenOptions { Format = "raw" });
        BlockException e = Assert.Throws<BlockException>(() => BlockImage.Open(image, new BlockOpenOptions { Format = "raw" }));
        Assert.Equal("Failed to get \"write\" lock", e.Reason);
        using IBlockBackend unlocked = BlockImage.Open(image, new BlockOpenOptions { Format = "raw", Locking = false });
    }

    [Fact]
    public void ForceShareNeedsReadOnly()
    {
        using TempDirectory dir = new();
        string image = dir.File("fs.raw");
        QemuTools.Img("create", "-q", "-f", "raw", image, "1M");
        BlockException e = Assert.Throws<BlockException>(() => BlockImage.Open(image, new BlockOpenOptions { ForceShare = true }));
        Assert.Equal("force-share=on can only be used with read-only images", e.Reason);
    }

    /// <summary>
    /// Starts qemu-io holding the image open and waits until its first command has run: qemu-io runs
    /// commands only after the open, and QEMU takes every permission lock during the open (its
    /// perms are final then), so the locks are all in place once the read's report is printed. A
    /// holder seen by its first lock alone could still be taking the others (a race under load).
    /// stdbuf keeps qemu-io's report from waiting in a pipe buffer.
    /// </summary>
    private static Process StartHolder(string image, string format, bool readOnly)
    {
        ProcessStartInfo info = new("stdbuf") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-o0", "qemu-io" })
        {
            info.ArgumentList.Add(a);
        }

        foreach (string a in readOnly ? new[] { "-r" } : [])
        {
            info.ArgumentList.Add(a);
        }

        // The sleep (milliseconds) outlasts any test; the test kills the holder when it is done.
        foreach (string a in new[] { "-f", format, "-c", "read 0 512", "-c", "sleep 3600000", image })
        {
            info.ArgumentList.Add(a);
        }

        Process p = Process.Start(info)!;
        string? line = p.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("read 512/512 bytes", StringComparison.Ordinal))
        {
            p.Kill();
            Assert.Fail($"qemu-io did not open the image: {line} {p.StandardError.ReadToEnd()}");
        }

        return p;
    }
}
