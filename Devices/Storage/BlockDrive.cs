using Emu.Devices.Block;

namespace Emu.Devices.Storage;

/// <summary>
/// A drive as QEMU's <c>-drive</c> creates it: a named slot (<c>ide0-hd0</c>, <c>floppy0</c>, an
/// <c>id=</c>) that may hold a medium (an open block backend). The IDE device models, the BIOS,
/// QMP and the NBD server all reach the image through this one object.
/// </summary>
/// <remarks>
/// A removable drive carries its device's <see cref="IMediaDeviceOps"/> (QEMU's BlockDevOps): a
/// <see cref="CdromTray"/> for a CD-ROM, <see cref="FloppyMediaOps"/> for a floppy, none for a
/// fixed disk. The medium, the tray and the lock change on the machine thread only; other threads
/// may read <see cref="Medium"/> at any time.
/// </remarks>
public sealed class BlockDrive
{
    private volatile IBlockBackend? _medium;

    public BlockDrive(string id, DriveInterface attachment, int index, DriveMedia media, IBlockBackend? medium)
    {
        Id = id;
        Interface = attachment;
        Index = index;
        Media = media;
        _medium = medium;
        IsReadOnly = media == DriveMedia.Cdrom || (medium?.IsReadOnly ?? false);
        DeviceOps = DefaultDeviceOps(attachment, media);
        QomPath = DefaultQomPath(attachment, index);
    }

    /// <summary>The drive's name in QMP (<c>device</c>) and in error messages; "" for a device without a named drive.</summary>
    public string Id { get; }

    public DriveInterface Interface { get; }

    /// <summary>For IDE: bus × 2 + unit; for floppies the drive number.</summary>
    public int Index { get; }

    public DriveMedia Media { get; }

    /// <summary>The inserted medium, or null for an empty drive.</summary>
    public IBlockBackend? Medium => _medium;

    public bool HasMedium => _medium is not null;

    /// <summary>The qdev id given with <c>-device ...,id=</c>, or null.</summary>
    public string? QdevId { get; init; }

    /// <summary>
    /// The QOM path of the guest device (<c>/machine/unattached/device[N]</c> for board-created
    /// devices, <c>/machine/peripheral-anon/device[N]</c> for <c>-device</c> without id). The board
    /// builder numbers them as QEMU's pc machine does; the default fits four IDE drives.
    /// </summary>
    public string QomPath { get; set; }

    /// <summary>What QMP calls the attached device: the qdev id if there is one, else the QOM path.</summary>
    public string AttachedDeviceId => QdevId ?? QomPath;

    /// <summary>
    /// The drive's read-only open flag: a <c>media=cdrom</c> drive or <c>readonly=on</c>. A new
    /// medium is opened with it unless the host asks otherwise (QMP read-only-mode).
    /// </summary>
    public bool IsReadOnly { get; set; }

    /// <summary>The attached device's removable-media callbacks, or null for a fixed disk.</summary>
    public IMediaDeviceOps? DeviceOps { get; init; }

    /// <summary>The <c>share-rw</c> of the <c>-device</c> that holds the drive; null when no <c>-device</c> names it.</summary>
    public bool? DeviceShareRw { get; init; }

    /// <summary>
    /// True when a guest device holds the disk's 'write' permission without sharing it, so nothing
    /// else may write the disk (QEMU blkconf_apply_backend_options; nbd.md 8): a <c>-device</c>
    /// without <c>share-rw=on</c>, or the board's device of an <c>if=ide</c> or <c>if=floppy</c>
    /// drive. An <c>if=none</c> drive is free, and a CD-ROM device never writes its medium.
    /// </summary>
    public bool HoldsWriteUnshared =>
        Media != DriveMedia.Cdrom
        && (DeviceShareRw is { } shared ? !shared : Interface != DriveInterface.None || QdevId is not null);

    /// <summary><c>-drive rerror=</c>: what a failed guest read does (QEMU's default: report).</summary>
    public BlockErrorAction ReadErrorAction { get; init; } = BlockErrorAction.Report;

    /// <summary><c>-drive werror=</c>: what a failed guest write or flush does (QEMU's default: enospc).</summary>
    public BlockErrorAction WriteErrorAction { get; init; } = BlockErrorAction.Enospc;

    /// <summary><c>-drive node-name=</c>: the name of the drive's image node, or null for a generated one.</summary>
    public string? NodeName { get; init; }

    /// <summary>A guest request failed (QMP BLOCK_IO_ERROR). Raised on the machine thread.</summary>
    public event EventHandler<BlockIoErrorEventArgs>? IoError;

    /// <summary>
    /// QEMU blk_get_error_action + blk_error_action: the device's request failed with
    /// <paramref name="error"/>; returns the action to take (enospc resolved to stop or report)
    /// after reporting it through <see cref="IoError"/>.
    /// </summary>
    public BlockErrorAction ReportIoError(bool write, BlockException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        bool noSpace = error.Error == BlockError.NoSpace;
        BlockErrorAction action = write ? WriteErrorAction : ReadErrorAction;
        if (action == BlockErrorAction.Enospc)
        {
            action = noSpace ? BlockErrorAction.Stop : BlockErrorAction.Report;
        }

        IoError?.Invoke(this, new BlockIoErrorEventArgs(this, write, action, noSpace, Strerror(error.Error)));
        return action;
    }

