using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Emu.Monitor.Nbd;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>Start, add, remove and stop as QMP drives them, with QEMU's error texts (nbd.md §6, §8.2).</summary>
public sealed class NbdServerControlTests
{
    [Fact]
    public async Task StopReturnsPromptlyWithAClientStuckInTheHandshake()
    {
        using ScratchDirectory scratch = new();
        EmuNbdHost emu = new();
        await using EmuNbdHost disposer = emu;
        emu.ExportRaw("d0", scratch.PatternedRaw("disk.img", 1024 * 1024), writable: false);
        List<string> deleted = new();
        emu.Server.ExportDeleted += deleted.Add;

        using NbdRawClient stuck = new(emu.Port);
        stuck.Receive(18);
        using NbdRawClient serving = new(emu.Port);
        serving.Open("d0");

        Task stop = emu.Server.StopAsync();
        Task finished = await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(stop, finished);
        await stop;

        Assert.Equal(new[] { "d0" }, deleted);
        Assert.True(stuck.IsClosedByServer());
        Assert.True(serving.IsClosedByServer());
        Assert.False(emu.Server.IsRunning);

        // The port is free again, and the server can start again on it.
        emu.Server.Start(NbdEndpoint.Inet("127.0.0.1", emu.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(emu.Port, ((IPEndPoint)emu.Server.LocalEndPoint!).Port);
    }

    [Fact]
    public async Task ErrorsUseQemuTexts()
    {
        using ScratchDirectory scratch = new();
        using Devices.Block.RawImage image = Devices.Block.RawImage.Open(scratch.PatternedRaw("disk.img", 1024 * 1024), readOnly: true);
        await using NbdServer server = new();
        Assert.Equal("NBD server not running", Assert.Throws<NbdServerException>(() => server.AddExport("d0", image, false)).Message);
        Assert.Equal("NBD server not running", (await Assert.ThrowsAsync<NbdServerException>(() => server.StopAsync())).Message);
        Assert.Equal("Export 'x' is not found", Assert.Throws<NbdServerException>(() => server.RemoveExport("x", NbdRemoveMode.Safe)).Message);

        server.Start(NbdEndpoint.Inet("127.0.0.1", "0"));
        int port = ((IPEndPoint)server.LocalEndPoint!).Port;
        Assert.Equal("NBD server already running", Assert.Throws<NbdServerException>(() => server.Start(NbdEndpoint.Inet("127.0.0.1", "0"))).Message);
        await using (NbdServer other = new())
        {
            NbdServerException inUse = Assert.Throws<NbdServerException>(() => other.Start(NbdEndpoint.Inet("127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.Equal("Failed to find an available port: Address already in use", inUse.Message);
        }

        server.AddExport("d0", image, false);
        Assert.Equal("Block export id 'd0' is already in use", Assert.Throws<NbdServerException>(() => server.AddExport("d0", image, false)).Message);
        Assert.Equal("Invalid block export id", Assert.Throws<NbdServerException>(() => server.AddExport(string.Empty, image, false)).Message);
        string longName = new('n', 4097);
        Assert.Equal($"export name '{longName}' too long", Assert.Throws<NbdServerException>(() => server.AddExport(longName, image, false)).Message);

        // The same backend may be exported twice under different names; writable on a read-only medium is read-only.
        NbdExport second = server.AddExport("other", image, writable: true);
        Assert.False(second.IsWritable);
        Assert.Equal(0x058f, second.TransmissionFlags(structured: true));
    }

    [Fact]
    public async Task SafeRemoveRefusesWhileInUseAndHardRemoveClosesClients()
    {
        using ScratchDirectory scratch = new();
        await using EmuNbdHost emu = new();
        emu.ExportRaw("hd", scratch.PatternedRaw("disk.img", 1024 * 1024), writable: false);
        emu.ExportRaw("hd2", scratch.PatternedRaw("disk2.img", 1024 * 1024), writable: false);
        List<string> deleted = new();
        emu.Server.ExportDeleted += name =>
        {
            lock (deleted)
            {
                deleted.Add(name);
            }
        };

        using NbdRawClient client = new(emu.Port);
        client.Open("hd");
        Assert.Equal("export 'hd' still in use", Assert.Throws<NbdServerException>(() => emu.Server.RemoveExport("hd", NbdRemoveMode.Safe)).Message);
        client.SendRequest(0, 0, 1, 0, 512);
        Assert.Equal(1, client.ReadReply().Type);

        emu.Server.RemoveExport("hd2", NbdRemoveMode.Safe);
        Assert.Equal(new[] { "hd2" }, deleted);

        emu.Server.RemoveExport("hd", NbdRemoveMode.Hard);
        Assert.True(client.IsClosedByServer());
        Stopwatch waited = Stopwatch.StartNew();
        while (deleted.Count < 2 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        Assert.Equal(new[] { "hd2", "hd" }, deleted);
        Assert.Equal("Export 'hd' is not found", Assert.Throws<NbdServerException>(() => emu.Server.RemoveExport("hd", NbdRemoveMode.Hard)).Message);
        ToolResult info = ExternalTool.Run("nbdinfo", emu.Uri("hd"));
        Assert.Contains("No such file or directory for export: hd", info.StandardError);
    }

    [Fact]
    public async Task MaxConnectionsHoldsFurtherClientsUntilOneLeaves()
    {
        using ScratchDirectory scratch = new();
        using Devices.Block.RawImage image = Devices.Block.RawImage.Open(scratch.PatternedRaw("disk.img", 1024 * 1024), readOnly: true);
        await using NbdServer server = new();
        server.Start(NbdEndpoint.Inet("127.0.0.1", "0"), maxConnections: 1);
        server.AddExport("d0", image, false);
        int port = ((IPEndPoint)server.LocalEndPoint!).Port;

        NbdRawClient first = new(port);
        first.Open("d0");
        using NbdRawClient second = new(port);
        Task<byte[]> greeting = Task.Run(() => second.Receive(18));
        Assert.NotSame(greeting, await Task.WhenAny(greeting, Task.Delay(300)));
        first.Dispose();
        Assert.Equal(18, (await greeting).Length);
    }

    [Fact]
    public async Task UnixSocketEndpointServesAndIsRemovedOnStop()
    {
        using ScratchDirectory scratch = new();
        string socketPath = scratch.File("nbd.sock");
        using Devices.Block.RawImage image = Devices.Block.RawImage.Open(scratch.PatternedRaw("disk.img", 2 * 1024 * 1024), readOnly: true);
        NbdServer server = new();
        server.Start(NbdEndpoint.Unix(socketPath));
        server.AddExport("d0", image, false);

        string size = ExternalTool.Check("nbdinfo", "--size", $"nbd+unix:///d0?socket={socketPath}");
        Assert.Equal("2097152", size.Trim());
        await server.StopAsync();
        Assert.False(File.Exists(socketPath));
        using Socket probe = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Assert.Throws<SocketException>(() => probe.Connect(new UnixDomainSocketEndPoint(socketPath)));
    }
}
