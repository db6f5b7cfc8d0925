; memory.asm - memory-size services on a 128 MiB machine: INT 12h, INT 15h 88h, E801h, E820h.
%define PROGRAM_SECTORS 2
%include "boot.inc"

program_start:
        int 0x12
        cmp ax, 639
        EXPECT e, 'int12-639k'
        mov ah, 0x88
        int 0x15
        cmp ax, 0xfc00
        EXPECT e, 'int15-88-capped'
        mov ax, 0xe801
        int 0x15
        cmp ax, 0x3c00
        EXPECT e, 'e801-below-16m'
        cmp bx, 0x06fe
        EXPECT e, 'e801-above-16m'

        ; Walk the E820 map into 0000:0600, 20 bytes an entry.
        xor ebx, ebx
        mov di, 0x600
        xor bp, bp
.next:  mov eax, 0xe820
        mov edx, 0x534d4150
        mov ecx, 24
        int 0x15
        jc .end
        cmp eax, 0x534d4150
        jne .end
        inc bp
        add di, 20
        test ebx, ebx
        jnz .next
.end:
        cmp bp, 6
        EXPECT e, 'e820-six-entries'
        cmp dword [0x600 + 3 * 20], 0x100000
        EXPECT e, 'e820-ram-above-1m-base'
        cmp dword [0x600 + 3 * 20 + 8], 0x07ee0000
        EXPECT e, 'e820-ram-above-1m-length'
        cmp dword [0x600 + 3 * 20 + 16], 1
        EXPECT e, 'e820-ram-type'
        cmp dword [0x600 + 1 * 20], 0x9fc00
        EXPECT e, 'e820-ebda-reserved'
        cmp dword [0x600 + 1 * 20 + 16], 2
        EXPECT e, 'e820-ebda-type'
        call report_done

%include "lib.inc"
%include "report.inc"
        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
