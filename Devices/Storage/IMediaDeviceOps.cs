namespace Emu.Devices.Storage;

/// <summary>
/// What the guest device attached to a <see cref="BlockDrive"/> tells the block layer about its
/// removable medium, as QEMU's <c>BlockDevOps</c> (include/sysemu/block-backend-common.h): a media
/// change callback, an eject request, and the tray and lock state. A device without removable
/// media (an IDE disk) has none of these.
/// </summary>
public interface IMediaDeviceOps
{
    /// <summary>True when the device has a tray that can be open (a CD-ROM); false for a floppy.</summary>
    bool HasTray { get; }

    /// <summary>True while the tray is open (always false without a tray).</summary>
    bool IsTrayOpen { get; }

    /// <summary>True while the guest prevents medium removal (ATAPI PREVENT ALLOW MEDIUM REMOVAL).</summary>
    bool IsMediumLocked { get; }

    /// <summary>
    /// The host loaded (<paramref name="load"/> true: tray closed with whatever medium is inserted)
    /// or unloaded (tray opened / medium gone) the drive: QEMU's <c>change_media_cb</c>.
    /// </summary>
    void ChangeMedia(bool load);

    /// <summary>The host asks the guest to release the medium; <paramref name="force"/> drops the lock (QEMU's <c>eject_request_cb</c>).</summary>
    void EjectRequest(bool force);
}
