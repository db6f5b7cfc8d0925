; pit_rtc.asm - the PIT's IRQ0 rate against the RTC: timer ticks (BDA 046Ch, counted by INT 08h)
; during two RTC seconds must be 2 x 18.2 (36 or 37); also INT 1Ah AH=00h agrees with the BDA.
%define PROGRAM_SECTORS 2
%include "boot.inc"

program_start:
        call next_second
        mov ebx, [0x46c]
        call next_second
        call next_second
        mov eax, [0x46c]
        sub eax, ebx
        mov [ticks], ax
        NOTE 'ticks-in-2-rtc-seconds'
        call e9_dec
        call report_newline
        cmp word [ticks], 36
        EXPECT ae, 'pit-rate-low-bound'
        cmp word [ticks], 37
        EXPECT be, 'pit-rate-high-bound'

        mov ah, 0
        int 0x1a
        mov ax, [0x46c]
        cmp dx, ax
        EXPECT e, 'int1a-ticks-match-bda'

        ; PIT counter 0 read with a latch command counts down between two reads.
        mov al, 0x00
        out 0x43, al
        in al, 0x40
        mov ah, al
        in al, 0x40
        xchg al, ah
        mov bx, ax
        mov cx, 200
.spin:  loop .spin
        mov al, 0x00
        out 0x43, al
        in al, 0x40
        mov ah, al
        in al, 0x40
        xchg al, ah
        cmp ax, bx
        EXPECT ne, 'pit-counter-moves'
        call report_done

; next_second: waits (STI; HLT between polls) until the RTC's seconds register changes.
next_second:
        mov al, 0x00
        out 0x70, al
        in al, 0x71
        mov dl, al
.poll:  sti
        hlt
        mov al, 0x0a
        out 0x70, al
        in al, 0x71
        test al, 0x80
        jnz .poll
        mov al, 0x00
        out 0x70, al
        in al, 0x71
        cmp al, dl
        je .poll
        ret

ticks: dw 0

%include "lib.inc"
%include "report.inc"
        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
