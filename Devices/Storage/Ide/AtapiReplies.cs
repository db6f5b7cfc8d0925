using System.Buffers.Binary;

namespace Emu.Devices.Storage.Ide;

/// <summary>
/// The data QEMU's IDE CD-ROM returns for the MMC commands that answer with a fixed-format
/// block (spec ide-atapi-bios.md B.4, B.5, B.7). Each builder writes into the PIO buffer and
/// returns the reply length, or a negative <see cref="AtapiSense"/> ASC meaning ILLEGAL REQUEST
/// with that code. The caller cuts the reply to the allocation length.
/// </summary>
public static class AtapiReplies
{
    /// <summary>80 minutes of 2048-byte blocks in 512-byte sectors: larger media are DVDs (QEMU CD_MAX_SECTORS).</summary>
    public const long CdMaxSectors = 80L * 60 * 75 * 4;

    private const ushort ProfileDvdRom = 0x0010; // MMC-5 table 79
    private const ushort ProfileCdRom = 0x0008;

    /// <summary>REQUEST SENSE (SPC-3 4.5.3): 18 bytes of fixed-format sense, current error.</summary>
    public static int RequestSense(Span<byte> buffer, byte senseKey, byte asc)
    {
        buffer[..18].Clear();
        buffer[0] = 0xF0; // valid, current error
        buffer[2] = senseKey;
        buffer[7] = 10;   // additional sense length
        buffer[12] = asc;
        return 18;
    }

    /// <summary>
    /// INQUIRY (SPC-3 6.4): the standard data or the VPD pages 00h and 83h. The product stays QEMU's
    /// whatever the model property says; the revision is the <c>ver</c> property (measured, QEMU 7.2).
    /// </summary>
    public static int Inquiry(Span<byte> buffer, ReadOnlySpan<byte> cdb, string serial, string revision)
    {
        int allocation = cdb[4];
        byte page = cdb[2];
        if ((cdb[1] & 0x01) == 0)
        {
            buffer[..36].Clear();
            buffer[0] = 0x05; // CD/DVD device
            buffer[1] = 0x80; // removable
            buffer[2] = 0x00;
            buffer[3] = 0x21; // response format 1, ATAPI
            buffer[4] = 36 - 5;
            PadAscii(buffer.Slice(8, 8), "QEMU");
            PadAscii(buffer.Slice(16, 16), AtaIdentify.CdromModel);
            PadAscii(buffer.Slice(32, 4), revision);
            return 36;
        }

        buffer[0] = 0x05;
        buffer[1] = page;
        buffer[2] = 0;
        int length = 4;
        switch (page)
        {
            case 0x00: // supported pages
                buffer[length++] = 0x00;
                buffer[length++] = 0x83;
                break;
            case 0x83: // device identification (SPC-3 7.6.3), shaped as libata's
                if (length + 24 > allocation)
                {
                    return -AtapiSense.DataPhaseError;
                }

                buffer[length++] = 0x02; // ASCII
                buffer[length++] = 0x00; // vendor specific
                buffer[length++] = 0x00;
                buffer[length++] = 20;
                PadAscii(buffer.Slice(length, 20), serial);
                length += 20;
                if (length + 72 <= allocation)
                {
                    buffer[length++] = 0x02;
                    buffer[length++] = 0x01; // T10 vendor identification
                    buffer[length++] = 0x00;
                    buffer[length++] = 68;
                    PadAscii(buffer.Slice(length, 8), "ATA");
                    length += 8;
                    PadAscii(buffer.Slice(length, 40), AtaIdentify.CdromModel);
                    length += 40;
                    PadAscii(buffer.Slice(length, 20), serial);
                    length += 20;
                }

                break;
            default:
                return -AtapiSense.InvalidFieldInCdb;
        }

        buffer[3] = (byte)(length - 4);
        return length;
    }

