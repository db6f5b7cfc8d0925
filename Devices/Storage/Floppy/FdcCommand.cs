namespace Emu.Devices.Storage.Floppy;

/// <summary>
/// One row of the controller's command table (QEMU hw/block/fdc.c <c>handlers</c>): the opcode
/// bits that select it (<c>opcode &amp; Mask == Value</c>; MT, MFM and SK are the masked-off top bits),
/// how many parameter bytes follow, what runs and, for data commands, which way the data goes.
/// </summary>
internal readonly record struct FdcCommand(byte Value, byte Mask, string Name, int Parameters, FdcOperation Operation, FdcDirection Direction = FdcDirection.Write)
{
    /// <summary>The rows in QEMU's order; the last matching row wins ties, the final row catches everything else.</summary>
    public static readonly FdcCommand[] Rows =
    [
        new(0x06, 0x1F, "READ", 8, FdcOperation.Transfer, FdcDirection.Read),
        new(0x05, 0x3F, "WRITE", 8, FdcOperation.Transfer, FdcDirection.Write),
        new(0x0F, 0xFF, "SEEK", 2, FdcOperation.Seek),
        new(0x08, 0xFF, "SENSE INTERRUPT STATUS", 0, FdcOperation.SenseInterrupt),
        new(0x07, 0xFF, "RECALIBRATE", 1, FdcOperation.Recalibrate),
        new(0x0D, 0xBF, "FORMAT TRACK", 5, FdcOperation.FormatTrack),
        new(0x02, 0xBF, "READ TRACK", 8, FdcOperation.Transfer, FdcDirection.Read),
        new(0x4E, 0xFF, "RESTORE", 17, FdcOperation.Restore),
        new(0x2E, 0xFF, "SAVE", 0, FdcOperation.Save),
        new(0x0C, 0x1F, "READ DELETED DATA", 8, FdcOperation.DeletedData, FdcDirection.Read),
        new(0x11, 0x1F, "SCAN EQUAL", 8, FdcOperation.Transfer, FdcDirection.ScanEqual),
        new(0x16, 0x1F, "VERIFY", 8, FdcOperation.Transfer, FdcDirection.Verify),
        new(0x19, 0x1F, "SCAN LOW OR EQUAL", 8, FdcOperation.Transfer, FdcDirection.ScanLow),
        new(0x1D, 0x1F, "SCAN HIGH OR EQUAL", 8, FdcOperation.Transfer, FdcDirection.ScanHigh),
        new(0x09, 0x3F, "WRITE DELETED DATA", 8, FdcOperation.DeletedData, FdcDirection.Write),
        new(0x0A, 0xBF, "READ ID", 1, FdcOperation.ReadId),
        new(0x03, 0xFF, "SPECIFY", 2, FdcOperation.Specify),
        new(0x04, 0xFF, "SENSE DRIVE STATUS", 1, FdcOperation.SenseDriveStatus),
        new(0x12, 0xFF, "PERPENDICULAR MODE", 1, FdcOperation.PerpendicularMode),
        new(0x13, 0xFF, "CONFIGURE", 3, FdcOperation.Configure),
        new(0x17, 0xFF, "POWERDOWN MODE", 2, FdcOperation.PowerdownMode),
        new(0x33, 0xFF, "OPTION", 1, FdcOperation.Option),
        new(0x8E, 0xFF, "DRIVE SPECIFICATION COMMAND", 5, FdcOperation.DriveSpecification),
        new(0x8F, 0xFF, "RELATIVE SEEK OUT", 2, FdcOperation.RelativeSeekOut),
        new(0xCD, 0xFF, "FORMAT AND WRITE", 10, FdcOperation.Invalid),
        new(0xCF, 0xFF, "RELATIVE SEEK IN", 2, FdcOperation.RelativeSeekIn),
        new(0x14, 0x7F, "LOCK", 0, FdcOperation.Lock),
        new(0x0E, 0xFF, "DUMPREG", 0, FdcOperation.DumpRegisters),
        new(0x10, 0xFF, "VERSION", 0, FdcOperation.Version),
        new(0x18, 0xFF, "PART ID", 0, FdcOperation.PartId),
        new(0x05, 0x1F, "WRITE (BeOS)", 8, FdcOperation.Transfer, FdcDirection.Write),
        new(0x00, 0x00, "unknown", 0, FdcOperation.Invalid),
    ];

    /// <summary>Row index per opcode byte, built once: earlier rows override later ones.</summary>
    public static readonly byte[] ByOpcode = BuildLookup();

    private static byte[] BuildLookup()
    {
        byte[] lookup = new byte[256];
        for (int row = Rows.Length - 1; row >= 0; row--)
        {
            for (int opcode = 0; opcode < 256; opcode++)
            {
                if ((opcode & Rows[row].Mask) == Rows[row].Value)
                {
                    lookup[opcode] = (byte)row;
                }
            }
        }

        return lookup;
    }
}
