using System.Text.Json.Serialization;

namespace Emu.Monitor.Nbd.Model;

/// <summary>
/// qapi/sockets.json SocketAddressLegacy: a union keyed by <c>type</c> whose members sit under
/// <c>data</c> (the nested form nbd-server-start takes). Emu listens on inet and unix addresses.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Inet), "inet")]
[JsonDerivedType(typeof(Unix), "unix")]
[JsonDerivedType(typeof(Vsock), "vsock")]
[JsonDerivedType(typeof(Fd), "fd")]
public abstract class SocketAddressLegacy
{
    public sealed class Inet : SocketAddressLegacy
    {
        [JsonPropertyName("data")]
        public required InetSocketAddress Data { get; init; }
    }

    public sealed class Unix : SocketAddressLegacy
    {
        [JsonPropertyName("data")]
        public required UnixSocketAddress Data { get; init; }
    }

    public sealed class Vsock : SocketAddressLegacy
    {
        [JsonPropertyName("data")]
        public required VsockSocketAddress Data { get; init; }
    }

    public sealed class Fd : SocketAddressLegacy
    {
        [JsonPropertyName("data")]
        public required FdSocketAddress Data { get; init; }
    }
}
