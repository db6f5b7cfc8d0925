using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Emu.Monitor.Nbd;

/// <summary>
/// Fixed-newstyle option haggling (proto.md "Newstyle negotiation"), with QEMU 7.2's replies and
/// messages (<c>nbd/server.c</c> <c>nbd_negotiate_options</c>, nbd.md §2). Ends with an export to
/// serve, or null when the connection is to be closed. Refused options never end it.
/// </summary>
internal sealed class NbdNegotiation
{
    private readonly NbdServer _server;
    private readonly Socket _socket;
    private readonly NbdFrameReader _frames;
    private readonly long _connectionId;
    private readonly Func<NbdExport, bool> _attach;
    private readonly ArrayBufferWriter<byte> _out = new(256);
    private NbdExport? _metaExport;

    /// <param name="attach">Registers the client with the export it chose; false if the export is gone.</param>
    public NbdNegotiation(NbdServer server, Socket socket, NbdFrameReader frames, long connectionId, Func<NbdExport, bool> attach)
    {
        _attach = attach;
        _server = server;
        _socket = socket;
        _frames = frames;
        _connectionId = connectionId;
    }

    /// <summary>Whether NBD_OPT_STRUCTURED_REPLY was negotiated.</summary>
    public bool Structured { get; private set; }

    /// <summary>Whether base:allocation is selected for the export being served.</summary>
    public bool BaseAllocation { get; private set; }

