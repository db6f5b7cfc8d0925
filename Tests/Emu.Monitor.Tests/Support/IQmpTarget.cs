using System.Net;

namespace Emu.Monitor.Tests.Support;

/// <summary>Something that serves QMP on a socket: QEMU in a process or Emu's monitor host in-process.</summary>
public interface IQmpTarget : IAsyncDisposable
{
    /// <summary>The work directory holding the images and sockets.</summary>
    string WorkDirectory { get; }

    EndPoint Endpoint { get; }

    /// <summary>Completes when the target has ended after quit.</summary>
    Task Exited { get; }
}
