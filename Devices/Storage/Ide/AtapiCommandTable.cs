namespace Emu.Devices.Storage.Ide;

/// <summary>The MMC opcodes the CD-ROM implements, with their dispatch flags (spec ide-atapi-bios.md B.3).</summary>
public static class AtapiCommandTable
{
    public const byte TestUnitReady = 0x00;       // SPC-3 6.33
    public const byte RequestSense = 0x03;        // SPC-3 6.27
    public const byte Inquiry = 0x12;             // SPC-3 6.4
    public const byte StartStopUnit = 0x1B;       // MMC-5 6.38
    public const byte PreventAllow = 0x1E;        // MMC-5 6.29
    public const byte ReadCapacity = 0x25;        // MMC-5 6.23
    public const byte Read10 = 0x28;              // MMC-5 6.16
    public const byte Seek10 = 0x2B;              // MMC-5 6.37
    public const byte ReadToc = 0x43;             // MMC-5 6.32
    public const byte GetConfiguration = 0x46;    // MMC-5 6.6
    public const byte GetEventStatus = 0x4A;      // MMC-5 6.8
    public const byte ReadDiscInformation = 0x51; // MMC-5 6.22
    public const byte ModeSense10 = 0x5A;         // SPC-3 6.10, MMC-5 7
    public const byte Read12 = 0xA8;              // MMC-5 6.17
    public const byte ReadDvdStructure = 0xAD;    // MMC-5 6.22
    public const byte SetCdSpeed = 0xBB;          // MMC-5 6.37 (SET CD SPEED)
    public const byte MechanismStatus = 0xBD;     // MMC-5 6.11
    public const byte ReadCd = 0xBE;              // MMC-5 6.19

    private static readonly AtapiCommandFlags[] Table = Build();

    public static AtapiCommandFlags Get(byte opcode) => Table[opcode];

    private static AtapiCommandFlags[] Build()
    {
        const AtapiCommandFlags S = AtapiCommandFlags.Supported;
        const AtapiCommandFlags Ua = AtapiCommandFlags.AllowUnitAttention;
        const AtapiCommandFlags Ready = AtapiCommandFlags.CheckReady;
        const AtapiCommandFlags NoData = AtapiCommandFlags.NonData;
        AtapiCommandFlags[] table = new AtapiCommandFlags[256];
        table[TestUnitReady] = S | Ready | NoData;
        table[RequestSense] = S | Ua;
        table[Inquiry] = S | Ua;
        table[StartStopUnit] = S | NoData;
        table[PreventAllow] = S | NoData;
        table[ReadCapacity] = S | Ready;
        table[Read10] = S | Ready;
        table[Seek10] = S | Ready | NoData;
        table[ReadToc] = S | Ready;
        table[GetConfiguration] = S | Ua;
        table[GetEventStatus] = S | Ua;
        table[ReadDiscInformation] = S | Ready;
        table[ModeSense10] = S;
        table[Read12] = S | Ready;
        table[ReadDvdStructure] = S | Ready;
        table[SetCdSpeed] = S | NoData;
        table[MechanismStatus] = S;
        table[ReadCd] = S | Ready | AtapiCommandFlags.ConditionalData;
        return table;
    }
}
