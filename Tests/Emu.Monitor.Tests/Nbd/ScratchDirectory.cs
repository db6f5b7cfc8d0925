namespace Emu.Monitor.Tests.Nbd;

/// <summary>A temporary directory for images and sockets, removed on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = Directory.CreateTempSubdirectory("emu-nbd-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A raw image of <paramref name="size"/> bytes with a recognisable pattern in its first MiB and a hole after.</summary>
    public string PatternedRaw(string name, long size)
    {
        string path = File(name);
        ExternalTool.Check("qemu-img", "create", "-q", "-f", "raw", path, size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        byte[] pattern = new byte[1024 * 1024];
        for (int i = 0; i < pattern.Length; i++)
        {
            pattern[i] = (byte)((i * 7) + (i >> 12));
        }

        using FileStream stream = new(path, FileMode.Open, FileAccess.Write);
        stream.Write(pattern);
        stream.Position = size / 2;
        stream.Write(pattern.AsSpan(0, 65536));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
