using System.Net;

namespace Emu.TestSupport.Qmp;

/// <summary>
/// Something that serves QMP on a socket for a scripted session: QEMU in a process, Emu's monitor
/// host in-process, or the <c>emu</c> program.
/// </summary>
public interface IQmpTarget : IAsyncDisposable
{
    /// <summary>The work directory holding the images and sockets.</summary>
    string WorkDirectory { get; }

    EndPoint Endpoint { get; }

    /// <summary>Completes when the target has ended after quit; faults when it ended abnormally.</summary>
    Task Exited { get; }
}
