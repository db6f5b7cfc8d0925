using System.Buffers.Binary;
using System.Diagnostics;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>
/// Many clients misbehaving at once while others copy and write: the server keeps serving and
/// the image afterwards holds exactly the acknowledged writes (nbd.md §4.8).
/// </summary>
public sealed class NbdRobustnessTests
{
    private const int Size = 32 * 1024 * 1024;
    private const int Writers = 4;

    [Fact]
    public async Task ChurningClientsDisturbNeitherCopiesNorWrites()
    {
        using ScratchDirectory scratch = new();
        string readOnly = scratch.PatternedRaw("ro.img", Size);
        string writable = scratch.PatternedRaw("rw.img", Size);
        byte[] model = File.ReadAllBytes(writable);
        await using EmuNbdHost emu = new();
        emu.ExportRaw("r", readOnly, writable: false);
        emu.ExportRaw("w", writable, writable: true);

        using CancellationTokenSource churnStop = new();
        // The raw clients block on their sockets, so each gets its own thread rather than
        // starving the thread pool the in-process server runs on.
        Task[] churners = Enumerable.Range(0, 32).Select(i => OnOwnThread(() => Churn(emu.Port, i, churnStop.Token))).ToArray();
        Task[] writers = Enumerable.Range(0, Writers).Select(i => OnOwnThread(() => Write(emu.Port, i, model))).ToArray();
        Task<string>[] copies = Enumerable.Range(0, 2).Select(i => Task.Factory.StartNew(
            () =>
            {
                string target = scratch.File($"copy{i}.img");
                ExternalTool.Check("nbdcopy", emu.Uri("r"), target);
                return target;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        await Task.WhenAll(writers);
        string[] copied = await Task.WhenAll(copies);
        churnStop.Cancel();
        await Task.WhenAll(churners);

        foreach (string copy in copied)
        {
            ExternalTool.Check("qemu-img", "compare", "-f", "raw", "-F", "raw", readOnly, copy);
        }

        // Still serving: a fresh client reads the writable export as the model says.
        string after = scratch.File("after.img");
        ExternalTool.Check("nbdcopy", emu.Uri("w"), after);
        Assert.True(model.AsSpan().SequenceEqual(File.ReadAllBytes(after)), "the export differs from the acknowledged writes");
        await emu.Server.StopAsync();
        Assert.True(model.AsSpan().SequenceEqual(File.ReadAllBytes(writable)), "the image differs from the acknowledged writes");
    }

    private static Task OnOwnThread(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Writes into its own quarter of the image; every fourth write is cut off mid-payload and must not land.</summary>
    private static void Write(int port, int writer, byte[] model)
    {
        Random random = new(writer);
        int regionStart = writer * (Size / Writers);
        NbdRawClient client = new(port);
        client.Open("w");
        try
        {
            for (int i = 0; i < 60; i++)
            {
                int length = random.Next(1, 64) * 1024;
                int offset = regionStart + (random.Next(0, ((Size / Writers) - length) / 512) * 512);
                byte[] data = new byte[length];
                random.NextBytes(data);
                if (i % 4 == 3)
                {
                    // Disconnect in the middle of the payload: nothing may be written.
                    client.SendRequest(1, 0, (ulong)i, (ulong)offset, (uint)length, data.AsSpan(0, length / 2).ToArray());
                    client.Dispose();
                    client = new NbdRawClient(port);
                    client.Open("w");
                    continue;
                }

                ushort type = i % 5 == 1 ? (ushort)6 : (ushort)1;
                client.SendRequest(type, (ushort)(i % 2), (ulong)i, (ulong)offset, (uint)length, type == 1 ? data : null);
                NbdRawReply reply = client.ReadReply();
                Assert.Equal((ulong)i, reply.Cookie);
                Assert.Equal(0u, reply.Errno);
                if (type == 1)
                {
                    data.CopyTo(model, offset);
                }
                else
                {
                    Array.Clear(model, offset, length);
                }
            }
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Connects and misbehaves in one of several ways, over and over, until told to stop.</summary>
    private static void Churn(int port, int seed, CancellationToken stop)
    {
        Random random = new(1000 + seed);
        Stopwatch started = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested && started.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                using NbdRawClient client = new(port);
                switch (random.Next(7))
                {
                    case 0:
                        break;
                    case 1:
                        client.Receive(10);
                        break;
                    case 2:
                        client.Handshake();
                        client.Send(new byte[] { 0x49, 0x48, 0x41 });
                        break;
                    case 3:
                        client.Handshake();
                        client.SendOption(1234, new byte[100]);
                        client.ReadOptionReply();
                        break;
                    case 4:
                        client.Open(random.Next(2) == 0 ? "r" : "w");
                        client.SendRequest(0, 0, 1, (ulong)random.Next(0, Size - 65536), 65536);
                        break;
                    case 5:
                        client.Open("r");
                        client.SendRequest(0, 0, 1, 0, 4096, magic: 0xdeadbeef);
                        client.ReadReply();
                        break;
                    default:
                        client.Open("r");
                        client.SendRequest(0, 0, 2, (ulong)Size - 512, 4096);
                        Assert.Equal(22u, client.ReadReply().Errno);
                        byte[] disc = new byte[28];
                        BinaryPrimitives.WriteUInt32BigEndian(disc, 0x25609513);
                        BinaryPrimitives.WriteUInt16BigEndian(disc.AsSpan(6), 2);
                        client.Send(disc);
                        break;
                }
            }
            catch (Exception failure) when (failure is System.Net.Sockets.SocketException or EndOfStreamException)
            {
                // The churner's own abrupt behaviour may cut its connection; the server must not care.
            }

            Thread.Sleep(random.Next(0, 5));
        }
    }
}
