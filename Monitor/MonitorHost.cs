using System.Net;
using System.Text.Json.Nodes;
using Emu.Devices.Storage;
using Emu.Monitor.Block;
using Emu.Monitor.Commands;
using Emu.Monitor.Machine;
using Emu.Monitor.Qmp;
using Emu.Monitor.Server;

namespace Emu.Monitor;

/// <summary>
/// The QMP monitors of one machine: binds every endpoint at <see cref="Start"/>, serves clients on
/// the thread pool, reports tray moves of the drives as DEVICE_TRAY_MOVED, and gives the App an
/// event sink (<see cref="Events"/>). <see cref="DisposeAsync"/> runs the stop work, stops
/// accepting, flushes what is queued to each client (e.g. the quit reply) and closes every
/// connection.
/// </summary>
public sealed class MonitorHost : IAsyncDisposable
{
    private readonly List<MonitorListener> _listeners;
    private readonly List<Task> _loops = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly IReadOnlyList<BlockDrive> _drives;
    private int _disposed;

    private MonitorHost(MonitorServices services, List<MonitorListener> listeners, IReadOnlyList<BlockDrive> drives)
    {
        Services = services;
        _listeners = listeners;
        _drives = drives;
        Events = new MachineEvents(services.Events);
    }

    public MonitorServices Services { get; }

    /// <summary>Where the App reports SHUTDOWN (guest power-off, SIGTERM/SIGINT), guest RESET and STOP.</summary>
    public MachineEvents Events { get; }

    /// <summary>Bound socket addresses in monitor order (null for stdio).</summary>
    public IReadOnlyList<EndPoint?> LocalEndPoints => _listeners.Select(l => l.LocalEndPoint).ToList();

    /// <summary>
    /// Binds every monitor and starts serving. Throws <see cref="MonitorOptionException"/> when an
    /// address cannot be bound (nothing is left listening then).
    /// </summary>
    public static MonitorHost Start(MonitorHostOptions options)
    {
        DriveTable drives = new(options.Drives);
        foreach ((string format, string file, string fileName) in options.BlockdevFiles)
        {
            drives.Nodes.AddFile(file, fileName);
            drives.Nodes.UseFile(format, file);
        }
        ImageOpener openImage = options.OpenImage ?? new DefaultImageOpener(options.Log).Open;
        MonitorServices services = new(
            options.Commands ?? BuiltinCommands.CreateRegistry(),
            options.Machine,
            drives,
            new QmpEventHub(),
            MonitorIdentity.Default(options.Name),
            openImage)
        {
            Screen = options.Screen,
            Input = options.Input,
            Display = options.Display,
            Pci = options.Pci,
            Description = options.Description,
            Endpoints = options.Monitors,
        };
        List<MonitorListener> listeners = new();
        try
        {
            foreach (MonitorEndpoint endpoint in options.Monitors)
            {
                listeners.Add(MonitorListener.Bind(endpoint, options.Pretty, services, options.Log));
            }
        }
        catch
        {
            foreach (MonitorListener listener in listeners)
            {
                // Not running yet: closing only disposes the socket.
                listener.CloseAsync().GetAwaiter().GetResult();
            }

            throw;
        }

        MonitorHost host = new(services, listeners, options.Drives);
        foreach (BlockDrive drive in options.Drives)
        {
            drive.TrayMoved += host.OnTrayMoved;
            drive.IoError += host.OnIoError;
        }

        foreach (MonitorListener listener in listeners)
        {
            host._loops.Add(Task.Run(() => listener.RunAsync(host._stop.Token)));
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (BlockDrive drive in _drives)
        {
            drive.TrayMoved -= OnTrayMoved;
            drive.IoError -= OnIoError;
        }

        // Stop work first, while clients are still connected: QEMU sends what it reports (one
        // BLOCK_EXPORT_DELETED per NBD export) after SHUTDOWN and before EOF (nbd.md 8.1).
        await Services.RunStopHooksAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_listeners.Select(listener => listener.CloseAsync())).ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>QAPI BLOCK_IO_ERROR: device, node-name, operation, action, nospace (only for ENOSPC), reason.</summary>
    private void OnIoError(object? sender, BlockIoErrorEventArgs e)
    {
        JsonObject data = new()
        {
            ["device"] = e.Drive.Id,
            ["node-name"] = e.Drive.Medium is { } medium ? Services.Drives.NodeName(medium) : string.Empty,
            ["operation"] = e.Write ? "write" : "read",
            ["action"] = e.Action switch
            {
                BlockErrorAction.Ignore => "ignore",
                BlockErrorAction.Stop => "stop",
                _ => "report",
            },
        };
        if (e.NoSpace)
        {
            data["nospace"] = true;
        }

        data["reason"] = e.Reason;
        Services.Events.Emit("BLOCK_IO_ERROR", data);
    }

    private void OnTrayMoved(object? sender, TrayMovedEventArgs e) =>
        Services.Events.Emit("DEVICE_TRAY_MOVED", new JsonObject
        {
            ["device"] = e.Drive.Id,
            ["tray-open"] = e.TrayOpen,
            ["id"] = e.Drive.AttachedDeviceId,
        });
}
