namespace Emu.Monitor.Nbd;

/// <summary>
/// Wire constants of the NBD protocol (NetworkBlockDevice <c>doc/proto.md</c>, QEMU
/// <c>include/block/nbd.h</c>). All integers on the wire are big-endian.
/// </summary>
public static class NbdProtocol
{
    /// <summary>"NBDMAGIC": first 8 bytes of the greeting (proto.md "Newstyle negotiation").</summary>
    public const ulong InitMagic = 0x4e42444d41474943;

    /// <summary>"IHAVEOPT": second greeting word and the magic of every option request.</summary>
    public const ulong OptionMagic = 0x49484156454f5054;

    /// <summary>Magic of every option reply.</summary>
    public const ulong OptionReplyMagic = 0x0003e889045565a9;

    public const uint RequestMagic = 0x25609513;
    public const uint SimpleReplyMagic = 0x67446698;
    public const uint StructuredReplyMagic = 0x668e33ef;

    // Handshake flags (server, u16) and client flags (u32).
    public const ushort FlagFixedNewstyle = 1 << 0;
    public const ushort FlagNoZeroes = 1 << 1;
    public const uint ClientFlagFixedNewstyle = 1 << 0;
    public const uint ClientFlagNoZeroes = 1 << 1;

    // Options.
    public const uint OptExportName = 1;
    public const uint OptAbort = 2;
    public const uint OptList = 3;
    public const uint OptStartTls = 5;
    public const uint OptInfo = 6;
    public const uint OptGo = 7;
    public const uint OptStructuredReply = 8;
    public const uint OptListMetaContext = 9;
    public const uint OptSetMetaContext = 10;

    // Option reply types; errors have bit 31 set.
    public const uint RepAck = 1;
    public const uint RepServer = 2;
    public const uint RepInfo = 3;
    public const uint RepMetaContext = 4;
    public const uint RepErrUnsup = 0x80000001;
    public const uint RepErrPolicy = 0x80000002;
    public const uint RepErrInvalid = 0x80000003;
    public const uint RepErrUnknown = 0x80000006;
    public const uint RepErrBlockSizeRequired = 0x80000008;

    // NBD_OPT_INFO / NBD_OPT_GO information types.
    public const ushort InfoExport = 0;
    public const ushort InfoName = 1;
    public const ushort InfoDescription = 2;
    public const ushort InfoBlockSize = 3;

    // Transmission flags (u16).
    public const ushort TxHasFlags = 1 << 0;
    public const ushort TxReadOnly = 1 << 1;
    public const ushort TxSendFlush = 1 << 2;
    public const ushort TxSendFua = 1 << 3;
    public const ushort TxSendTrim = 1 << 5;
    public const ushort TxSendWriteZeroes = 1 << 6;
    public const ushort TxSendDf = 1 << 7;
    public const ushort TxCanMultiConn = 1 << 8;
    public const ushort TxSendCache = 1 << 10;
    public const ushort TxSendFastZero = 1 << 11;

    // Commands.
    public const ushort CmdRead = 0;
    public const ushort CmdWrite = 1;
    public const ushort CmdDisc = 2;
    public const ushort CmdFlush = 3;
    public const ushort CmdTrim = 4;
    public const ushort CmdCache = 5;
    public const ushort CmdWriteZeroes = 6;
    public const ushort CmdBlockStatus = 7;

    // Command flags (u16).
    public const ushort CmdFlagFua = 1 << 0;
    public const ushort CmdFlagNoHole = 1 << 1;
    public const ushort CmdFlagDf = 1 << 2;
    public const ushort CmdFlagReqOne = 1 << 3;
    public const ushort CmdFlagFastZero = 1 << 4;

    // Structured reply chunk types and flags.
    public const ushort ChunkNone = 0;
    public const ushort ChunkOffsetData = 1;
    public const ushort ChunkOffsetHole = 2;
    public const ushort ChunkBlockStatus = 5;
    public const ushort ChunkError = 32769;
    public const ushort ChunkFlagDone = 1 << 0;

    // Wire errno values (proto.md "Error values").
    public const uint ErrPerm = 1;
    public const uint ErrIo = 5;
    public const uint ErrNoMem = 12;
    public const uint ErrInvalid = 22;
    public const uint ErrNoSpace = 28;
    public const uint ErrOverflow = 75;
    public const uint ErrNotSupported = 95;

    /// <summary>The only meta context offered; QEMU gives it id 0 (NBD_META_ID_BASE_ALLOCATION).</summary>
    public const string BaseAllocation = "base:allocation";
    public const uint BaseAllocationId = 0;

    public const int RequestHeaderSize = 28;
    public const int SimpleReplySize = 16;
    public const int ChunkHeaderSize = 20;

    /// <summary>QEMU's name for an option in its messages (<c>nbd_opt_lookup</c>).</summary>
    public static string OptionName(uint option) => option switch
    {
        OptExportName => "export name",
        OptAbort => "abort",
        OptList => "list",
        OptStartTls => "starttls",
        OptInfo => "info",
        OptGo => "go",
        OptStructuredReply => "structured reply",
        OptListMetaContext => "list meta context",
        OptSetMetaContext => "set meta context",
        _ => "<unknown>",
    };

    /// <summary>QEMU's name for a command in its messages (<c>nbd_cmd_lookup</c>).</summary>
    public static string CommandName(ushort command) => command switch
    {
        CmdRead => "read",
        CmdWrite => "write",
        CmdDisc => "disconnect",
        CmdFlush => "flush",
        CmdTrim => "trim",
        CmdCache => "cache",
        CmdWriteZeroes => "write zeroes",
        CmdBlockStatus => "block status",
        _ => "<unknown>",
    };
}
