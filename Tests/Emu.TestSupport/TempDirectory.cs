namespace Emu.TestSupport;

/// <summary>
/// A private scratch directory under the system's temp folder, removed at dispose. The name stays
/// short so unix socket paths inside it fit in 108 bytes.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "emu-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process a test started may still hold a file open; the folder is temp anyway.
        }
    }
}
