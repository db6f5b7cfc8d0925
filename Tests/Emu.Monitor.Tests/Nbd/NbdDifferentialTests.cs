using System.Buffers.Binary;
using System.Text;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>
/// The same byte-level conversations against qemu-system-i386's NBD server and Emu's, exporting
/// copies of one image with the same QMP commands: every reply must match (nbd.md §2-§4).
/// </summary>
public sealed class NbdDifferentialTests : IAsyncLifetime
{
    private const long Size = 16 * 1024 * 1024;
    private readonly ScratchDirectory _scratch = new();
    private QemuReference? _qemu;
    private EmuNbdHost? _emu;
    private int _qemuPort;

    public static TheoryData<string> Scenarios() => new()
    {
        "options", "info-order", "meta", "plain-newstyle", "export-name", "flags-simple",
        "read-only-write", "past-eof", "oversized-read", "bad-flags", "unknown-command",
        "block-status", "zero-read", "simple-errors", "bad-magic", "oversized-write",
        "write-then-read", "unknown-client-flags", "bad-option-magic", "export-name-unknown",
        "truncated-option",
    };

    public Task InitializeAsync()
    {
        string image = _scratch.PatternedRaw("disk.img", Size);
        string writable = _scratch.PatternedRaw("w.img", Size);
        string qemuImage = _scratch.File("qemu-disk.img");
        string qemuWritable = _scratch.File("qemu-w.img");
        File.Copy(image, qemuImage);
        File.Copy(writable, qemuWritable);
        _qemuPort = QemuReference.FreePort();
        _qemu = new QemuReference(_scratch,
            "-drive", $"file={qemuImage},if=none,id=d0,format=raw",
            "-drive", $"file={qemuWritable},if=none,id=w,format=raw");
        _qemu.StartNbd(_qemuPort);
        _qemu.AddExport("d0", description: "the disk");
        _qemu.AddExport("w", writable: true);
        _emu = new EmuNbdHost();
        _emu.ExportRaw("d0", image, writable: false, description: "the disk");
        _emu.ExportRaw("w", writable, writable: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _qemu?.Dispose();
        if (_emu is not null)
        {
            await _emu.DisposeAsync();
        }

        _scratch.Dispose();
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ConversationMatchesQemu(string scenario)
    {
        string expected = Transcript(_qemuPort, scenario);
        string actual = Transcript(_emu!.Port, scenario);
        Assert.Equal(expected, actual);

        // The server keeps serving after whatever the scenario did.
        using NbdRawClient after = new(_emu.Port);
        after.Open("d0");
        after.SendRequest(0, 0, 1, 0, 512);
        Assert.Equal(1, after.ReadReply().Type);
    }

    private static string Transcript(int port, string scenario)
    {
        StringBuilder log = new();
        using NbdRawClient client = new(port);
        try
        {
            Run(client, scenario, log);
        }
        catch (EndOfStreamException)
        {
            log.Append("EOF;");
        }

        return log.ToString();
    }

    private static void Run(NbdRawClient c, string scenario, StringBuilder log)
    {
        switch (scenario)
        {
            case "options":
                c.Handshake();
                log.Append($"greeting {c.GreetingFlags:x};");
                c.SendOption(99, new byte[] { 1, 2, 3 });
                LogOption(c, log);
                c.SendOption(4, Array.Empty<byte>());
                LogOption(c, log);
                c.SendOption(5, Array.Empty<byte>());
                LogOption(c, log);
                c.SendOption(5, new byte[1]);
                LogOption(c, log);
                c.SendOption(3, new byte[1]);
                LogOption(c, log);
                c.SendOption(10, NbdRawClient.MetaPayload("d0", "base:allocation"));
                LogOption(c, log);
                c.SendOption(8, new byte[2]);
                LogOption(c, log);
                c.SendOption(8, Array.Empty<byte>());
                LogOption(c, log);
                c.SendOption(8, Array.Empty<byte>());
                LogOption(c, log);
                c.SendOption(3, Array.Empty<byte>());
                LogUntilAck(c, log);
                c.SendOption(6, NbdRawClient.NamePayload("nosuch"));
                LogOption(c, log);
                c.SendOption(6, NbdRawClient.NamePayload(new string('x', 100)));
                LogOption(c, log);
                c.SendOption(6, new byte[] { 0, 0, 0, 9, 1 });
                LogOption(c, log);
                c.SendOption(6, new byte[] { 0, 0, 0x10, 1, 0, 0 });
                LogOption(c, log);
                c.SendOption(7, new byte[] { 0, 0, 0, 2, (byte)'d', 0, 0, 0 });
                LogOption(c, log);
                c.SendOption(7, NbdRawClient.NamePayload("d0", 99, 1));
                LogUntilAck(c, log);
                break;
            case "info-order":
                c.Handshake();
                c.SendOption(8, Array.Empty<byte>());
                LogOption(c, log);
                c.SendOption(6, NbdRawClient.NamePayload("d0", 3, 1, 2));
                LogUntilAck(c, log);
                c.SendOption(6, NbdRawClient.NamePayload("w"));
                LogUntilAck(c, log);
                c.SendOption(7, NbdRawClient.NamePayload("w", 3));
                LogUntilAck(c, log);
                break;
            case "meta":
                c.Handshake();
                c.SendOption(9, NbdRawClient.MetaPayload("d0"));
                LogUntilAck(c, log);
                c.SendOption(8, Array.Empty<byte>());
                LogOption(c, log);
                c.SendOption(9, NbdRawClient.MetaPayload("d0", "base:"));
                LogUntilAck(c, log);
                c.SendOption(9, NbdRawClient.MetaPayload("d0", "qemu:"));
                LogUntilAck(c, log);
                c.SendOption(9, NbdRawClient.MetaPayload("d0", "base:allocation", "nosuch:x"));
                LogUntilAck(c, log);
                c.SendOption(10, NbdRawClient.MetaPayload("d0", "base:"));
                LogUntilAck(c, log);
                c.SendOption(10, NbdRawClient.MetaPayload("nosuch", "base:allocation"));
                LogOption(c, log);
                c.SendOption(10, NbdRawClient.MetaPayload("d0", "base:allocation"));
                LogUntilAck(c, log);
                c.SendOption(10, NbdRawClient.MetaPayload("d0"));
                LogUntilAck(c, log);
                c.SendOption(10, NbdRawClient.MetaPayload("d0", "base:allocation"));
                LogUntilAck(c, log);
                c.SendOption(7, NbdRawClient.NamePayload("d0"));
                LogUntilAck(c, log);
                c.SendRequest(7, 0, 5, 0, (uint)Size);
                LogReplies(c, log);
                c.SendRequest(7, 8, 6, 4096, 8192);
                LogReplies(c, log);
                break;
            case "plain-newstyle":
                c.Handshake(0);
                c.SendOption(3, Array.Empty<byte>());
                LogOption(c, log);
                break;
            case "export-name":
                c.Handshake(1);
                c.SendOption(1, Encoding.ASCII.GetBytes("w"));
                byte[] export = c.Receive(134);
                log.Append($"size {BinaryPrimitives.ReadUInt64BigEndian(export)} flags {BinaryPrimitives.ReadUInt16BigEndian(export.AsSpan(8)):x} zeroes {export.Skip(10).All(b => b == 0)};");
                c.SendRequest(0, 0, 7, 4096, 16);
                LogReplies(c, log, 16);
                break;
            case "flags-simple":
                c.Handshake();
                c.SendOption(7, NbdRawClient.NamePayload("d0"));
                LogUntilAck(c, log);
                break;
            case "read-only-write":
                log.Append($"flags {c.Open("d0"):x};");
                c.SendRequest(1, 0, 11, 0, 512, new byte[512]);
                LogReplies(c, log);
                c.SendRequest(6, 0, 12, 0, 512);
                LogReplies(c, log);
                c.SendRequest(4, 0, 13, 0, 512);
                LogReplies(c, log);
                c.SendRequest(3, 0, 14, 0, 0);
                LogReplies(c, log);
                c.SendRequest(0, 0, 15, 0, 16);
                LogReplies(c, log);
                break;
            case "past-eof":
                c.Open("w");
                c.SendRequest(0, 0, 21, (ulong)Size - 512, 1024);
                LogReplies(c, log);
                c.SendRequest(1, 0, 22, (ulong)Size - 512, 1024, new byte[1024]);
                LogReplies(c, log);
                c.SendRequest(6, 0, 23, (ulong)Size + 1, 0);
                LogReplies(c, log);
                c.SendRequest(5, 0, 24, (ulong)Size, 1);
                LogReplies(c, log);
                c.SendRequest(0, 0, 25, (ulong)Size, 0);
                LogReplies(c, log);
                break;
            case "oversized-read":
                c.Open("d0");
                c.SendRequest(0, 0, 31, 0, 64 * 1024 * 1024);
                LogReplies(c, log);
                c.SendRequest(5, 0, 32, 0, (32 * 1024 * 1024) + 1);
                LogReplies(c, log);
                c.SendRequest(0, 0, 33, 0, 32 * 1024 * 1024);
                LogReplies(c, log);
                break;
            case "bad-flags":
                c.Open("w");
                c.SendRequest(1, 4, 41, 0, 512, new byte[512]);
                LogReplies(c, log);
                c.SendRequest(0, 0x20, 42, 0, 512);
                LogReplies(c, log);
                c.SendRequest(6, 0x1b, 43, 0, 512);
                LogReplies(c, log);
                c.SendRequest(3, 8, 44, 0, 0);
                LogReplies(c, log);
                break;
            case "unknown-command":
                c.Open("w");
                c.SendRequest(99, 0, 51, 0, 0);
                LogReplies(c, log);
                c.SendRequest(99, 2, 52, 0, 0);
                LogReplies(c, log);
                c.SendRequest(7, 0, 53, 0, 512);
                LogReplies(c, log);
                break;
            case "block-status":
                c.Open("w", blockStatus: true);
                c.SendRequest(7, 0, 61, 0, 0);
                LogReplies(c, log);
                c.SendRequest(7, 0, 62, 0, 1024 * 1024);
                LogReplies(c, log);
                c.SendRequest(7, 8, 63, 4096, 4096);
                LogReplies(c, log);
                break;
            case "zero-read":
                c.Open("d0");
                c.SendRequest(0, 0, 71, 4096, 0);
                LogReplies(c, log);
                c.SendRequest(0, 4, 72, 512, 1024);
                LogReplies(c, log);
                break;
            case "simple-errors":
                c.Open("d0", structured: false);
                c.SendRequest(1, 0, 81, 0, 512, new byte[512]);
                LogReplies(c, log);
                c.SendRequest(0, 0, 82, (ulong)Size, 1);
                LogReplies(c, log);
                c.SendRequest(0, 4, 83, 0, 1);
                LogReplies(c, log);
                c.SendRequest(7, 0, 84, 0, 512);
                LogReplies(c, log);
                c.SendRequest(0, 0, 85, 8, 8);
                LogReplies(c, log, 8);
                break;
            case "bad-magic":
                c.Open("d0");
                c.SendRequest(0, 0, 91, 0, 512, magic: 0x12345678);
                LogReplies(c, log);
                log.Append($"closed {c.IsClosedByServer()};");
                break;
            case "oversized-write":
                c.Open("w");
                c.SendRequest(1, 0, 92, 0, (32 * 1024 * 1024) + 1);
                LogReplies(c, log);
                log.Append($"closed {c.IsClosedByServer()};");
                break;
            case "write-then-read":
                c.Open("w");
                byte[] data = Enumerable.Range(0, 4096).Select(i => (byte)(i * 13)).ToArray();
                c.SendRequest(1, 1, 101, 8192, 4096, data);
                LogReplies(c, log);
                c.SendRequest(6, 3, 102, 16384, 4096);
                LogReplies(c, log);
                c.SendRequest(3, 0, 103, 0, 0);
                LogReplies(c, log);
                c.SendRequest(0, 4, 104, 8192, 4096);
                NbdRawReply read = c.ReadReply();
                log.Append($"read {read.Type} same {read.Payload.AsSpan(8).SequenceEqual(data)};");
                c.SendRequest(0, 4, 105, 16384, 4096);
                read = c.ReadReply();
                log.Append($"zeroes {read.Type} {read.Payload.Skip(8).All(b => b == 0)};");
                c.SendRequest(2, 0, 106, 0, 0);
                log.Append($"closed {c.IsClosedByServer()};");
                break;
            case "unknown-client-flags":
                c.Handshake(0x80);
                log.Append($"closed {c.IsClosedByServer()};");
                break;
            case "export-name-unknown":
                c.Handshake();
                c.SendOption(1, System.Text.Encoding.ASCII.GetBytes("nosuch"));
                log.Append($"closed {c.IsClosedByServer()};");
                break;
            case "truncated-option":
                c.Handshake();
                c.SendOption(3, Array.Empty<byte>());
                LogUntilAck(c, log);
                c.Send(new byte[] { 0x49, 0x48, 0x41, 0x56 });
                break;
            case "bad-option-magic":
                c.Handshake();
                c.SendOption(3, Array.Empty<byte>(), magic: 0x1122334455667788UL);
                log.Append($"closed {c.IsClosedByServer()};");
                break;
        }
    }

    private static void LogOption(NbdRawClient c, StringBuilder log)
    {
        (uint option, uint type, byte[] payload) = c.ReadOptionReply();
        string text = type >= 0x80000000 || type == 2 ? Encoding.UTF8.GetString(payload) : Convert.ToHexString(payload);
        log.Append($"opt {option} rep {type:x} [{text}];");
    }

    private static void LogUntilAck(NbdRawClient c, StringBuilder log)
    {
        while (true)
        {
            (uint option, uint type, byte[] payload) = c.ReadOptionReply();
            string text = type >= 0x80000000 || type == 2 ? Encoding.UTF8.GetString(payload) : Convert.ToHexString(payload);
            log.Append($"opt {option} rep {type:x} [{text}];");
            if (type != 2 && type != 3 && type != 4)
            {
                return;
            }
        }
    }

    private static void LogReplies(NbdRawClient c, StringBuilder log, int simpleData = 0)
    {
        while (true)
        {
            NbdRawReply reply = c.ReadReply();
            if (!reply.Structured)
            {
                log.Append($"simple {reply.Cookie} errno {reply.Errno};");
                if (reply.Errno == 0 && simpleData > 0)
                {
                    log.Append($"data {Convert.ToHexString(c.Receive(simpleData))};");
                }

                return;
            }

            string body = reply.Type switch
            {
                32769 => $"errno {reply.Errno} '{reply.Message}'",
                1 => $"data at {BinaryPrimitives.ReadUInt64BigEndian(reply.Payload)} len {reply.Payload.Length - 8}",
                _ => Convert.ToHexString(reply.Payload),
            };
            log.Append($"chunk {reply.Cookie} flags {reply.Flags} type {reply.Type} {body};");
            if (reply.Done)
            {
                return;
            }
        }
    }
}