    public async Task<NbdExport?> RunAsync(CancellationToken cancellationToken)
    {
        byte[] greeting = new byte[18];
        BinaryPrimitives.WriteUInt64BigEndian(greeting, NbdProtocol.InitMagic);
        BinaryPrimitives.WriteUInt64BigEndian(greeting.AsSpan(8), NbdProtocol.OptionMagic);
        BinaryPrimitives.WriteUInt16BigEndian(greeting.AsSpan(16), NbdProtocol.FlagFixedNewstyle | NbdProtocol.FlagNoZeroes);
        await SendAsync(greeting, cancellationToken).ConfigureAwait(false);

        byte[] field = new byte[16];

        await _frames.ReadExactlyAsync(field.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
        uint clientFlags = BinaryPrimitives.ReadUInt32BigEndian(field);
        if ((clientFlags & ~(NbdProtocol.ClientFlagFixedNewstyle | NbdProtocol.ClientFlagNoZeroes)) != 0)
        {
            Log($"Unknown client flags 0x{clientFlags & ~3u:x} received");
            return null;
        }

        bool fixedNewstyle = (clientFlags & NbdProtocol.ClientFlagFixedNewstyle) != 0;
        bool noZeroes = (clientFlags & NbdProtocol.ClientFlagNoZeroes) != 0;
        while (true)
        {
            await _frames.ReadExactlyAsync(field.AsMemory(0, 16), cancellationToken).ConfigureAwait(false);
            ulong magic = BinaryPrimitives.ReadUInt64BigEndian(field);
            uint option = BinaryPrimitives.ReadUInt32BigEndian(field.AsSpan(8));
            uint length = BinaryPrimitives.ReadUInt32BigEndian(field.AsSpan(12));
            if (magic != NbdProtocol.OptionMagic)
            {
                Log("Bad magic received");
                return null;
            }

            if (length > NbdServerLimits.MaxPayload)
            {
                Log($"len ({length}) is larger than max len ({NbdServerLimits.MaxPayload})");
                return null;
            }

            if (!fixedNewstyle && option != NbdProtocol.OptExportName)
            {
                // Plain newstyle knows no option replies: all the server can do is hang up.
                Log($"Unsupported option {option} ({NbdProtocol.OptionName(option)})");
                return null;
            }

            switch (option)
            {
                case NbdProtocol.OptExportName:
                    return await ExportNameAsync(length, noZeroes, cancellationToken).ConfigureAwait(false);
                case NbdProtocol.OptAbort:
                    await _frames.SkipAsync(length, cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await ReplyAsync(option, NbdProtocol.RepAck, ReadOnlySpan<byte>.Empty, cancellationToken).ConfigureAwait(false);
                    }
                    catch (SocketException)
                    {
                        // proto.md: the client may already have closed; the ACK is best effort.
                    }

                    return null;
                case NbdProtocol.OptInfo:
                case NbdProtocol.OptGo:
                case NbdProtocol.OptListMetaContext:
                case NbdProtocol.OptSetMetaContext:
                    NbdExport? chosen = await PayloadOptionAsync(option, length, cancellationToken).ConfigureAwait(false);
                    if (chosen is not null)
                    {
                        return chosen;
                    }

                    break;
                default:
                    await _frames.SkipAsync(length, cancellationToken).ConfigureAwait(false);
                    await SimpleOptionAsync(option, length, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task<NbdExport?> ExportNameAsync(uint length, bool noZeroes, CancellationToken cancellationToken)
    {
        if (length > NbdServerLimits.MaxString)
        {
            Log("Bad length received");
            return null;
        }

        byte[] nameBytes = new byte[length];
        await _frames.ReadExactlyAsync(nameBytes, cancellationToken).ConfigureAwait(false);
        NbdExport? export = _server.FindExport(Encoding.UTF8.GetString(nameBytes));
        if (export is null || !_attach(export))
        {
            // NBD_OPT_EXPORT_NAME has no way to report an error: the server closes (proto.md).
            Log("export not found");
            return null;
        }

        byte[] reply = new byte[noZeroes ? 10 : 134];
        BinaryPrimitives.WriteUInt64BigEndian(reply, (ulong)export.Size);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(8), export.TransmissionFlags(Structured));
        await SendAsync(reply, cancellationToken).ConfigureAwait(false);
        BaseAllocation = BaseAllocation && ReferenceEquals(_metaExport, export);
        return export;
    }

    /// <summary>Options whose payload must be empty, and unknown options (payload already skipped).</summary>
    private async Task SimpleOptionAsync(uint option, uint length, CancellationToken cancellationToken)
    {
        switch (option)
        {
            case NbdProtocol.OptList when length == 0:
                foreach (NbdExport export in _server.ListExports())
                {
                    byte[] name = Encoding.UTF8.GetBytes(export.Name);
                    byte[] description = Encoding.UTF8.GetBytes(export.Description ?? string.Empty);
                    byte[] payload = new byte[4 + name.Length + description.Length];
                    BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)name.Length);
                    name.CopyTo(payload, 4);
                    description.CopyTo(payload, 4 + name.Length);
                    await ReplyAsync(option, NbdProtocol.RepServer, payload, cancellationToken).ConfigureAwait(false);
                }

                await ReplyAsync(option, NbdProtocol.RepAck, ReadOnlySpan<byte>.Empty, cancellationToken).ConfigureAwait(false);
                return;
            case NbdProtocol.OptList:
            case NbdProtocol.OptStartTls when length != 0:
            case NbdProtocol.OptStructuredReply when length != 0:
                await ErrorAsync(option, NbdProtocol.RepErrInvalid, $"option '{NbdProtocol.OptionName(option)}' has unexpected length", cancellationToken).ConfigureAwait(false);
                return;
            case NbdProtocol.OptStartTls:
                // Emu has no TLS: QEMU's answer when no tls-creds were given to nbd-server-start.
                await ErrorAsync(option, NbdProtocol.RepErrPolicy, "TLS not configured", cancellationToken).ConfigureAwait(false);
                return;
            case NbdProtocol.OptStructuredReply when Structured:
                await ErrorAsync(option, NbdProtocol.RepErrInvalid, "structured reply already negotiated", cancellationToken).ConfigureAwait(false);
                return;
            case NbdProtocol.OptStructuredReply:
                Structured = true;
                await ReplyAsync(option, NbdProtocol.RepAck, ReadOnlySpan<byte>.Empty, cancellationToken).ConfigureAwait(false);
                return;
            default:
                await ErrorAsync(option, NbdProtocol.RepErrUnsup, $"Unsupported option {option} ({NbdProtocol.OptionName(option)})", cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    private async Task<NbdExport?> PayloadOptionAsync(uint option, uint length, CancellationToken cancellationToken)
    {
        byte[] data = new byte[length];
        await _frames.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
        NbdOptionPayload payload = new(data, option);
        try
        {
            return option is NbdProtocol.OptInfo or NbdProtocol.OptGo
                ? await InfoAsync(option, payload, cancellationToken).ConfigureAwait(false)
                : await MetaContextAsync(option, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (NbdOptionException refused)
        {
            await ErrorAsync(option, refused.Reply, refused.Message, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>NBD_OPT_INFO / NBD_OPT_GO (QEMU <c>nbd_negotiate_handle_info</c>, nbd.md §2.2).</summary>
    private async Task<NbdExport?> InfoAsync(uint option, NbdOptionPayload payload, CancellationToken cancellationToken)
    {
        string name = payload.ReadName();
        ushort count = payload.ReadUInt16();
        if (count != payload.Remaining / 2)
        {
            throw new NbdOptionException(NbdProtocol.RepErrInvalid, $"Inconsistent lengths in option {NbdProtocol.OptionName(option)}");
        }

        bool sendName = false;
        for (int i = 0; i < count; i++)
        {
            ushort request = payload.ReadUInt16();
            sendName |= request == NbdProtocol.InfoName;
        }

        NbdExport export = _server.FindExport(name)
            ?? throw new NbdOptionException(NbdProtocol.RepErrUnknown, $"export '{Sanitize(name)}' not present");

        if (sendName)
        {
            await InfoReplyAsync(option, NbdProtocol.InfoName, Encoding.UTF8.GetBytes(name), cancellationToken).ConfigureAwait(false);
        }

        if (export.Description is not null)
        {
            await InfoReplyAsync(option, NbdProtocol.InfoDescription, Encoding.UTF8.GetBytes(export.Description), cancellationToken).ConfigureAwait(false);
        }

        // Emu's backends have byte granularity: minimum 1, preferred max(4096, minimum),
        // maximum the largest payload (QEMU's numbers for every image file, nbd.md §2.2).
        byte[] sizes = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(sizes, 1);
        BinaryPrimitives.WriteUInt32BigEndian(sizes.AsSpan(4), 4096);
        BinaryPrimitives.WriteUInt32BigEndian(sizes.AsSpan(8), NbdServerLimits.MaxPayload);
        await InfoReplyAsync(option, NbdProtocol.InfoBlockSize, sizes, cancellationToken).ConfigureAwait(false);

        byte[] exportInfo = new byte[10];
        BinaryPrimitives.WriteUInt64BigEndian(exportInfo, (ulong)export.Size);
        BinaryPrimitives.WriteUInt16BigEndian(exportInfo.AsSpan(8), export.TransmissionFlags(Structured));
        await InfoReplyAsync(option, NbdProtocol.InfoExport, exportInfo, cancellationToken).ConfigureAwait(false);

        if (option == NbdProtocol.OptGo && !_attach(export))
        {
            // Removed while the replies were going out.
            throw new NbdOptionException(NbdProtocol.RepErrUnknown, $"export '{Sanitize(name)}' not present");
        }

        // The client counts as a user of the export before it sees the ACK (nbd-server-remove safe).
        await ReplyAsync(option, NbdProtocol.RepAck, ReadOnlySpan<byte>.Empty, cancellationToken).ConfigureAwait(false);
        if (option != NbdProtocol.OptGo)
        {
            return null;
        }

        // Contexts chosen for another export do not carry over (QEMU nbd_check_meta_export).
        BaseAllocation = BaseAllocation && ReferenceEquals(_metaExport, export);
        return export;
    }

    /// <summary>NBD_OPT_LIST/SET_META_CONTEXT (QEMU <c>nbd_negotiate_meta_queries</c>, nbd.md §2.3).</summary>
    private async Task<NbdExport?> MetaContextAsync(uint option, NbdOptionPayload payload, CancellationToken cancellationToken)
    {
        bool set = option == NbdProtocol.OptSetMetaContext;
        if (set && !Structured)
        {
            throw new NbdOptionException(NbdProtocol.RepErrInvalid, $"request option '{NbdProtocol.OptionName(option)}' when structured reply is not negotiated");
        }

        if (set)
        {
            // A SET replaces the previous selection, even when it then fails.
            BaseAllocation = false;
            _metaExport = null;
        }

        string name = payload.ReadName();
        NbdExport export = _server.FindExport(name)
            ?? throw new NbdOptionException(NbdProtocol.RepErrUnknown, $"export '{Sanitize(name)}' not present");
        uint queries = payload.ReadUInt32();
        bool baseAllocation = !set && queries == 0;
        for (uint i = 0; i < queries; i++)
        {
            uint length = payload.ReadUInt32();
            if (length > NbdServerLimits.MaxString)
            {
                payload.Skip((int)length);
                continue;
            }

            string query = payload.ReadString((int)length);
            baseAllocation |= query == NbdProtocol.BaseAllocation || (!set && query == "base:");
        }

        if (baseAllocation)
        {
            byte[] context = Encoding.ASCII.GetBytes(NbdProtocol.BaseAllocation);
            byte[] reply = new byte[4 + context.Length];
            BinaryPrimitives.WriteUInt32BigEndian(reply, NbdProtocol.BaseAllocationId);
            context.CopyTo(reply, 4);
            await ReplyAsync(option, NbdProtocol.RepMetaContext, reply, cancellationToken).ConfigureAwait(false);
        }

        await ReplyAsync(option, NbdProtocol.RepAck, ReadOnlySpan<byte>.Empty, cancellationToken).ConfigureAwait(false);
        if (set)
        {
            BaseAllocation = baseAllocation;
            _metaExport = export;
        }

        return null;
    }

    private static string Sanitize(string name) =>
        name.Length < NbdServerLimits.SanitizedNameLength ? name : name[..NbdServerLimits.SanitizedNameLength] + "...";

    private Task InfoReplyAsync(uint option, ushort type, ReadOnlySpan<byte> body, CancellationToken cancellationToken)
    {
        byte[] payload = new byte[2 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, type);
        body.CopyTo(payload.AsSpan(2));
        return ReplyAsync(option, NbdProtocol.RepInfo, payload, cancellationToken);
    }

    private Task ErrorAsync(uint option, uint reply, string message, CancellationToken cancellationToken)
    {
        Log(message);
        return ReplyAsync(option, reply, Encoding.UTF8.GetBytes(message), cancellationToken);
    }

    /// <summary>An option reply: magic, option echoed, reply type, length, payload (proto.md "Option reply").</summary>
    private Task ReplyAsync(uint option, uint type, ReadOnlySpan<byte> payload, CancellationToken cancellationToken)
    {
        _out.Clear();
        Span<byte> header = _out.GetSpan(20);
        BinaryPrimitives.WriteUInt64BigEndian(header, NbdProtocol.OptionReplyMagic);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], option);
        BinaryPrimitives.WriteUInt32BigEndian(header[12..], type);
        BinaryPrimitives.WriteUInt32BigEndian(header[16..], (uint)payload.Length);
        _out.Advance(20);
        _out.Write(payload);
        return SendAsync(_out.WrittenMemory.ToArray(), cancellationToken);
    }

    private async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int sent = await _socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    private void Log(string message) => _server.Log?.Invoke($"nbd: client {_connectionId}: {message}");
}
