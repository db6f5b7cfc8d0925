using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Emu.Devices.Serial;

namespace Emu.Devices.Tests.Serial;

public sealed class SocketCharBackendTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void TcpClientReceivesOutputAndSendsInput()
    {
        using SocketCharBackend backend = SocketCharBackend.ListenTcp(IPAddress.Loopback, 0);
        backend.Write("dropped"u8); // no client yet: dropped, as QEMU's nowait server does
        using ManualResetEventSlim arrived = new();
        backend.InputAvailable = arrived.Set;

        using TcpClient client = new();
        client.Connect(backend.LocalEndPoint!);
        Assert.True(SpinWait.SpinUntil(() => backend.IsClientConnected, Patience));
        backend.Write("hello"u8);
        NetworkStream stream = client.GetStream();
        byte[] buffer = new byte[5];
        stream.ReadExactly(buffer);
        Assert.Equal("hello"u8.ToArray(), buffer);

        stream.Write("in"u8);
        Assert.True(arrived.Wait(Patience));
        Assert.Equal("in", ReadInput(backend, 2));
    }

    [Fact]
    public void SocatTalksToTheUnixSocket()
    {
        string path = Path.Combine(Path.GetTempPath(), $"emu-serial-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        using SocketCharBackend backend = SocketCharBackend.ListenUnix(path);
        ProcessStartInfo start = new("socat", ["-t", "2", "-", "UNIX-CONNECT:" + path])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using Process socat = Process.Start(start)!;
        Assert.True(SpinWait.SpinUntil(() => backend.IsClientConnected, Patience));
        socat.StandardInput.Write("ping");
        socat.StandardInput.Flush();
        Assert.Equal("ping", ReadInput(backend, 4));
        backend.Write("pong\n"u8);
        Assert.Equal("pong", socat.StandardOutput.ReadLine());
        socat.StandardInput.Close();
        Assert.True(socat.WaitForExit(Patience));
    }

    private static string ReadInput(SocketCharBackend backend, int length)
    {
        StringBuilder text = new();
        byte[] buffer = new byte[64];
        SpinWait.SpinUntil(
            () =>
            {
                int count = backend.Read(buffer);
                text.Append(Encoding.ASCII.GetString(buffer, 0, count));
                return text.Length >= length;
            },
            Patience);
        return text.ToString();
    }
}
