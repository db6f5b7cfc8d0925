namespace Emu.App.Options;

/// <summary>One <c>-device</c>: an IDE disk or CD bound to a <c>-drive id=</c>, or an <c>isa-debugcon</c> on a <c>-chardev</c>.</summary>
public sealed class DeviceOption
{
    public required string Source { get; init; }

    /// <summary>ide-hd, ide-cd or isa-debugcon.</summary>
    public required string Driver { get; init; }

    public string? Drive { get; set; }

    public string? Id { get; set; }

    /// <summary>bus=ide.N.</summary>
    public string? Bus { get; set; }

    public int? Unit { get; set; }

    /// <summary>bootindex=N: the device's place in the boot order (lower first).</summary>
    public int? BootIndex { get; set; }

    /// <summary>share-rw=on: the device lets other users (an NBD export) write its disk too.</summary>
    public bool ShareRw { get; set; }

    /// <summary>The driver's other properties (<see cref="IdeDeviceProperties"/>) in command-line order, applied when the device is built.</summary>
    public List<(string Key, string Value)> Properties { get; } = [];

    /// <summary>isa-debugcon: iobase= (QEMU's default E9h).</summary>
    public ushort IoBase { get; set; } = 0xE9;

    /// <summary>isa-debugcon: readback= (QEMU's default E9h).</summary>
    public byte Readback { get; set; } = 0xE9;

    /// <summary>isa-debugcon: chardev=ID.</summary>
    public string? Chardev { get; set; }
}
