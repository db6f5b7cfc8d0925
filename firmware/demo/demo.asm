; demo.asm - Emu's built-in demo guest (a 1.44 MB floppy program): greets on the screen
; (INT 10h) and, with a different line, on COM1, reads the RTC through INT 1Ah, counts PIT ticks (IRQ0, BDA 046Ch)
; during one RTC second, then halts with interrupts off, which ends a headless run.
%define PROGRAM_SECTORS 4
%include "boot.inc"

program_start:
        call com1_init
        mov si, msg_com1
        call com1_puts
        mov si, msg_banner
        call tty_puts

        ; INT 1Ah AH=02h: CH = hours, CL = minutes, DH = seconds (BCD).
        mov ah, 0x02
        int 0x1a
        jc .no_rtc
        mov si, msg_time
        call tty_puts
        mov al, ch
        call tty_bcd
        mov al, ':'
        call tty_char
        mov al, cl
        call tty_bcd
        mov al, ':'
        call tty_char
        mov al, dh
        call tty_bcd
        mov si, msg_crlf
        call tty_puts

        ; Wait for the RTC's seconds to change, then count timer ticks until they change again.
        call wait_second
        mov ebx, [0x46c]
        call wait_second
        mov eax, [0x46c]
        sub eax, ebx
        mov si, msg_ticks
        call tty_puts
        call tty_dec
        mov si, msg_hz
        call tty_puts
.no_rtc:
        mov si, msg_done
        call tty_puts
        ; One more timer tick lets the BIOS's serial console mirror send its held character.
        sti
        hlt
        jmp halt_forever

; wait_second: returns when the RTC's seconds register has changed (HLT between polls).
wait_second:
        push ax
        push bx
        push cx
        push dx
        mov ah, 0x02
        int 0x1a
        mov bl, dh
.poll:  sti
        hlt
        mov ah, 0x02
        int 0x1a
        jc .poll
        cmp dh, bl
        je .poll
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; tty_char: AL on the screen.
tty_char:
        push ax
        push bx
        mov ah, 0x0e
        xor bx, bx
        int 0x10
        pop bx
        pop ax
        ret

; tty_bcd: AL (two BCD digits) as text.
tty_bcd:
        push ax
        push ax
        shr al, 4
        add al, '0'
        call tty_char
        pop ax
        and al, 0x0f
        add al, '0'
        call tty_char
        pop ax
        ret

; tty_dec: AX as an unsigned decimal number.
tty_dec:
        push ax
        push bx
        push cx
        push dx
        mov bx, 10
        xor cx, cx
.div:   xor dx, dx
        div bx
        push dx
        inc cx
        test ax, ax
        jnz .div
.emit:  pop ax
        add al, '0'
        call tty_char
        loop .emit
        pop dx
        pop cx
        pop bx
        pop ax
        ret

%include "lib.inc"

msg_banner: db 'Emu demo guest: this line comes from INT 10h (the BIOS screen).', 13, 10, 0
msg_com1:   db 'Emu demo guest: this line comes from COM1 (the 16550 UART).', 13, 10, 0
msg_time:   db 'RTC time (INT 1Ah): ', 0
msg_ticks:  db 'PIT ticks (IRQ0) in one RTC second: ', 0
msg_hz:     db ' (18.2 expected)', 13, 10, 0
msg_crlf:   db 13, 10, 0
msg_done:   db 'Demo done; halting (cli; hlt).', 13, 10, 0
        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
