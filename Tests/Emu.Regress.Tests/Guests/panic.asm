; A boot sector that prints a Linux-style panic line on COM1 and halts: the runner must fail a
; case whose forbid list catches it. Polls the 16550's LSR THRE bit (bit 5) before each byte.
bits 16
org 0x7C00

start:
    xor ax, ax
    mov ds, ax
    mov si, message
.next:
    lodsb
    test al, al
    jz .done
    mov bl, al
    mov dx, 0x3FD
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    mov dx, 0x3F8
    mov al, bl
    out dx, al
    jmp .next
.done:
    cli
    hlt
    jmp .done

message db "EMU-PANIC-GUEST", 13, 10, "Kernel panic - not syncing: emu regress test", 13, 10, 0

times 510 - ($ - $$) db 0
dw 0xAA55
