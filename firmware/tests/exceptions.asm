; exceptions.asm - CPU exceptions and software interrupts through the real-mode IVT:
; #DE (divide error), #UD (UD2), INT3, INTO, and an INT n with a guest handler.
%define PROGRAM_SECTORS 2
%include "boot.inc"

program_start:
        mov word [0 * 4], de_handler
        mov word [0 * 4 + 2], 0
        mov word [6 * 4], ud_handler
        mov word [6 * 4 + 2], 0
        mov word [3 * 4], bp_handler
        mov word [3 * 4 + 2], 0
        mov word [4 * 4], of_handler
        mov word [4 * 4 + 2], 0
        mov word [0x60 * 4], int60_handler
        mov word [0x60 * 4 + 2], 0

        ; #DE: the saved IP is the faulting DIV; the handler skips it (2 bytes).
        mov byte [hits], 0
        mov ax, 100
        xor bl, bl
.div:   div bl
        cmp byte [hits], 1
        EXPECT e, 'de-delivered'
        cmp word [saved_ip], .div
        EXPECT e, 'de-faulting-ip'

        ; #UD from UD2 (0F 0B): the saved IP is the instruction itself.
        mov byte [hits], 0
.ud:    ud2
        cmp byte [hits], 1
        EXPECT e, 'ud-delivered'
        cmp word [saved_ip], .ud
        EXPECT e, 'ud-faulting-ip'

        ; INT3 is a trap: the saved IP is after it.
        mov byte [hits], 0
        int3
.after_bp:
        cmp byte [hits], 1
        EXPECT e, 'int3-delivered'
        cmp word [saved_ip], .after_bp
        EXPECT e, 'int3-next-ip'

        ; INTO raises INT 4 only with OF set.
        mov byte [hits], 0
        mov al, 0x7f
        add al, 1
        into
        cmp byte [hits], 1
        EXPECT e, 'into-overflow'
        xor al, al
        into
        cmp byte [hits], 1
        EXPECT e, 'into-no-overflow'

        ; INT 60h with a guest handler; flags come back from the handler's IRET.
        mov ax, 0
        stc
        int 0x60
        cmp ax, 0x1234
        EXPECT e, 'int-n-handler'

        ; The BIOS's own vectors still answer: INT 11h and INT 12h.
        int 0x12
        cmp ax, 639
        EXPECT e, 'int12-memory'
        call report_done

de_handler:
ud_handler:
        push bp
        mov bp, sp
        mov ax, [bp + 2]
        mov [saved_ip], ax
        add word [bp + 2], 2
        inc byte [hits]
        pop bp
        iret

bp_handler:
of_handler:
        push bp
        mov bp, sp
        push ax
        mov ax, [bp + 2]
        mov [saved_ip], ax
        pop ax
        inc byte [hits]
        pop bp
        iret

int60_handler:
        mov ax, 0x1234
        iret

hits:     db 0
saved_ip: dw 0

%include "lib.inc"
%include "report.inc"
        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
