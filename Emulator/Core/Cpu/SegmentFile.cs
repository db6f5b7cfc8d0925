using System.Runtime.CompilerServices;

namespace Emu.Core.Cpu;

/// <summary>ES, CS, SS, DS, FS, GS in encoding order.</summary>
[InlineArray(6)]
internal struct SegmentFile
{
    private SegmentCache _element;
}
