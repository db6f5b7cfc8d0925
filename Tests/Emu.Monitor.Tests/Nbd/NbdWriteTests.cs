namespace Emu.Monitor.Tests.Nbd;

/// <summary>Writes through an export with qemu-io land in the image; read-only exports refuse them as QEMU does.</summary>
public sealed class NbdWriteTests
{
    [Fact]
    public async Task QemuIoWriteLandsInTheImage()
    {
        using ScratchDirectory scratch = new();
        string image = scratch.PatternedRaw("disk.img", 8 * 1024 * 1024);
        await using (EmuNbdHost emu = new())
        {
            emu.ExportRaw("d0", image, writable: true);
            ExternalTool.Check("qemu-io", "-f", "raw", emu.Uri("d0"), "-c", "write -P 0x5a 1M 64k", "-c", "write -z 2M 64k");
            string read = ExternalTool.Check("qemu-io", "-f", "raw", emu.Uri("d0"), "-c", "read -P 0x5a 1M 64k", "-c", "read -P 0 2M 64k");
            Assert.DoesNotContain("Pattern verification failed", read);
        }

        string check = ExternalTool.Check("qemu-io", "-f", "raw", "-r", image, "-c", "read -P 0x5a 1M 64k", "-c", "read -P 0 2M 64k");
        Assert.DoesNotContain("Pattern verification failed", check);
        Assert.Contains("read 65536/65536 bytes at offset 1048576", check);
    }

    [Fact]
    public async Task QemuIoRefusesToOpenReadOnlyExportForWriting()
    {
        using ScratchDirectory scratch = new();
        string image = scratch.PatternedRaw("disk.img", 8 * 1024 * 1024);
        await using EmuNbdHost emu = new();
        emu.ExportRaw("d0", image, writable: false);

        ToolResult result = ExternalTool.Run("qemu-io", "-f", "raw", emu.Uri("d0"), "-c", "write 0 512");
        Assert.Contains("Permission denied", result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task WriteToReadOnlyExportGetsEinvalAndTheConnectionStaysUsable()
    {
        using ScratchDirectory scratch = new();
        string image = scratch.PatternedRaw("disk.img", 8 * 1024 * 1024);
        byte[] before = File.ReadAllBytes(image);
        await using EmuNbdHost emu = new();
        emu.ExportRaw("d0", image, writable: false);

        using NbdRawClient client = new(emu.Port);
        Assert.Equal(0x058f, client.Open("d0"));
        client.SendRequest(1, 0, 7, 0, 512, Enumerable.Repeat((byte)'x', 512).ToArray());
        NbdRawReply reply = client.ReadReply();
        Assert.Equal(22u, reply.Errno);
        Assert.Equal("Export is read-only", reply.Message);
        Assert.Equal(7ul, reply.Cookie);

        client.SendRequest(0, 0, 8, 0, 512);
        NbdRawReply read = client.ReadReply();
        Assert.Equal(1, read.Type);
        Assert.Equal(before.AsSpan(0, 512).ToArray(), read.Payload.AsSpan(8).ToArray());
        Assert.Equal(before, File.ReadAllBytes(image));
    }
}
