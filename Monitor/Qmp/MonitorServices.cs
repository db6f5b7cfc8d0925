using Emu.Monitor.Block;
using Emu.Monitor.Machine;

namespace Emu.Monitor.Qmp;

/// <summary>
/// Everything command handlers reach: the command registry, the machine, the drives, the event
/// hub and the identity the monitor reports. One per <see cref="MonitorHost"/>.
/// </summary>
public sealed class MonitorServices
{
    private readonly List<Func<ValueTask>> _stopHooks = new();
    private readonly Dictionary<Type, object> _state = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Server.MonitorEndpoint, string> _peers = new();
    private int _quitRequested;

    public MonitorServices(QmpCommandRegistry registry, IMachineControl machine, DriveTable drives, QmpEventHub events, MonitorIdentity identity, ImageOpener openImage)
    {
        Registry = registry;
        Machine = machine;
        Drives = drives;
        Events = events;
        Identity = identity;
        OpenImage = openImage;
    }

    public QmpCommandRegistry Registry { get; }

    public IMachineControl Machine { get; }

    public DriveTable Drives { get; }

    public QmpEventHub Events { get; }

    public MonitorIdentity Identity { get; }

    /// <summary>The VGA (x-query-screen-text reads its text page), or null. Machine thread.</summary>
    public Emu.Devices.Video.Vga? Screen { get; init; }

    /// <summary>The picture screendump writes, or null without a display device. Machine thread.</summary>
    public Emu.Devices.Video.IDisplaySource? Display { get; init; }

    /// <summary>The keyboard and mouse input (send-key, input-send-event), or null. Machine thread.</summary>
    public Emu.Devices.Input.HostInput? Input { get; init; }

    /// <summary>The PCI bus (query-pci), or null on a machine without PCI. Machine thread.</summary>
    public Emu.Devices.Pci.PciBus? Pci { get; init; }

    /// <summary>The machine as the introspection commands report it.</summary>
    public MachineDescription Description { get; init; } = new();

    /// <summary>The monitors served, in command-line order (query-chardev).</summary>
    public IReadOnlyList<Server.MonitorEndpoint> Endpoints { get; init; } = [];

    /// <summary>Opens a new medium for blockdev-change-medium (filename, format or null to probe, read-only).</summary>
    public ImageOpener OpenImage { get; }

    /// <summary>
    /// Registers work to do when the machine ends (quit, a host signal, guest power-off), after the
    /// SHUTDOWN event and while the monitors still serve, so what the work reports (e.g. an NBD
    /// server's BLOCK_EXPORT_DELETED per export) reaches the clients before EOF, as in QEMU.
    /// </summary>
    public void OnStop(Func<ValueTask> hook)
    {
        lock (_stopHooks)
        {
            _stopHooks.Add(hook);
        }
    }

    /// <summary>Runs the registered stop work once; later calls find nothing left to run.</summary>
    internal async ValueTask RunStopHooksAsync()
    {
        Func<ValueTask>[] hooks;
        lock (_stopHooks)
        {
            hooks = _stopHooks.ToArray();
            _stopHooks.Clear();
        }

        foreach (Func<ValueTask> hook in hooks)
        {
            await hook().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Per-host state of a command module (e.g. the NBD server behind nbd-server-*), created on
    /// first use. Thread-safe.
    /// </summary>
    public T GetState<T>(Func<MonitorServices, T> create)
        where T : class
    {
        lock (_state)
        {
            if (!_state.TryGetValue(typeof(T), out object? value))
            {
                value = create(this);
                _state.Add(typeof(T), value);
            }

            return (T)value;
        }
    }

    /// <summary>The client address of a socket monitor while a client is connected ("" for unix sockets), or null.</summary>
    public string? PeerOf(Server.MonitorEndpoint endpoint) => _peers.TryGetValue(endpoint, out string? peer) ? peer : null;

    internal void MonitorConnected(Server.MonitorEndpoint endpoint, string peer) => _peers[endpoint] = peer;

    internal void MonitorDisconnected(Server.MonitorEndpoint endpoint) => _peers.TryRemove(endpoint, out _);

    /// <summary>Marks that the machine must end once the current reply is queued (QMP quit).</summary>
    public void RequestQuit() => Interlocked.Exchange(ref _quitRequested, 1);

    internal bool TakeQuitRequest() => Interlocked.Exchange(ref _quitRequested, 0) == 1;
}
