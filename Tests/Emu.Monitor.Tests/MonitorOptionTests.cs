using System.Net;
using Emu.Monitor.Server;
using Emu.Monitor.Tests.Support;

namespace Emu.Monitor.Tests;

/// <summary>QEMU's -qmp / -chardev / -mon spellings, where sockets are bound and how they are protected.</summary>
public sealed class MonitorOptionTests
{
    [Fact]
    public void QmpAndChardevMonSpellingsBecomeEndpoints()
    {
        MonitorCommandLine line = new();
        line.AddQmp("tcp:127.0.0.1:4444,server=on,wait=off");
        line.AddQmp("unix:/tmp/x.sock,server,nowait");
        line.AddQmp("stdio");
        line.AddChardev("socket,id=mon0,path=/tmp/y.sock,server=on,wait=off");
        line.AddMon("chardev=mon0,mode=control,pretty=on");
        Assert.Equal(
            new[]
            {
                new MonitorEndpoint(MonitorTransport.Tcp, "127.0.0.1", 4444, null) { Label = "compat_monitor0" },
                new MonitorEndpoint(MonitorTransport.Unix, null, 0, "/tmp/x.sock") { Label = "compat_monitor1" },
                new MonitorEndpoint(MonitorTransport.Stdio, null, 0, null) { Label = "compat_monitor2" },
                new MonitorEndpoint(MonitorTransport.Unix, null, 0, "/tmp/y.sock", true) { Label = "mon0" },
            },
            line.Endpoints);
    }

    [Theory]
    [InlineData("tcp:127.0.0.1:4444")]
    [InlineData("tcp:127.0.0.1:4444,server=on")]
    [InlineData("vc")]
    [InlineData("tcp:127.0.0.1:99999,server=on,wait=off")]
    public void UnsupportedQmpValuesAreRefusedClearly(string value)
    {
        MonitorOptionException e = Assert.Throws<MonitorOptionException>(() => new MonitorCommandLine().AddQmp(value));
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadlineMonitorIsRefused()
    {
        MonitorCommandLine line = new();
        line.AddChardev("socket,id=m,path=/tmp/z.sock,server=on,wait=off");
        Assert.Throws<MonitorOptionException>(() => line.AddMon("chardev=m"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task UnixSocketIsCreatedOwnerOnlyAndTcpIsBoundWhereAsked()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde, new[] { "tcp:127.0.0.1:0,server=on,wait=off", "unix:" + Path.GetTempPath() + "emuqmp-mode.sock,server=on,wait=off" });
        IPEndPoint tcp = Assert.IsType<IPEndPoint>(target.Host.LocalEndPoints[0]);
        Assert.Equal(IPAddress.Loopback, tcp.Address);
        Assert.NotEqual(0, tcp.Port);
        string path = Path.GetTempPath() + "emuqmp-mode.sock";
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(QmpTestClient.Unix(path));
    }

    [Fact]
    public async Task AddressInUseFailsAtStartWithAClearMessage()
    {
        await using EmuTarget first = EmuTarget.Start(SessionConfig.FourIde, new[] { "tcp:127.0.0.1:0,server=on,wait=off" });
        int port = ((IPEndPoint)first.Host.LocalEndPoints[0]!).Port;
        MonitorOptionException e = Assert.Throws<MonitorOptionException>(() => EmuTarget.Start(SessionConfig.FourIde, new[] { $"tcp:127.0.0.1:{port},server=on,wait=off" }));
        Assert.Contains("Failed to bind socket", e.Message, StringComparison.Ordinal);
    }
}
