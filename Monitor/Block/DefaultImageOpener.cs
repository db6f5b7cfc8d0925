using Emu.Devices.Block;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Block;

/// <summary>
/// The image opener QMP uses for new media, following QEMU bdrv_open's order: the driver name is
/// checked first (<c>Unknown driver</c>), then the file is opened (<c>Could not open</c>), then
/// the format is probed or verified by its magic; then the block layer opens it (with image
/// locking, as QEMU does).
/// </summary>
public sealed class DefaultImageOpener
{
    private static readonly byte[] Qcow2Magic = { (byte)'Q', (byte)'F', (byte)'I', 0xFB };

    private readonly Action<string>? _warning;

    /// <param name="warning">Where block-layer warnings go; null writes them to standard error.</param>
    public DefaultImageOpener(Action<string>? warning)
    {
        _warning = warning;
    }

    public IBlockBackend Open(string fileName, string? format, bool readOnly)
    {
        if (format is not null && format != "raw" && format != "qcow2")
        {
            throw new QmpException(QmpError.Generic($"Unknown driver '{format}'"));
        }

        byte[] magic = new byte[4];
        int got;
        try
        {
            using FileStream probe = new(fileName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            got = probe.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        }
        catch (FileNotFoundException)
        {
            throw CouldNotOpen(fileName, "No such file or directory");
        }
        catch (DirectoryNotFoundException)
        {
            throw CouldNotOpen(fileName, "No such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw CouldNotOpen(fileName, "Permission denied");
        }
        catch (IOException e)
        {
            throw CouldNotOpen(fileName, e.Message);
        }

        bool isQcow2 = got == 4 && magic.AsSpan().SequenceEqual(Qcow2Magic);
        string actual = format ?? (isQcow2 ? "qcow2" : "raw");
        if (actual == "qcow2" && !isQcow2)
        {
            throw new QmpException(QmpError.Generic("Image is not in qcow2 format"));
        }

        try
        {
            // A read-only guest device shares write access with other users of the image (QEMU's
            // ide-cd asks only for read), so a read-only medium takes no lock that could refuse them.
            return BlockImage.Open(fileName, new BlockOpenOptions { Format = actual, ReadOnly = readOnly, ForceShare = readOnly, Warning = _warning });
        }
        catch (BlockException e)
        {
            throw new QmpException(QmpError.Generic(e.Message));
        }
    }

    private static QmpException CouldNotOpen(string fileName, string why) =>
        new(QmpError.Generic($"Could not open '{fileName}': {why}"));
}
