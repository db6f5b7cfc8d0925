namespace Emu.Devices.Block;

/// <summary>How to open an image: the <c>-drive</c> options that reach the block layer.</summary>
public sealed record BlockOpenOptions
{
    /// <summary><c>format=</c>: "raw" or "qcow2"; null probes (qcow2 magic, else raw with QEMU's warning).</summary>
    public string? Format { get; init; }

    /// <summary><c>readonly=on</c> (also how CD-ROM media and backing files are opened).</summary>
    public bool ReadOnly { get; init; }

    /// <summary><c>snapshot=on</c> / <c>-snapshot</c>: writes go to a temporary qcow2 overlay deleted at close.</summary>
    public bool Snapshot { get; init; }

    /// <summary><c>discard=</c>; QEMU's default is ignore.</summary>
    public DiscardMode Discard { get; init; } = DiscardMode.Ignore;

    /// <summary><c>cache=</c>; QEMU's default is writeback.</summary>
    public CacheMode Cache { get; init; } = CacheMode.Writeback;

    /// <summary><c>file.locking=</c>; false takes and checks no locks.</summary>
    public bool Locking { get; init; } = true;

    /// <summary><c>force-share=on</c>: share every permission (read-only opens only).</summary>
    public bool ForceShare { get; init; }

    /// <summary>Where warnings go (the probed-raw warning); null writes them to standard error.</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Directory for the <see cref="Snapshot"/> overlay; null uses the system temporary directory.</summary>
    public string? TemporaryDirectory { get; init; }
}
