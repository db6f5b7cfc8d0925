using System.Buffers;

namespace Emu.Monitor.Nbd;

/// <summary>
/// Buffers for request payloads and reply data. Sized for the largest request (32 MiB plus chunk
/// headers), so the data path rents and returns and never allocates once warm.
/// </summary>
internal static class NbdBufferPool
{
    public static readonly ArrayPool<byte> Shared = ArrayPool<byte>.Create(64 * 1024 * 1024, 32);
}
