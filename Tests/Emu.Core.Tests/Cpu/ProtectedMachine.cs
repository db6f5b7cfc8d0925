namespace Emu.Core.Tests.Cpu;

/// <summary>
/// A <see cref="TestMachine"/> whose program enters 32-bit protected mode (GDT: 08h flat code,
/// 10h flat data, then <c>extraGdt</c> from 18h), with IDT gates 0-31 at 8000h pointing at stubs
/// that set EBP to the vector and halt (the error code, when there is one, is at [ESP]).
/// EBP is -1 while no exception was taken. The body runs at CPL 0 with ESP = 7000h and ends with HLT.
/// </summary>
internal static class ProtectedMachine
{
    public static TestMachine Create(string body, string extraGdt = "", bool cache = true) => new(
        $"""
            cli
            lgdt [gdtr]
            lidt [idtr]
            mov eax, cr0
            or al, 1
            mov cr0, eax
            jmp dword 0x08:pm
            align 8
        gdt:
            dq 0
            dq 0x00CF9A000000FFFF
            dq 0x00CF92000000FFFF
        {extraGdt}
        gdt_end:
        gdtr:
            dw gdt_end - gdt - 1
            dd gdt
        idtr:
            dw 32 * 8 - 1
            dd 0x8000
            bits 32
        pm:
            mov ax, 0x10
            mov ds, ax
            mov es, ax
            mov ss, ax
            mov esp, 0x7000
            xor ecx, ecx
        gates:
            lea eax, [stubs + ecx * 8]
            mov [0x8000 + ecx * 8], ax
            mov word [0x8000 + ecx * 8 + 2], 0x08
            mov word [0x8000 + ecx * 8 + 4], 0x8E00
            shr eax, 16
            mov [0x8000 + ecx * 8 + 6], ax
            inc ecx
            cmp ecx, 32
            jne gates
            mov ebp, -1
        {body}
            hlt
            align 8
        stubs:
        %assign v 0
        %rep 32
            mov ebp, v
            hlt
            nop
            nop
        %assign v v + 1
        %endrep
        """,
        cache);

    public static int Vector(TestMachine m) => (int)m.Cpu.EBP;

    public static uint ErrorCode(TestMachine m) => m.Memory.Read32(m.Cpu.ESP);
}
