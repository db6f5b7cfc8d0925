namespace Emu.App.Options;

/// <summary>One <c>-drive</c> (or a short form such as <c>-hda</c>), as QEMU spells its properties.</summary>
public sealed class DriveOption
{
    /// <summary>The option text as given, for error messages (<c>-hda x.img</c>, <c>-drive file=...</c>).</summary>
    public required string Source { get; init; }

    public string? File { get; set; }

    public string? Format { get; set; }

    /// <summary>if=: "ide" (default), "floppy" or "none".</summary>
    public string Interface { get; set; } = "ide";

    public int? Index { get; set; }

    /// <summary>media=: "disk" (default) or "cdrom".</summary>
    public string Media { get; set; } = "disk";

    public string? Id { get; set; }

    public bool Snapshot { get; set; }

    public bool ReadOnly { get; set; }

    public string? Cache { get; set; }

    public string? Discard { get; set; }

    /// <summary>file.locking=: "on", "off" or "auto" (Emu's locks always work, so auto means on).</summary>
    public string? Locking { get; set; }

    /// <summary>aio=: threads, native or io_uring; accepted, Emu's I/O is synchronous either way.</summary>
    public string? Aio { get; set; }

    /// <summary>werror=: ignore, stop, report or enospc (default).</summary>
    public string? WriteError { get; set; }

    /// <summary>rerror=: ignore, stop or report (default).</summary>
    public string? ReadError { get; set; }

    public string? NodeName { get; set; }
}
