namespace Emu.Devices.Storage.Ide;

/// <summary>
/// The ATA opcodes each device kind accepts (QEMU <c>ide_cmd_table</c>, spec ide-atapi-bios.md A.6).
/// An opcode not permitted for the kind is aborted centrally (status 41h, error ABRT, IRQ).
/// The DMA commands (C8h-CBh, 25h, 35h) are permitted; a disk on a controller without a
/// bus-master engine aborts them itself. Left out on purpose, so they abort: DATA SET MANAGEMENT
/// (06h) and SMART (B0h), which IDENTIFY does not claim.
/// </summary>
public static class IdeCommandTable
{
    public const byte DeviceReset = 0x08;          // ATA/ATAPI-6 8.7
    public const byte Recalibrate = 0x10;
    public const byte ReadSectors = 0x20;          // 8.27
    public const byte ReadSectorsNoRetry = 0x21;
    public const byte ReadSectorsExt = 0x24;       // 8.28
    public const byte ReadNativeMaxExt = 0x27;     // 8.25
    public const byte ReadMultipleExt = 0x29;      // 8.23
    public const byte WriteSectors = 0x30;         // 8.48
    public const byte WriteSectorsNoRetry = 0x31;
    public const byte WriteSectorsExt = 0x34;      // 8.49
    public const byte WriteMultipleExt = 0x39;     // 8.46
    public const byte WriteVerify = 0x3C;
    public const byte ReadVerify = 0x40;           // 8.30
    public const byte ReadVerifyNoRetry = 0x41;
    public const byte ReadVerifyExt = 0x42;        // 8.31
    public const byte Seek = 0x70;                 // 8.35
    public const byte ExecuteDiagnostic = 0x90;    // 8.11
    public const byte InitializeParameters = 0x91; // ATA-3 8.16
    public const byte Packet = 0xA0;               // 8.21
    public const byte IdentifyPacket = 0xA1;       // 8.16
    public const byte ReadDmaExt = 0x25;           // 8.26
    public const byte WriteDmaExt = 0x35;          // 8.47
    public const byte ReadDma = 0xC8;              // 8.26
    public const byte ReadDmaNoRetry = 0xC9;
    public const byte WriteDma = 0xCA;             // 8.47
    public const byte WriteDmaNoRetry = 0xCB;
    public const byte ReadMultiple = 0xC4;         // 8.22
    public const byte WriteMultiple = 0xC5;        // 8.45
    public const byte SetMultipleMode = 0xC6;      // 8.39
    public const byte FlushCache = 0xE7;           // 8.12
    public const byte FlushCacheExt = 0xEA;        // 8.13
    public const byte IdentifyDevice = 0xEC;       // 8.15
    public const byte SetFeatures = 0xEF;          // 8.37
    public const byte SecurityFreezeLock = 0xF5;
    public const byte ReadNativeMax = 0xF8;        // 8.24
    public const byte CheckPowerMode = 0xE5;       // 8.6
    public const byte CheckPowerModeOld = 0x98;

    private static readonly IdeCommandInfo[] Table = Build();

    public static IdeCommandInfo Get(byte opcode) => Table[opcode];

    private static IdeCommandInfo[] Build()
    {
        const IdeCommandInfo.Permit Hd = IdeCommandInfo.Permit.Disk;
        const IdeCommandInfo.Permit Cd = IdeCommandInfo.Permit.Cdrom;
        const IdeCommandInfo.Permit All = IdeCommandInfo.Permit.Both;
        const IdeCommandInfo.Permit Dsc = IdeCommandInfo.Permit.SetSeekComplete;
        IdeCommandInfo[] table = new IdeCommandInfo[256];
        void Set(byte opcode, IdeCommandInfo.Permit flags) => table[opcode] = new IdeCommandInfo(flags);

        Set(DeviceReset, Cd);
        Set(Recalibrate, Hd | Dsc);
        Set(ReadSectors, All); // a packet device posts its signature and aborts (ATA/ATAPI-6 8.27.5.2)
        Set(ReadSectorsNoRetry, Hd);
        Set(ReadSectorsExt, Hd);
        Set(ReadNativeMaxExt, Hd | Dsc);
        Set(ReadMultipleExt, Hd);
        Set(WriteSectors, Hd);
        Set(WriteSectorsNoRetry, Hd);
        Set(WriteSectorsExt, Hd);
        Set(WriteMultipleExt, Hd);
        Set(WriteVerify, Hd);
        Set(ReadVerify, Hd | Dsc);
        Set(ReadVerifyNoRetry, Hd | Dsc);
        Set(ReadVerifyExt, Hd | Dsc);
        Set(Seek, Hd | Dsc);
        Set(ExecuteDiagnostic, All);
        Set(InitializeParameters, Hd | Dsc);
        foreach (byte noOp in (byte[])[0x94, 0xE0, 0x95, 0xE1, 0x96, 0xE2, 0x97, 0xE3, 0x99, 0xE6])
        {
            Set(noOp, Hd); // standby, idle and sleep: no power states are modelled
        }

        Set(CheckPowerModeOld, Hd | Dsc);
        Set(CheckPowerMode, Hd | Dsc);
        Set(Packet, Cd);
        Set(IdentifyPacket, Cd);
        Set(ReadDma, Hd);
        Set(ReadDmaNoRetry, Hd);
        Set(ReadDmaExt, Hd);
        Set(WriteDma, Hd);
        Set(WriteDmaNoRetry, Hd);
        Set(WriteDmaExt, Hd);
        Set(ReadMultiple, Hd);
        Set(WriteMultiple, Hd);
        Set(SetMultipleMode, Hd | Dsc);
        Set(FlushCache, All);
        Set(FlushCacheExt, Hd);
        Set(IdentifyDevice, All); // a packet device posts its signature and aborts (ATA/ATAPI-6 8.15.5)
        Set(SetFeatures, All | Dsc);
        Set(SecurityFreezeLock, Hd | Dsc);
        Set(ReadNativeMax, Hd | Dsc);
        return table;
    }
}
