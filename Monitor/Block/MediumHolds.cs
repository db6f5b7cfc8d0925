using Emu.Devices.Block;

namespace Emu.Monitor.Block;

/// <summary>
/// Who keeps a medium open besides its drive. QEMU closes a block node only when its last
/// reference goes (bdrv_unref): an NBD export made by node name keeps serving the old image after
/// the drive ejects it (nbd.md 8.1), and an export tied to the drive finishes its clients'
/// requests before the image closes. A drive letting go of its medium calls <see cref="Close"/>;
/// each other user takes a <see cref="Hold"/> and disposes it when done. Thread-safe.
/// </summary>
public sealed class MediumHolds
{
    private readonly object _lock = new();
    private readonly Dictionary<IBlockBackend, Entry> _entries = new(ReferenceEqualityComparer.Instance);

    /// <summary>Keeps <paramref name="medium"/> open until the result is disposed.</summary>
    public IDisposable Hold(IBlockBackend medium)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(medium, out Entry? entry))
            {
                entry = new Entry();
                _entries.Add(medium, entry);
            }

            entry.Holds++;
        }

        return new Lease(this, medium);
    }

    /// <summary>The drive no longer uses <paramref name="medium"/>: it closes now, or when the last hold ends.</summary>
    public void Close(IBlockBackend medium)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(medium, out Entry? entry))
            {
                entry.Closed = true;
                return;
            }
        }

        medium.Dispose();
    }

    /// <summary>How many holds keep <paramref name="medium"/> open now.</summary>
    public int HoldCount(IBlockBackend medium)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(medium, out Entry? entry) ? entry.Holds : 0;
        }
    }

    private void Release(IBlockBackend medium)
    {
        lock (_lock)
        {
            Entry entry = _entries[medium];
            if (--entry.Holds > 0)
            {
                return;
            }

            _entries.Remove(medium);
            if (!entry.Closed)
            {
                return;
            }
        }

        medium.Dispose();
    }

    private sealed class Entry
    {
        public int Holds { get; set; }

        public bool Closed { get; set; }
    }

    private sealed class Lease : IDisposable
    {
        private readonly IBlockBackend _medium;
        private MediumHolds? _owner;

        public Lease(MediumHolds owner, IBlockBackend medium)
        {
            _owner = owner;
            _medium = medium;
        }

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(_medium);
    }
}
