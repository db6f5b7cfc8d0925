; keyboard.asm - keys typed by the test (injected into the PS/2 keyboard after "READY") arrive
; through IRQ1, INT 09h and INT 16h; INT 16h AH=00h waits with interrupts running.
%define PROGRAM_SECTORS 2
%include "boot.inc"

program_start:
        mov ah, 0x01
        int 0x16
        EXPECT z, 'buffer-empty-at-start'
        mov si, ready
        call e9_puts

        mov ah, 0x00
        int 0x16
        mov [first], ax
        mov ah, 0x10
        int 0x16
        mov [second], ax
        mov ah, 0x00
        int 0x16
        mov [third], ax

        NOTE 'keys'
        mov ax, [first]
        call e9_hex16
        mov al, ' '
        call e9_char
        mov ax, [second]
        call e9_hex16
        mov al, ' '
        call e9_char
        mov ax, [third]
        call e9_hex16
        call report_newline
        cmp word [first], 0x1e61
        EXPECT e, 'key-a'
        cmp word [second], 0x3042
        EXPECT e, 'key-shift-b'
        cmp word [third], 0x1c0d
        EXPECT e, 'key-enter'
        mov ah, 0x02
        int 0x16
        test al, 0x03
        EXPECT z, 'shift-released'
        call report_done

ready:  db 'READY', 10, 0
first:  dw 0
second: dw 0
third:  dw 0

%include "lib.inc"
%include "report.inc"
        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
