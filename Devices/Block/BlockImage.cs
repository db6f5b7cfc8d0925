namespace Emu.Devices.Block;

/// <summary>
/// Opens disk images the way QEMU's <c>-drive</c> does: format probing or <c>format=</c>,
/// <c>readonly=</c>, <c>snapshot=</c>, <c>discard=</c>, <c>cache=</c>, image locking and backing
/// files. Errors carry QEMU's texts: the message is "Could not open 'x': reason", with the bare
/// reason in <see cref="BlockException.Reason"/> and a second line in <see cref="BlockException.Hint"/>.
/// </summary>
public static class BlockImage
{
    /// <summary>
    /// Opens <paramref name="path"/> as a block backend. The result also implements
    /// <see cref="IInternalSnapshots"/> when it is qcow2.
    /// </summary>
    public static IBlockBackend Open(string path, BlockOpenOptions options)
    {
        if (options.ForceShare && !options.ReadOnly)
        {
            throw HostFile.OpenError(path, "force-share=on can only be used with read-only images");
        }

        if (options.Snapshot && !options.ReadOnly)
        {
            return OpenWithOverlay(path, options);
        }

        return OpenImage(path, options, depth: 0);
    }

    private static IBlockBackend OpenImage(string path, BlockOpenOptions options, int depth)
    {
        if (depth > 16)
        {
            throw HostFile.OpenError(path, "Backing file chain too deep");
        }

        string? format = options.Format;
        if (format is not null && format is not ("raw" or "qcow2"))
        {
            throw HostFile.OpenError(path, $"Unknown driver '{format}'");
        }

        HostFile file = HostFile.Open(path, !options.ReadOnly, options.Cache);
        try
        {
            bool probed = false;
            if (format is null)
            {
                Span<byte> sector = stackalloc byte[FormatProbe.SectorSize];
                file.Read(0, sector);
                format = FormatProbe.Detect(sector);
                if (format is not (null or "qcow2"))
                {
                    throw HostFile.OpenError(path, $"Image format '{format}' is not supported");
                }

                probed = format is null;
                format ??= "raw";
            }

            if (options.Locking)
            {
                (LockPermissions held, LockPermissions unshared) = Permissions(format, options);
                file.Lock(path, held, unshared);
            }

            if (format == "raw")
            {
                if (probed && depth == 0)
                {
                    Warn(options, $"WARNING: Image format was not specified for '{path}' and probing guessed raw.\n"
                        + "         Automatically detecting the format is dangerous for raw images, write operations on block 0 will be restricted.\n"
                        + "         Specify the 'raw' format explicitly to remove the restrictions.");
                }

                return new RawImage(file, options.ReadOnly, probed && !options.ReadOnly, options.Discard);
            }

            return OpenQcow2(path, file, options, depth);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static Qcow2Image OpenQcow2(string path, HostFile file, BlockOpenOptions options, int depth)
    {
        Qcow2Header header;
        try
        {
            header = Qcow2Header.Read(file, !options.ReadOnly);
        }
        catch (BlockException e) when (e.Reason is not null)
        {
            throw HostFile.OpenError(path, e.Reason, e.Hint);
        }

        IBlockBackend? backing = null;
        if (header.BackingFile is not null)
        {
            string backingPath = Path.IsPathRooted(header.BackingFile)
                ? header.BackingFile
                : Path.Combine(Path.GetDirectoryName(path) ?? ".", header.BackingFile);
            string? backingFormat = header.BackingFormat is "raw" or "qcow2" ? header.BackingFormat : null;
            if (header.BackingFormat is not (null or "raw" or "qcow2"))
            {
                throw HostFile.OpenError(path, $"Unknown driver '{header.BackingFormat}'");
            }

            BlockOpenOptions backingOptions = options with { ReadOnly = true, Snapshot = false, Format = backingFormat, ForceShare = false };
            backing = OpenImage(backingPath, backingOptions, depth + 1);
        }

        try
        {
            return new Qcow2Image(file, header, backing, options.ReadOnly, options.Discard);
        }
        catch (BlockException e) when (e.Reason is not null && !e.Message.StartsWith("Could not open", StringComparison.Ordinal))
        {
            backing?.Dispose();
            throw HostFile.OpenError(path, e.Reason, e.Hint);
        }
        catch
        {
            backing?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>snapshot=on</c>: the image is opened read-only and a temporary qcow2 overlay takes the
    /// writes; the overlay file is unlinked at once, so it disappears when Emu exits however it exits.
    /// </summary>
    private static IBlockBackend OpenWithOverlay(string path, BlockOpenOptions options)
    {
        IBlockBackend baseImage = OpenImage(path, options with { ReadOnly = true, Snapshot = false }, depth: 0);
        try
        {
            string directory = options.TemporaryDirectory ?? Path.GetTempPath();
            string overlay = Path.Combine(directory, "vl." + Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
            Qcow2Creator.Create(overlay, baseImage.Length, 3, 65536, Path.GetFullPath(path), baseImage.Format);
            HostFile file = HostFile.Open(overlay, true, CacheMode.Unsafe);
            File.Delete(overlay);
            Qcow2Header header = Qcow2Header.Read(file, writable: true);
            return new Qcow2Image(file, header, baseImage, readOnly: false, options.Discard);
        }
        catch
        {
            baseImage.Dispose();
            throw;
        }
    }

    /// <summary>The lock bytes QEMU's users take (image-locking.md §4.1 and §8).</summary>
    private static (LockPermissions Held, LockPermissions Unshared) Permissions(string format, BlockOpenOptions options)
    {
        if (options.ForceShare)
        {
            return (LockPermissions.ConsistentRead, LockPermissions.None);
        }

        if (options.ReadOnly)
        {
            return (LockPermissions.ConsistentRead, LockPermissions.Write | LockPermissions.Resize);
        }

        return format == "qcow2"
            ? (LockPermissions.ConsistentRead | LockPermissions.Write | LockPermissions.Resize, LockPermissions.Write | LockPermissions.Resize)
            : (LockPermissions.ConsistentRead | LockPermissions.Write, LockPermissions.Write);
    }

    private static void Warn(BlockOpenOptions options, string text)
    {
        if (options.Warning is not null)
        {
            options.Warning(text);
        }
        else
        {
            Console.Error.WriteLine(text);
        }
    }
}
