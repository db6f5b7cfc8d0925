; smc.asm - self-modifying code: a decoded (cached) block is patched and must run the new bytes.
%define PROGRAM_SECTORS 2
%include "boot.inc"

program_start:
        ; Run the block once so the CPU has decoded it, then patch its immediate.
        mov cx, 2
        mov byte [patched + 1], 0x11
.again: call patched
        mov byte [patched + 1], 0x42
        loop .again
        cmp al, 0x42
        EXPECT e, 'smc-immediate'

        ; Patch the next instruction in the same block (the write must end the block).
        mov byte [.next + 1], 0x99
.next:  mov bl, 0x00
        cmp bl, 0x99
        EXPECT e, 'smc-same-block'

        ; Copy code to another page and run it there, twice with different contents.
        mov si, template
        mov di, 0x9000
        mov cx, template_end - template
        rep movsb
        call 0x9000
        mov dx, ax
        mov byte [0x9001], 0x77
        call 0x9000
        cmp dx, 0x0055
        EXPECT e, 'smc-copied-code'
        cmp ax, 0x0077
        EXPECT e, 'smc-copied-code-rewritten'
        call report_done

patched:
        mov al, 0x00
        ret

template:
        mov ax, 0x0055
        ret
template_end:

%include "lib.inc"
%include "report.inc"
        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
