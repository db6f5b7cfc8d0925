using Emu.Devices.Block;

namespace Emu.Devices.Storage.Floppy;

/// <summary>
/// One drive as the floppy controller sees it (QEMU hw/block/fdc.c <c>FDrive</c>): the head
/// position (head, track, sector), the layout of the inserted medium, write protection and the
/// disk-change line. The medium itself is the <see cref="BlockDrive"/>'s, shared with INT 13h.
/// </summary>
public sealed class FdcDrive
{
    /// <summary>An empty drive may seek anywhere (QEMU <c>fd_empty_seek_hack</c>): a medium inserted later sets the real bounds.</summary>
    private const byte EmptyDriveLimit = 0xFF;

    /// <param name="drive">The drive's medium slot, or null for a drive that has none.</param>
    /// <param name="present">
    /// Whether a drive is connected at all: QEMU's pc has an empty drive A: unless <c>-nodefaults</c>,
    /// and a unit without a drive answers every data command with an abnormal end.
    /// </param>
    public FdcDrive(BlockDrive? drive, bool present)
    {
        Drive = drive;
        Present = present || drive is not null;
        if (!Present)
        {
            Type = FdcDriveType.None;
        }
        else
        {
            // QEMU pick_drive_type: the type follows the first medium, else the 2.88 MB fallback.
            Type = drive?.Medium is { } medium ? FloppyFormat.Pick(medium.Length / 512, null).Drive : FdcDriveType.Drive288;
        }

        MediaChanged = true;
        Revalidate();
    }

    /// <summary>The medium slot of the drive at this unit, or null (an always-empty drive, or none).</summary>
    public BlockDrive? Drive { get; }

    /// <summary>A drive is connected at this unit.</summary>
    public bool Present { get; }

    public FdcDriveType Type { get; }

    public IBlockBackend? Medium => Drive?.Medium;

    public bool HasMedium => Drive?.Medium is not null;

    public byte Head { get; set; }

    public byte Track { get; set; }

    public byte Sector { get; set; } = 1;

    /// <summary>Sectors per track of the medium (0 for no drive).</summary>
    public byte LastSector { get; set; }

    /// <summary>Number of tracks of the medium.</summary>
    public byte MaxTrack { get; private set; }

    public bool DoubleSided { get; private set; }

    /// <summary>Data rate code the medium is read at (DSR bits 1-0).</summary>
    public byte MediaRate { get; private set; }

    public bool ReadOnly { get; private set; } = true;

    /// <summary>DIR bit 7: set at power-on and by every host media change, cleared by a step with a medium in.</summary>
    public bool MediaChanged { get; set; }

    /// <summary>PERPENDICULAR MODE's per-drive bits (kept and reported by DUMPREG).</summary>
    public byte Perpendicular { get; set; }

    public int Sides => DoubleSided ? 2 : 1;

    /// <summary>The current position as a sector number (QEMU <c>fd_sector</c>).</summary>
    public int SectorNumber => SectorOf(Head, Track, Sector);

    public int SectorOf(byte head, byte track, byte sector) => ((((track * Sides) + head) * LastSector) + sector) - 1;

    /// <summary>The host changed the medium (QEMU <c>fd_change_cb</c>).</summary>
    public void MediumChanged()
    {
        MediaChanged = true;
        Revalidate();
    }

    /// <summary>Reads the medium's layout and write protection again (QEMU <c>fd_revalidate</c>).</summary>
    public void Revalidate()
    {
        if (!Present)
        {
            LastSector = 0;
            MaxTrack = 0;
            DoubleSided = false;
            return;
        }

        ReadOnly = Drive is null || Drive.IsReadOnly || (Drive.Medium?.IsReadOnly ?? true);
        if (Drive?.Medium is not { } medium)
        {
            LastSector = EmptyDriveLimit;
            MaxTrack = EmptyDriveLimit;
            return;
        }

        FloppyFormat format = FloppyFormat.Pick(medium.Length / 512, Type);
        DoubleSided = format.Heads == 2;
        MaxTrack = format.Tracks;
        LastSector = format.LastSector;
        MediaRate = format.Rate;
    }

    /// <summary>
    /// Moves the head (QEMU <c>fd_seek</c>): <see cref="SeekResult.Same"/> when already there,
    /// <see cref="SeekResult.Stepped"/> when the track changed, <see cref="SeekResult.BadTrack"/> for a
    /// track or head the medium lacks (or no medium), <see cref="SeekResult.BadSector"/> past the track's last sector.
    /// </summary>
    public SeekResult Seek(byte head, byte track, byte sector)
    {
        if (track > MaxTrack || (head != 0 && !DoubleSided))
        {
            return SeekResult.BadTrack;
        }

        if (sector > LastSector)
        {
            return SeekResult.BadSector;
        }

        SeekResult result = SeekResult.Same;
        if (SectorOf(head, track, sector) != SectorNumber)
        {
            Head = head;
            if (Track != track)
            {
                if (HasMedium)
                {
                    MediaChanged = false;
                }

                result = SeekResult.Stepped;
            }

            Track = track;
            Sector = sector;
        }

        return HasMedium ? result : SeekResult.BadTrack;
    }

    /// <summary>Back to track 0 (QEMU <c>fd_recalibrate</c>).</summary>
    public void Recalibrate() => Seek(0, 0, 1);

    /// <summary>Reads the sector under the head into <paramref name="buffer"/>; a sector past the image's end reads zeros, as in QEMU.</summary>
    public void ReadSector(Span<byte> buffer)
    {
        long offset = (long)SectorNumber * 512;
        if (Medium is not { } medium || offset < 0 || offset > medium.Length - buffer.Length)
        {
            buffer.Clear();
            return;
        }

        try
        {
            medium.Read(offset, buffer);
        }
        catch (BlockException)
        {
            buffer.Clear();
        }
    }

    /// <summary>Writes the sector under the head; false when the image could not take it.</summary>
    public bool WriteSector(ReadOnlySpan<byte> buffer)
    {
        long offset = (long)SectorNumber * 512;
        if (Medium is not { } medium || offset < 0 || offset > medium.Length - buffer.Length)
        {
            return false;
        }

        try
        {
            medium.Write(offset, buffer);
            return true;
        }
        catch (BlockException)
        {
            return false;
        }
    }

    /// <summary>Restores the head position and the guest-set bits of a saved state.</summary>
    internal void Restore(byte head, byte track, byte sector, bool mediaChanged, byte perpendicular)
    {
        Head = head;
        Track = track;
        Sector = sector;
        MediaChanged = mediaChanged;
        Perpendicular = perpendicular;
    }
}
