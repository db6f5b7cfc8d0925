using Emu.Devices.Storage;
using Emu.Monitor.Machine;
using Emu.Monitor.Server;

namespace Emu.Monitor;

/// <summary>What <see cref="MonitorHost.Start"/> needs; built by the App from its command line.</summary>
public sealed class MonitorHostOptions
{
    /// <summary>The monitors to serve, in command-line order (see <see cref="MonitorCommandLine"/>).</summary>
    public required IReadOnlyList<MonitorEndpoint> Monitors { get; init; }

    /// <summary><c>-qmp-pretty</c>: pretty-print on monitors that do not say otherwise.</summary>
    public bool Pretty { get; init; }

    public required IMachineControl Machine { get; init; }

    /// <summary>The machine's drives in creation order (query-block order).</summary>
    public required IReadOnlyList<BlockDrive> Drives { get; init; }

    /// <summary>
    /// The file nodes of <c>-blockdev</c> format nodes (format node, file node, file name): Emu
    /// opened each pair as one image, and names the file node for query and blockdev-del.
    /// </summary>
    public IReadOnlyList<(string Format, string File, string FileName)> BlockdevFiles { get; init; } = [];

    /// <summary><c>-name</c>, or null.</summary>
    public string? Name { get; init; }

    /// <summary>Opens new media for blockdev-change-medium; null uses <see cref="Block.DefaultImageOpener"/> (the block layer).</summary>
    public Block.ImageOpener? OpenImage { get; init; }

    /// <summary>The VGA for x-query-screen-text, or null when the machine has none.</summary>
    public Emu.Devices.Video.Vga? Screen { get; init; }

    /// <summary>The picture for screendump, or null when the machine has no display device.</summary>
    public Emu.Devices.Video.IDisplaySource? Display { get; init; }

    /// <summary>The keyboard and mouse input for send-key and input-send-event, or null.</summary>
    public Emu.Devices.Input.HostInput? Input { get; init; }

    /// <summary>The PCI bus for query-pci, or null when the machine has none (isapc).</summary>
    public Emu.Devices.Pci.PciBus? Pci { get; init; }

    /// <summary>The machine as query-machines, query-uuid, query-chardev... report it.</summary>
    public MachineDescription Description { get; init; } = new();

    /// <summary>
    /// The QMP commands, when the caller built them ahead with <see cref="Emu.Monitor.Commands.BuiltinCommands.CreateRegistry"/>
    /// (their JSON metadata takes a while to set up); null builds them in <see cref="MonitorHost.Start"/>.
    /// </summary>
    public Emu.Monitor.Qmp.QmpCommandRegistry? Commands { get; init; }

    /// <summary>Diagnostics (connection failures); null for none.</summary>
    public Action<string>? Log { get; init; }
}
