namespace Emu.Devices.Serial;

/// <summary>QEMU <c>-serial file:PATH</c>: output goes to a file (created or truncated), no input.</summary>
public sealed class FileCharBackend : ICharBackend, IDisposable
{
    private readonly FileStream _file;

    public FileCharBackend(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
    }

    /// <summary>A file the caller opened (an inherited descriptor: libvirt's <c>/dev/fdset/N</c>); written where its descriptor points.</summary>
    public FileCharBackend(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        _file = new FileStream(handle, FileAccess.Write, bufferSize: 0);
    }

    public Action? InputAvailable { get; set; }

    public bool HasInput => false;

    public void Write(ReadOnlySpan<byte> data)
    {
        _file.Write(data);
        _file.Flush();
    }

    public int Read(Span<byte> destination) => 0;

    public void Dispose() => _file.Dispose();
}
