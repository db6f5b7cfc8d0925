using System.Runtime.CompilerServices;

namespace Emu.Core.Cpu;

/// <summary>EAX … EDI in encoding order, then a constant zero (index 8) used for absent address registers.</summary>
[InlineArray(16)]
internal struct RegisterFile
{
    private uint _element;
}
