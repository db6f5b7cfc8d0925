namespace Emu.BlockCrashWriter;

/// <summary>
/// The seeded sequence of operations the crash writer performs; the test regenerates it to know
/// what each sector may hold. Sector contents are 4-byte tags: tag i+1 for write i, 0 for zeroes.
/// </summary>
public static class CrashPlan
{
    public const int SectorSize = 512;

    public enum Kind
    {
        Write,
        Zero,
        Flush,
        CreateSnapshot,
        DeleteSnapshot,
    }

    public readonly record struct Step(Kind Kind, long Offset, int Length, int Tag);

    public static IEnumerable<Step> Steps(int seed, long size)
    {
        Random random = new(seed);
        for (int i = 0; ; i++)
        {
            int roll = random.Next(100);
            long offset = random.Next((int)(size / SectorSize) - 128) * (long)SectorSize;
            int length = SectorSize * random.Next(1, 129);
            Kind kind = roll switch
            {
                < 80 => Kind.Write,
                < 86 => Kind.Zero,
                < 94 => Kind.Flush,
                < 97 => Kind.CreateSnapshot,
                _ => Kind.DeleteSnapshot,
            };
            yield return new Step(kind, offset, length, kind == Kind.Write ? i + 1 : 0);
        }
    }

    public static void FillSector(Span<byte> sector, int tag)
    {
        for (int i = 0; i < sector.Length; i += 4)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(sector[i..], tag);
        }
    }
}
