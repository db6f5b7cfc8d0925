namespace Emu.Core.Io;

/// <summary>Which access widths a device takes whole on a port it claims.</summary>
[Flags]
public enum PortWidths : byte
{
    Byte = 1,
    Word = 2,
    Dword = 4,
    All = Byte | Word | Dword,
}