    /// <summary>The host's strerror text QEMU puts in BLOCK_IO_ERROR's reason.</summary>
    private static string Strerror(BlockError error) => error switch
    {
        BlockError.NoSpace => "No space left on device",
        BlockError.ReadOnly => "Operation not permitted",
        BlockError.InvalidArgument => "Invalid argument",
        BlockError.NotSupported => "Operation not supported",
        _ => "Input/output error",
    };

    /// <summary>The CD-ROM tray, when the device has one.</summary>
    public CdromTray? Tray => DeviceOps as CdromTray;

    /// <summary>What the drive's device read, wrote and flushed (query-blockstats), across media changes as in QEMU's BlockBackend.</summary>
    public BlockAccounting Stats { get; } = new();

    /// <summary>
    /// Whether a guest device uses the drive: false for <c>-drive if=none</c> that no <c>-device</c>
    /// takes and for QEMU's default sd0, which query-block lists without qdev.
    /// </summary>
    public bool HasDevice { get; init; } = true;

    /// <summary>QEMU blk_dev_has_removable_media: no device at all, or one that reacts to media changes.</summary>
    public bool IsRemovable => !HasDevice || DeviceOps is not null;

    public bool HasTray => DeviceOps?.HasTray ?? false;

    public bool IsTrayOpen => DeviceOps?.IsTrayOpen ?? false;

    public bool IsMediumLocked => DeviceOps?.IsMediumLocked ?? false;

    /// <summary>The tray moved (QMP DEVICE_TRAY_MOVED). Raised on the machine thread.</summary>
    public event EventHandler<TrayMovedEventArgs>? TrayMoved;

    /// <summary>
    /// QEMU blk_dev_change_media_cb: tells the device the medium was loaded or unloaded and reports
    /// a tray move when the tray position changed.
    /// </summary>
    public void ChangeMedia(bool load)
    {
        if (DeviceOps is null)
        {
            return;
        }

        bool wasOpen = DeviceOps.IsTrayOpen;
        DeviceOps.ChangeMedia(load);
        bool isOpen = DeviceOps.IsTrayOpen;
        if (wasOpen != isOpen)
        {
            TrayMoved?.Invoke(this, new TrayMovedEventArgs(this, isOpen));
        }
    }

    /// <summary>QEMU blk_dev_eject_request: asks the guest to release the medium.</summary>
    public void EjectRequest(bool force) => DeviceOps?.EjectRequest(force);

    /// <summary>Puts a medium into an empty drive; the caller checked the tray (QMP blockdev-insert-medium).</summary>
    public void InsertMedium(IBlockBackend medium)
    {
        ArgumentNullException.ThrowIfNull(medium);
        if (_medium is not null)
        {
            throw new InvalidOperationException($"drive '{Id}' already holds a medium");
        }

        _medium = medium;
    }

    /// <summary>Takes the medium out and returns it (the caller owns and disposes it), or null if empty.</summary>
    public IBlockBackend? RemoveMedium()
    {
        IBlockBackend? old = _medium;
        _medium = null;
        if (old is not null)
        {
            MediumRemoved?.Invoke(this, old);
        }

        return old;
    }

    /// <summary>
    /// The medium was taken out of the drive (eject, remove-medium, change-medium), raised before
    /// the caller disposes it: users tied to the drive let go of it (QEMU's BlockBackend remove
    /// notifier, which deletes NBD exports made from the drive). Raised on the machine thread.
    /// </summary>
    public event Action<BlockDrive, IBlockBackend>? MediumRemoved;

    /// <summary>
    /// The guest moved the tray with START STOP UNIT (QEMU blk_eject): the position is reported
    /// to the host every time, whether or not it changed (spec ide-atapi-bios.md B.8).
    /// </summary>
    public void GuestMoveTray(bool open)
    {
        if (Tray is null)
        {
            throw new InvalidOperationException($"drive '{Id}' has no tray");
        }

        Tray.GuestSetOpen(open);
        TrayMoved?.Invoke(this, new TrayMovedEventArgs(this, open));
    }

    /// <summary>The removable-media callbacks of the device a drive of this kind gets: a tray for a CD-ROM, a floppy drive's, none for a disk.</summary>
    public static IMediaDeviceOps? DefaultDeviceOps(DriveInterface attachment, DriveMedia media) =>
        media == DriveMedia.Cdrom ? new CdromTray()
        : attachment == DriveInterface.Floppy ? new FloppyMediaOps()
        : null;

    /// <summary>
    /// Emu's stable numbering of board-created devices, shaped like QEMU's for the pc machine with
    /// four IDE drives (device[18]..[21]) and a floppy (device[13]).
    /// </summary>
    private static string DefaultQomPath(DriveInterface attachment, int index) => attachment switch
    {
        DriveInterface.Ide => $"/machine/unattached/device[{18 + index}]",
        DriveInterface.Floppy => $"/machine/unattached/device[{13 + index}]",
        _ => $"/machine/peripheral-anon/device[{index}]",
    };
}
