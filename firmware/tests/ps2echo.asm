; ps2echo.asm - prints every byte the i8042 gives on port 60h to COM1, one per line: "K1C" for a
; keyboard byte, "MFA" for a mouse (auxiliary) byte (status bit 5, IBM PS/2 Technical Reference,
; Keyboard/Auxiliary Device Controller). Interrupts stay off and the program polls status bit 0,
; so the BIOS's INT 09h never takes a byte. The controller is set up the same way on any BIOS:
; command byte 44h (translation to set 1 on, both interfaces on, no IRQs), auxiliary interface
; enabled (A8h), then "READY" on COM1 and the screen, then mouse reporting enabled (D4h F4h,
; answered FA on the aux port).
%define PROGRAM_SECTORS 2
%include "boot.inc"

program_start:
        cli
        call com1_init
        call drain
        mov al, 0x60            ; write command byte
        call kbc_command
        mov al, 0x44
        call kbc_data
        mov al, 0xa8            ; enable the auxiliary interface
        call kbc_command
        call drain
        mov si, ready
        call both_puts
        mov al, 0xd4            ; next data byte goes to the mouse
        call kbc_command
        mov al, 0xf4            ; enable data reporting
        call kbc_data

.poll:  in al, 0x64
        test al, 0x01
        jz .poll
        mov bl, 'K'
        test al, 0x20
        jz .read
        mov bl, 'M'
.read:  in al, 0x60
        mov [line], bl
        mov ah, al
        shr al, 4
        call hex_digit
        mov [line + 1], al
        mov al, ah
        and al, 0x0f
        call hex_digit
        mov [line + 2], al
        mov si, line
        call com1_puts
        jmp .poll

; hex_digit: AL (0-15) -> its ASCII hex digit.
hex_digit:
        add al, '0'
        cmp al, '9'
        jbe .done
        add al, 7
.done:  ret

; kbc_wait_input: waits until the controller can take a byte (status bit 1 clear, bounded).
kbc_wait_input:
        push cx
        mov cx, 0xffff
.wait:  in al, 0x64
        test al, 0x02
        jz .done
        loop .wait
.done:  pop cx
        ret

; kbc_command: AL to port 64h.
kbc_command:
        push ax
        call kbc_wait_input
        pop ax
        out 0x64, al
        ret

; kbc_data: AL to port 60h.
kbc_data:
        push ax
        call kbc_wait_input
        pop ax
        out 0x60, al
        ret

; drain: reads and drops whatever the controller holds (the BIOS's leftovers).
drain:
        push cx
        mov cx, 64
.next:  in al, 0x64
        test al, 0x01
        jz .done
        in al, 0x60
        loop .next
.done:  pop cx
        ret

ready:  db 'READY', 10, 0
line:   db 'K00', 10, 0

%include "lib.inc"
        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
