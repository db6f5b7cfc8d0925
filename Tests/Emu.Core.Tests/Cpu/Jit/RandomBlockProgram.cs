using System.Text;

namespace Emu.Core.Tests.Cpu.Jit;

/// <summary>
/// A random real-mode program for the tier comparison: a loop body of random instructions (ALU, shifts,
/// moves, memory operands, short forward branches, pushes and pops, divides that may raise #DE, #UD,
/// #GP from a 32-bit offset past the segment limit, and stores that rewrite the next instruction's
/// immediate), placed so that the body crosses a 4 KiB page boundary. A fault lands in a handler that
/// counts it and goes on with the next pass of the loop.
/// </summary>
internal static class RandomBlockProgram
{
    public const uint Origin = 0x1E00;

    public const uint Data = 0x3000;

    public const uint DataBytes = 0x100;

    public const uint Handler = Origin + 0x60;

    private static readonly string[] R32 = ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp"];
    private static readonly string[] R16 = ["ax", "bx", "cx", "dx", "si", "di", "bp"];
    private static readonly string[] R8 = ["al", "bl", "cl", "dl", "ah", "bh", "ch", "dh"];
    private static readonly string[] Alu = ["add", "sub", "adc", "sbb", "and", "or", "xor", "cmp", "test"];
    private static readonly string[] Shifts = ["shl", "shr", "sar", "rol", "ror", "rcl", "rcr"];
    private static readonly string[] Conditions = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"];

    /// <summary>
    /// NASM source of a program with <paramref name="length"/> body instructions, run <paramref name="passes"/> times;
    /// with <paramref name="selfModifying"/>, some of them rewrite the body (which then is decoded afresh every pass).
    /// </summary>
    public static string Generate(Random rng, int length, int passes, bool selfModifying)
    {
        StringBuilder s = new();
        s.AppendLine("bits 16");
        s.AppendLine($"org 0x{Origin:X}");
        s.AppendLine("start:");
        s.AppendLine("    cli");
        s.AppendLine("    xor ax, ax");
        s.AppendLine("    mov ds, ax");
        s.AppendLine("    mov es, ax");
        s.AppendLine($"    mov word [passes], {passes}");
        foreach (string r in R32)
        {
            s.AppendLine($"    mov {r}, 0x{rng.Next():X}");
        }

        s.AppendLine("    jmp body");
        s.AppendLine($"    times 0x{Handler - Origin:X} - ($ - $$) nop");
        s.AppendLine("handler:");
        s.AppendLine("    add sp, 6");
        s.AppendLine("    inc word [faults]");
        s.AppendLine("    jmp next");

        // The body starts shortly before the page boundary at 2000h.
        s.AppendLine($"    times 0x{0x2000 - Origin - 0x30 - rng.Next(0x40):X} - ($ - $$) nop");
        s.AppendLine("body:");
        for (int k = 0; k < length; k++)
        {
            s.AppendLine("    " + Instruction(rng, k, selfModifying));
        }

        s.AppendLine("next:");
        s.AppendLine("    dec word [passes]");
        s.AppendLine("    jnz body");
        s.AppendLine("    hlt");
        s.AppendLine($"passes equ 0x{Data + DataBytes:X}");
        s.AppendLine($"faults equ 0x{Data + DataBytes + 2:X}");
        return s.ToString();
    }

    private static string Pick(Random rng, string[] a) => a[rng.Next(a.Length)];

    private static string Mem(Random rng, string size) => $"{size} [0x{Data + (uint)rng.Next((int)DataBytes - 4):X}]";

    private static string Instruction(Random rng, int k, bool selfModifying)
    {
        int pick = rng.Next(22);
        if (!selfModifying && pick == 19)
        {
            pick = 18;
        }

        switch (pick)
        {
            case 0:
                return $"{Pick(rng, Alu)} {Pick(rng, R32)}, {Pick(rng, R32)}";
            case 1:
                return $"{Pick(rng, Alu)} {Pick(rng, R16)}, 0x{rng.Next(0x10000):X}";
            case 2:
                return $"{Pick(rng, Alu)} {Pick(rng, R8)}, {Pick(rng, R8)}";
            case 3:
                return $"{(rng.Next(2) == 0 ? "inc" : "dec")} {Pick(rng, rng.Next(3) == 0 ? R16 : R32)}";
            case 4:
                return $"mov {Pick(rng, R32)}, 0x{rng.Next():X}";
            case 5:
                return $"mov {Pick(rng, R16)}, {Pick(rng, R16)}";
            case 6:
                return $"mov {Pick(rng, R16)}, {Mem(rng, "word")}";
            case 7:
                return $"mov {Mem(rng, "dword")}, {Pick(rng, R32)}";
            case 8:
                return $"{Pick(rng, Alu)} {Mem(rng, "word")}, {Pick(rng, R16)}";
            case 9:
                return $"{Pick(rng, Alu)} {Pick(rng, R32)}, {Mem(rng, "dword")}";
            case 10:
                return $"{Pick(rng, Shifts)} {Pick(rng, R32)}, {rng.Next(1, 32)}";
            case 11:
                return $"{Pick(rng, Shifts)} {Pick(rng, R16)}, cl";
            case 12:
                return $"j{Pick(rng, Conditions)} short .s{k}\n    {Pick(rng, Alu)} {Pick(rng, R32)}, {Pick(rng, R32)}\n.s{k}:";
            case 13:
                return $"push {Pick(rng, R16)}\n    pop {Pick(rng, R16)}";
            case 14:
                return $"set{Pick(rng, Conditions)} {Pick(rng, R8)}";
            case 15:
                return $"cmov{Pick(rng, Conditions)} {Pick(rng, R32)}, {Pick(rng, R32)}";
            case 16:
                return $"{(rng.Next(2) == 0 ? "neg" : "not")} {Pick(rng, R16)}";
            case 17:
                return $"imul {Pick(rng, R32)}, {Pick(rng, R32)}, {rng.Next(-100, 100)}";
            case 18:
                // May divide by zero or overflow (#DE).
                return $"div {Pick(rng, R8)}";
            case 19:
                // Rewrites the immediate of the next instruction in the running block (self-modifying code).
                return $"mov byte [.m{k} + 1], 0x{rng.Next(256):X2}\n.m{k}:\n    mov {Pick(rng, R8)}, 0";
            case 20:
                // An offset past the 64 KiB real-mode limit raises #GP, or reads inside it when the register is small.
                return $"movzx eax, word [esi + 0x{rng.Next(0x100):X}]";
            default:
                return rng.Next(8) == 0 ? "ud2" : $"lea {Pick(rng, R16)}, [bx + si + 0x{rng.Next(0x100):X}]";
        }
    }
}
