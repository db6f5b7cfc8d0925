using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Emu.Monitor.Nbd;
using Emu.Monitor.Server;
using Emu.Monitor.Tests.Nbd;
using Emu.TestSupport;

namespace Emu.Monitor.Tests.Server;

/// <summary>
/// The QMP and NBD listeners start and stop 1,000 times each while clients connect: a stop ends
/// the accept loop quietly (ordered shutdown: cancel, wait for the loop, then dispose the
/// socket), so nothing throws, no task faults and no task exception goes unobserved.
/// </summary>
public sealed class ListenerStressTests
{
    private const int Rounds = 1000;

    [Fact]
    public async Task QmpListenersStartAndStopWhileClientsConnect()
    {
        using TempDirectory dir = new();
        using UnobservedFaults faults = new();
        ConcurrentQueue<string> log = new();
        await using Hammer hammer = new();
        for (int round = 0; round < Rounds; round++)
        {
            MonitorEndpoint endpoint = round % 2 == 0
                ? new MonitorEndpoint(MonitorTransport.Unix, null, 0, dir.File($"qmp-{round % 4}.sock"))
                : new MonitorEndpoint(MonitorTransport.Tcp, "127.0.0.1", 0, null);
            MonitorHost host = MonitorHost.Start(new MonitorHostOptions
            {
                Monitors = [endpoint],
                Machine = new FakeMachine(),
                Drives = [],
                Log = log.Enqueue,
            });
            EndPoint address = endpoint.Transport == MonitorTransport.Unix ? new UnixDomainSocketEndPoint(endpoint.Path!) : host.LocalEndPoints[0]!;
            hammer.Target = address;
            if (round % 10 == 0)
            {
                // A client that is served: its greeting arrives before the stop.
                using Socket client = await Hammer.ConnectAsync(address);
                byte[] greeting = new byte[16];
                Assert.True(await client.ReceiveAsync(greeting) > 0);
            }

            await host.DisposeAsync();
        }

        Assert.True(hammer.Attempts > 0);
        Assert.DoesNotContain(log, line => line.Contains("accept failed", StringComparison.Ordinal));
        faults.AssertNone();
    }

    [Fact]
    public async Task NbdServersStartAndStopWhileClientsConnect()
    {
        using TempDirectory dir = new();
        using UnobservedFaults faults = new();
        ConcurrentQueue<string> log = new();
        await using Hammer hammer = new();
        for (int round = 0; round < Rounds; round++)
        {
            NbdServer server = new() { Log = log.Enqueue };
            NbdEndpoint endpoint = round % 2 == 0 ? NbdEndpoint.Unix(dir.File($"nbd-{round % 4}.sock")) : NbdEndpoint.Inet("127.0.0.1", "0");
            server.Start(endpoint, maxConnections: round % 3);
            EndPoint address = endpoint.IsUnix ? new UnixDomainSocketEndPoint(endpoint.Path!) : server.LocalEndPoint!;
            hammer.Target = address;
            if (round % 10 == 0)
            {
                // A client that is served: the newstyle greeting starts with "NBDMAGIC".
                using Socket client = await Hammer.ConnectAsync(address);
                byte[] magic = new byte[8];
                Assert.True(await client.ReceiveAsync(magic) > 0);
            }

            await server.StopAsync();
            Assert.False(server.IsRunning);
        }

        Assert.True(hammer.Attempts > 0);
        Assert.DoesNotContain(log, line => line.Contains("accept failed", StringComparison.Ordinal));
        faults.AssertNone();
    }

    /// <summary>A client that keeps connecting to the current listener (and drops each connection) until disposed.</summary>
    private sealed class Hammer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private volatile EndPoint? _target;
        private long _attempts;

        public Hammer()
        {
            _loop = Task.Run(RunAsync);
        }

        public EndPoint? Target
        {
            set => _target = value;
        }

        public long Attempts => Interlocked.Read(ref _attempts);

        /// <summary>
        /// Connects as a patient client would. A Unix socket whose backlog is full refuses at once
        /// with EAGAIN instead of queueing the caller as TCP does (connect(2), unix(7)), and the
        /// hammer can fill the backlog while the listener serves one connection at a time; so a
        /// refused attempt is tried again until the guard runs out.
        /// </summary>
        public static async Task<Socket> ConnectAsync(EndPoint address)
        {
            using CancellationTokenSource guard = new(TimeSpan.FromSeconds(30));
            while (true)
            {
                try
                {
                    return await ConnectOnceAsync(address, guard.Token);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain)
                {
                    await Task.Delay(1, guard.Token);
                }
            }
        }

        private static async Task<Socket> ConnectOnceAsync(EndPoint address, CancellationToken cancellation)
        {
            Socket socket = address is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(address, cancellation);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }

        private async Task RunAsync()
        {
            Stopwatch running = Stopwatch.StartNew();
            while (!_stop.IsCancellationRequested && running.Elapsed < TimeSpan.FromMinutes(2))
            {
                EndPoint? target = _target;
                if (target is null)
                {
                    await Task.Yield();
                    continue;
                }

                Interlocked.Increment(ref _attempts);
                try
                {
                    using CancellationTokenSource guard = new(TimeSpan.FromSeconds(30));
                    using Socket client = await ConnectOnceAsync(target, guard.Token);
                }
                catch (SocketException)
                {
                    // The listener was between a stop and the next start: the client's problem only.
                }
            }
        }
    }

    /// <summary>Collects the unobserved task exceptions raised from Emu.Monitor code while it lives.</summary>
    private sealed class UnobservedFaults : IDisposable
    {
        private readonly ConcurrentQueue<Exception> _faults = new();

        public UnobservedFaults()
        {
            TaskScheduler.UnobservedTaskException += OnUnobserved;
        }

        public void AssertNone()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.Empty(_faults);
        }

        public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

        private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.ToString().Contains("Emu.Monitor", StringComparison.Ordinal))
            {
                _faults.Enqueue(e.Exception);
            }
        }
    }
}
