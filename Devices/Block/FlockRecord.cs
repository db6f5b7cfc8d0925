using System.Runtime.InteropServices;

namespace Emu.Devices.Block;

/// <summary>
/// <c>struct flock</c> of Linux x86_64 glibc, 32 bytes: l_type (int16), l_whence (int16), padding,
/// l_start (int64), l_len (int64), l_pid (int32), padding. Sequential layout gives exactly that.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FlockRecord
{
    public short Type;
    public short Whence;
    public long Start;
    public long Length;
    public int Pid;
}
