using Emu.Devices.Block;

namespace Emu.Monitor.Block;

/// <summary>
/// The named block nodes outside the drives (QEMU's block graph as far as Emu has one):
/// protocol nodes (driver file) and opened format nodes no device uses (added by blockdev-add,
/// or taken out by blockdev-remove-medium). Emu opens an image as one backend, so a format node
/// and the file node under it are one open image; the file node is kept by name so that
/// blockdev-del refuses it while a format node stands on it, as QEMU does. A child QEMU named
/// itself (#blockN, a nested file node) goes with its parent. Guarded by its own lock.
/// </summary>
public sealed class BlockdevNodes
{
    private readonly object _gate = new();
    private readonly Dictionary<string, string?> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IBlockBackend> _detached = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fileOf = new(StringComparer.Ordinal);
    private int _autoNames;

    /// <summary>A name for a nested node its client did not name, as QEMU's #blockN.</summary>
    public string AutoName()
    {
        lock (_gate)
        {
            return $"#block{++_autoNames + 400}";
        }
    }

    /// <summary>A file node: its name and file name (null for one the command line opened together with its format node).</summary>
    public void AddFile(string name, string? fileName)
    {
        lock (_gate)
        {
            _files[name] = fileName;
        }
    }

    /// <summary>The file name of file node <paramref name="name"/>; false when there is no such node.</summary>
    public bool TryGetFile(string name, out string? fileName)
    {
        lock (_gate)
        {
            return _files.TryGetValue(name, out fileName);
        }
    }

    /// <summary>Format node <paramref name="format"/> stands on file node <paramref name="file"/> (attached or not).</summary>
    public void UseFile(string format, string file)
    {
        lock (_gate)
        {
            _fileOf[format] = file;
        }
    }

    /// <summary>The file node format node <paramref name="format"/> stands on, or null when it was opened together with it.</summary>
    public string? FileOf(string format)
    {
        lock (_gate)
        {
            return _fileOf.GetValueOrDefault(format);
        }
    }

    /// <summary>An opened format node no device uses.</summary>
    public void AddDetached(string name, IBlockBackend medium)
    {
        lock (_gate)
        {
            _detached[name] = medium;
        }
    }

    public bool Contains(string name)
    {
        lock (_gate)
        {
            return _files.ContainsKey(name) || _detached.ContainsKey(name);
        }
    }

    /// <summary>Takes a detached format node for a device; null when there is none of that name.</summary>
    public IBlockBackend? TakeDetached(string name)
    {
        lock (_gate)
        {
            return _detached.Remove(name, out IBlockBackend? medium) ? medium : null;
        }
    }

    /// <summary>blockdev-del of a node outside any drive: QEMU's error text, or null once it is gone (a format node's image closed).</summary>
    public string? Delete(string name)
    {
        lock (_gate)
        {
            if (_detached.Remove(name, out IBlockBackend? medium))
            {
                medium.Dispose();
                if (_fileOf.Remove(name, out string? file) && file.StartsWith('#') && !_fileOf.ContainsValue(file))
                {
                    _files.Remove(file);
                }

                return null;
            }

            if (_files.ContainsKey(name))
            {
                if (_fileOf.ContainsValue(name))
                {
                    return $"Block device {name} is in use";
                }

                _files.Remove(name);
                return null;
            }

            return $"Failed to find node with node-name='{name}'";
        }
    }
}
