using System.Text;

namespace Emu.Regress.Running;

/// <summary>Follows emu's --line-log file while emu writes it, handing out each complete record once.</summary>
public sealed class LineLogFollower : IDisposable
{
    private readonly string _path;
    private readonly List<byte> _partial = [];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private FileStream? _file;

    public LineLogFollower(string path) => _path = path;

    /// <summary>The records completed since the last call (none while the file does not exist yet).</summary>
    public List<GuestLine> ReadNew()
    {
        List<GuestLine> lines = [];
        if (_file is null)
        {
            if (!File.Exists(_path))
            {
                return lines;
            }

            _file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }

        int read;
        while ((read = _file.Read(_buffer)) > 0)
        {
            for (int i = 0; i < read; i++)
            {
                if (_buffer[i] == (byte)'\n')
                {
                    lines.Add(GuestLine.Parse(Encoding.Latin1.GetString(_partial.ToArray())));
                    _partial.Clear();
                }
                else
                {
                    _partial.Add(_buffer[i]);
                }
            }
        }

        return lines;
    }

    public void Dispose() => _file?.Dispose();
}
