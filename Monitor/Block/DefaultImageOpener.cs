using Emu.Devices.Block;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Block;

/// <summary>
/// The image opener QMP uses for new media, following QEMU bdrv_open's order: the driver name is
/// checked first (<c>Unknown driver</c>), then the file is opened (<c>Could not open</c>), then
/// the format is probed or verified by its magic. qcow2 images are opened through the factory the
/// host was given (the block layer's qcow2 driver).
/// </summary>
public sealed class DefaultImageOpener
{
    private static readonly byte[] Qcow2Magic = { (byte)'Q', (byte)'F', (byte)'I', 0xFB };

    private readonly Func<string, bool, IBlockBackend>? _openQcow2;

    public DefaultImageOpener(Func<string, bool, IBlockBackend>? openQcow2)
    {
        _openQcow2 = openQcow2;
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
            if (actual == "raw")
            {
                return RawImage.Open(fileName, readOnly);
            }

            if (_openQcow2 is null)
            {
                throw new QmpException(QmpError.Generic($"Could not open '{fileName}': the qcow2 driver is not available"));
            }

            return _openQcow2(fileName, readOnly);
        }
        catch (UnauthorizedAccessException)
        {
            throw CouldNotOpen(fileName, "Permission denied");
        }
        catch (BlockException e)
        {
            throw CouldNotOpen(fileName, e.Message);
        }
    }

    private static QmpException CouldNotOpen(string fileName, string why) =>
        new(QmpError.Generic($"Could not open '{fileName}': {why}"));
}
