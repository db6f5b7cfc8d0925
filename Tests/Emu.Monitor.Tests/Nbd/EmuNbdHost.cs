using System.Net;
using Emu.Devices.Block;
using Emu.Monitor.Nbd;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>An <see cref="NbdServer"/> on 127.0.0.1 (an ephemeral port) with the backends it exports.</summary>
internal sealed class EmuNbdHost : IAsyncDisposable
{
    private readonly List<IBlockBackend> _backends = new();

    public EmuNbdHost()
    {
        Server.Start(NbdEndpoint.Inet("127.0.0.1", "0"));
        Port = ((IPEndPoint)Server.LocalEndPoint!).Port;
    }

    public NbdServer Server { get; } = new();

    public int Port { get; }

    public List<string> Deleted { get; } = new();

    public string Uri(string name) => $"nbd://127.0.0.1:{Port}/{name}";

    public IBlockBackend ExportRaw(string name, string path, bool writable, string? description = null)
    {
        RawImage image = RawImage.Open(path, readOnly: !writable);
        _backends.Add(image);
        Server.AddExport(name, image, writable, description);
        return image;
    }

    /// <summary>Opens an image as -drive would (locking off: QEMU may hold the same file in a test).</summary>
    public IBlockBackend ExportImage(string name, string path, string format, bool writable, string? description = null)
    {
        IBlockBackend image = BlockImage.Open(path, new BlockOpenOptions { Format = format, ReadOnly = !writable, Locking = false });
        _backends.Add(image);
        Server.AddExport(name, image, writable, description);
        return image;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        foreach (IBlockBackend backend in _backends)
        {
            backend.Dispose();
        }
    }
}
