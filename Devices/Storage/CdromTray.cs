namespace Emu.Devices.Storage;

/// <summary>
/// The tray of an ATAPI CD-ROM unit and the media events the guest polls, QEMU's <c>IDEState</c>
/// fields <c>tray_open</c>, <c>tray_locked</c>, <c>cdrom_changed</c>, <c>events.new_media</c> and
/// <c>events.eject_request</c> (spec ide-atapi-bios.md B.7, B.8). One object shared by the host
/// (QMP, through <see cref="BlockDrive"/>) and the guest (the ATAPI model): the host side goes
/// through <see cref="IMediaDeviceOps"/>, the guest side through the <c>Guest*</c> members.
/// Used on the machine thread only.
/// </summary>
public sealed class CdromTray : IMediaDeviceOps
{
    public bool HasTray => true;

    public bool IsTrayOpen { get; private set; }

    public bool IsMediumLocked { get; private set; }

    /// <summary>
    /// Media-change sequence for the guest after a host change with the tray closed again: 1 means
    /// the next non-ALLOW_UA command gets NOT READY 3A, then UNIT ATTENTION 28 (QEMU's cdrom_changed).
    /// The ATAPI model advances it.
    /// </summary>
    public int MediaChangeState { get; set; }

    /// <summary>GESN NewMedia event pending (MMC-5 6.8.2.5, event 02h).</summary>
    public bool NewMediaEvent { get; set; }

    /// <summary>GESN EjectRequest event pending (event 01h).</summary>
    public bool EjectRequestEvent { get; set; }

    /// <summary>Raised when the device should interrupt the guest (QEMU's <c>ide_set_irq</c> in both callbacks).</summary>
    public event Action? InterruptRequested;

    /// <summary>QEMU ide_cd_change_cb: the tray follows the load flag and the guest is told a medium changed.</summary>
    public void ChangeMedia(bool load)
    {
        IsTrayOpen = !load;
        MediaChangeState = 1;
        NewMediaEvent = true;
        EjectRequestEvent = false;
        InterruptRequested?.Invoke();
    }

    /// <summary>QEMU ide_cd_eject_request_cb: a forced request drops the guest's lock.</summary>
    public void EjectRequest(bool force)
    {
        EjectRequestEvent = true;
        if (force)
        {
            IsMediumLocked = false;
        }

        InterruptRequested?.Invoke();
    }

    /// <summary>Reset clears the lock and closes the tray without events; pending GESN events survive (B.8).</summary>
    public void Reset()
    {
        IsMediumLocked = false;
        IsTrayOpen = false;
    }

    /// <summary>PREVENT ALLOW MEDIUM REMOVAL (MMC-5 6.29): the guest locks or unlocks the tray.</summary>
    public void GuestSetLocked(bool prevent) => IsMediumLocked = prevent;

    /// <summary>
    /// START STOP UNIT with LoEj (MMC-5 6.38) moved the tray: the guest opened (<paramref name="open"/>)
    /// or closed it. The caller has checked the lock; <see cref="BlockDrive.GuestMoveTray"/> reports the
    /// move to the host.
    /// </summary>
    internal void GuestSetOpen(bool open) => IsTrayOpen = open;
}