    /// <summary>READ CAPACITY (MMC-5 6.23): the last block address and the 2048-byte block length.</summary>
    public static int ReadCapacity(Span<byte> buffer, long blocks)
    {
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)(blocks - 1));
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], 2048);
        return 8;
    }

    /// <summary>READ TOC/PMA/ATIP (MMC-5 6.32) with the format in CDB byte 9 bits 7-6 (QEMU's legacy place), one data track.</summary>
    public static int ReadToc(Span<byte> buffer, ReadOnlySpan<byte> cdb, long blocks)
    {
        int format = cdb[9] >> 6;
        bool msf = (cdb[1] & 0x02) != 0;
        int startTrack = cdb[6];
        switch (format)
        {
            case 0:
                return Toc(buffer, blocks, msf, startTrack);
            case 1: // session information: one session, descriptor left zero
                buffer[..12].Clear();
                buffer[1] = 0x0A;
                buffer[2] = 0x01;
                buffer[3] = 0x01;
                return 12;
            case 2:
                return RawToc(buffer, blocks, msf);
            default:
                return -AtapiSense.InvalidFieldInCdb;
        }
    }

    /// <summary>GET CONFIGURATION (MMC-5 6.6): header with the current profile and the Profile List feature only.</summary>
    public static int GetConfiguration(Span<byte> buffer, ReadOnlySpan<byte> cdb, long sectors512, bool mediaPresent)
    {
        if (cdb[2] != 0 || cdb[3] != 0)
        {
            return -AtapiSense.InvalidFieldInCdb; // only starting feature 0 is supported
        }

        bool dvd = mediaPresent && sectors512 > CdMaxSectors;
        bool cd = mediaPresent && sectors512 <= CdMaxSectors;
        buffer[..20].Clear();
        ushort current = dvd ? ProfileDvdRom : cd ? ProfileCdRom : (ushort)0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[6..], current);
        buffer[10] = 0x03; // feature 0000h: persistent, current
        buffer[11] = 8;    // two profile descriptors
        BinaryPrimitives.WriteUInt16BigEndian(buffer[12..], ProfileDvdRom);
        buffer[14] = (byte)(dvd ? 1 : 0);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[16..], ProfileCdRom);
        buffer[18] = (byte)(cd ? 1 : 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, 20 - 4);
        return 20;
    }

    /// <summary>
    /// GET EVENT STATUS NOTIFICATION header and, when the media class is requested, the media event
    /// descriptor (MMC-5 6.8.2.5). <paramref name="eventCode"/> was chosen by the caller.
    /// </summary>
    public static int EventStatus(Span<byte> buffer, bool mediaClass, byte eventCode, byte mediaStatus)
    {
        buffer[3] = 0x10; // supported: media class only
        if (!mediaClass)
        {
            buffer[2] = 0x80; // no event available
            BinaryPrimitives.WriteUInt16BigEndian(buffer, 0);
            return 4;
        }

        buffer[2] = 0x04; // media class
        buffer[4] = eventCode;
        buffer[5] = mediaStatus;
        buffer[6] = 0;
        buffer[7] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, 4);
        return 8;
    }

    /// <summary>MODE SENSE(10) (SPC-3 6.10) of page 01h, 0Eh or 2Ah current values (MMC-5 7.2-7.3 and annex).</summary>
    public static int ModeSense10(Span<byte> buffer, ReadOnlySpan<byte> cdb, bool trayLocked)
    {
        int control = cdb[2] >> 6;
        int page = cdb[2] & 0x3F;
        if (control == 3)
        {
            return -AtapiSense.SavingParametersNotSupported;
        }

        if (control != 0)
        {
            return -AtapiSense.InvalidFieldInCdb; // changeable and default values are not reported
        }

        int length = page switch
        {
            0x01 => 16,
            0x0E => 24,
            0x2A => 30,
            _ => 0,
        };
        if (length == 0)
        {
            return -AtapiSense.InvalidFieldInCdb;
        }

        buffer[..length].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)(length - 2));
        buffer[2] = 0x70; // medium type: door closed, no disc (MMC legacy code QEMU reports)
        buffer[8] = (byte)page;
        buffer[9] = (byte)(length - 10);
        switch (page)
        {
            case 0x01: // read error recovery: retry count 5
                buffer[11] = 0x05;
                break;
            case 0x2A: // capabilities and mechanical status
                buffer[10] = 0x3B; // reads CD-R, CD-RW, DVD-ROM, DVD-R, DVD-RAM
                buffer[12] = 0x71; // audio play, multisession, mode 2 form 1/2
                buffer[13] = 3 << 5;
                buffer[14] = (byte)(0x29 | (trayLocked ? 0x02 : 0)); // lock, eject, tray loading; bit 1 = locked
                BinaryPrimitives.WriteUInt16BigEndian(buffer[16..], 704); // maximum read speed, KB/s
                buffer[19] = 2;    // volume levels
                BinaryPrimitives.WriteUInt16BigEndian(buffer[20..], 512); // buffer, KiB
                BinaryPrimitives.WriteUInt16BigEndian(buffer[22..], 704); // current read speed
                break;
            default:
                break; // 0Eh: CD audio control, all volumes zero
        }

        return length;
    }

    /// <summary>READ DISC INFORMATION (MMC-5 6.22), data type 0: a finalized single-session disc.</summary>
    public static int ReadDiscInformation(Span<byte> buffer, ReadOnlySpan<byte> cdb)
    {
        if ((cdb[1] & 0x07) != 0)
        {
            return -AtapiSense.InvalidFieldInCdb;
        }

        buffer[..34].Clear();
        buffer[1] = 32;
        buffer[2] = 0x0E; // last session complete, disc finalized
        buffer[3] = 1;    // first track
        buffer[4] = 1;    // sessions
        buffer[5] = 1;    // first track of last session
        buffer[6] = 1;    // last track of last session
        buffer[7] = 0x20; // unrestricted use
        return 34;
    }

    /// <summary>
    /// READ DVD STRUCTURE data (MMC-5 6.22.3) of a single-layer DVD-ROM of <paramref name="blocks"/>
    /// 2048-byte blocks: 00h physical format, 01h copyright (none), 04h manufacturing (zeroes),
    /// FFh the list of these; 03h (BCA) and the rest are invalid fields.
    /// </summary>
    public static int DvdStructure(Span<byte> buffer, int format, int layer, long blocks)
    {
        buffer[..(2048 + 4)].Clear();
        switch (format)
        {
            case 0x00:
                if (layer != 0)
                {
                    return -AtapiSense.InvalidFieldInCdb;
                }

                buffer[4] = 0x01; // DVD-ROM, version 1
                buffer[5] = 0x0F; // 120 mm, maximum rate not specified
                buffer[6] = 0x01; // one layer, read-only
                BinaryPrimitives.WriteUInt32BigEndian(buffer[12..], (uint)(blocks - 1)); // end sector
                BinaryPrimitives.WriteUInt32BigEndian(buffer[16..], (uint)(blocks - 1)); // layer 0 end sector
                BinaryPrimitives.WriteUInt16BigEndian(buffer, 2048 + 2);
                return 2048 + 4;
            case 0x01:
                BinaryPrimitives.WriteUInt16BigEndian(buffer, 4 + 2);
                return 4 + 4;
            case 0x04:
                BinaryPrimitives.WriteUInt16BigEndian(buffer, 2048 + 2);
                return 2048 + 4;
            case 0xFF:
                ListEntry(buffer[4..], 0x00, 2048 + 4);
                ListEntry(buffer[8..], 0x01, 4 + 4);
                ListEntry(buffer[12..], 0x03, 188 + 4);
                ListEntry(buffer[16..], 0x04, 2048 + 4);
                BinaryPrimitives.WriteUInt16BigEndian(buffer, 16 + 2);
                return 16 + 4;
            default:
                return -AtapiSense.InvalidFieldInCdb;
        }
    }

    /// <summary>MECHANISM STATUS (MMC-5 6.11): no changer, one slot.</summary>
    public static int MechanismStatus(Span<byte> buffer)
    {
        buffer[..8].Clear();
        buffer[5] = 1;
        return 8;
    }

    /// <summary>The 2352-byte raw form of a mode 1 sector around data already at offset 16 (sync, MSF header; EDC/ECC left zero as QEMU does).</summary>
    public static void RawSectorFrame(Span<byte> sector, long lba)
    {
        sector[0] = 0x00;
        sector.Slice(1, 10).Fill(0xFF);
        sector[11] = 0x00;
        LbaToMsf(sector[12..], lba);
        sector[15] = 0x01; // mode 1
        sector.Slice(16 + 2048, 288).Clear();
    }

    /// <summary>One entry of the READ DVD STRUCTURE list: format, readable (not writable), length.</summary>
    private static void ListEntry(Span<byte> entry, byte format, ushort length)
    {
        entry[0] = format;
        entry[1] = 0x40;
        BinaryPrimitives.WriteUInt16BigEndian(entry[2..], length);
    }

    private static int Toc(Span<byte> buffer, long blocks, bool msf, int startTrack)
    {
        if (startTrack > 1 && startTrack != 0xAA)
        {
            return -AtapiSense.InvalidFieldInCdb;
        }

        int q = 2;
        buffer[q++] = 1; // first track
        buffer[q++] = 1; // last track
        if (startTrack <= 1)
        {
            q = TrackDescriptor(buffer, q, 0x14, 1, 0, msf);
        }

        q = TrackDescriptor(buffer, q, 0x16, 0xAA, blocks, msf);
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)(q - 2));
        return q;
    }

    private static int TrackDescriptor(Span<byte> buffer, int q, byte control, byte track, long lba, bool msf)
    {
        buffer[q++] = 0;
        buffer[q++] = control;
        buffer[q++] = track;
        buffer[q++] = 0;
        if (msf)
        {
            buffer[q++] = 0;
            LbaToMsf(buffer[q..], lba);
            return q + 3;
        }

        BinaryPrimitives.WriteUInt32BigEndian(buffer[q..], (uint)lba);
        return q + 4;
    }

    /// <summary>Format 2 (MMC-5 6.32.3.4): one session with A0h, A1h, A2h and track 1 entries.</summary>
    private static int RawToc(Span<byte> buffer, long blocks, bool msf)
    {
        buffer[..48].Clear();
        int q = 2;
        buffer[q++] = 1;
        buffer[q++] = 1;
        q = RawEntry(buffer, q, 0xA0);
        buffer[q - 3] = 1; // first track number in PMIN
        q = RawEntry(buffer, q, 0xA1);
        buffer[q - 3] = 1; // last track number
        q = RawEntry(buffer, q, 0xA2);
        if (msf)
        {
            LbaToMsf(buffer[(q - 3)..], blocks);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer[(q - 4)..], (uint)blocks);
        }

        q = RawEntry(buffer, q, 0x01);
        if (msf)
        {
            LbaToMsf(buffer[(q - 3)..], 0);
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)(q - 2));
        return q;
    }

    /// <summary>An 11-byte raw TOC entry: session 1, ADR/control 14h, TNO 0, POINT, zero times.</summary>
    private static int RawEntry(Span<byte> buffer, int q, byte point)
    {
        buffer[q] = 1;
        buffer[q + 1] = 0x14;
        buffer[q + 2] = 0;
        buffer[q + 3] = point;
        buffer.Slice(q + 4, 7).Clear();
        return q + 11;
    }

    /// <summary>Minutes, seconds, frames of an LBA with the 2-second lead-in (MMC-5 4.2.3.4).</summary>
    private static void LbaToMsf(Span<byte> destination, long lba)
    {
        long frames = lba + 150;
        destination[0] = (byte)(frames / 75 / 60);
        destination[1] = (byte)(frames / 75 % 60);
        destination[2] = (byte)(frames % 75);
    }

    private static void PadAscii(Span<byte> destination, string text)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = i < text.Length ? (byte)text[i] : (byte)' ';
        }
    }
}
