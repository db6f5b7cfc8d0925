; atapi_eject.asm - the guest's own eject (spec nbd.md 8.3, ide-atapi-bios.md B.6): REQUEST SENSE,
; then START STOP UNIT with LoEj=1 Start=0 to the CD-ROM on the secondary master. The tray opens
; and the host hears DEVICE_TRAY_MOVED; the medium stays in the drive. Reports the final
; status/error/interrupt reason of each command on port E9h.
%define PROGRAM_SECTORS 2
%include "boot.inc"

program_start:
        cli
        mov dx, 0x376
        xor al, al
        out dx, al
        mov si, request_sense
        mov bx, 18
        call packet
        mov si, name_sense
        call report_registers
        mov si, start_stop
        xor bx, bx
        call packet
        mov si, name_eject
        call report_registers
        cmp byte [final_status], 0x50
        EXPECT e, 'eject-accepted'
        jmp report_done

; packet: sends the 12 bytes at SI with byte count limit BX to the secondary master and drains
; any data-in blocks (bounded polling); the final status is left in final_status.
packet:
        mov dx, 0x176
        mov al, 0xa0
        out dx, al
        call wait_not_busy
        mov dx, 0x174
        mov al, bl
        out dx, al
        inc dx
        mov al, bh
        out dx, al
        mov dx, 0x177
        mov al, 0xa0
        out dx, al
        call wait_not_busy
        mov dx, 0x170
        mov cx, 6
        rep outsw
.block: call wait_not_busy
        mov dx, 0x376
        in al, dx
        test al, 0x08
        jz .done
        mov dx, 0x174
        in al, dx
        mov cl, al
        inc dx
        in al, dx
        mov ch, al
        jcxz .done
        inc cx
        shr cx, 1
        mov dx, 0x170
.drain: in ax, dx
        loop .drain
        jmp .block
.done:  mov dx, 0x177
        in al, dx
        mov [final_status], al
        ret

; wait_not_busy: polls Alternate Status until BSY is clear, at most 1024 x 65535 reads.
wait_not_busy:
        push bx
        push cx
        mov dx, 0x376
        mov bx, 1024
.outer: mov cx, 0xffff
.poll:  in al, dx
        test al, 0x80
        jz .done
        loop .poll
        dec bx
        jnz .outer
.done:  pop cx
        pop bx
        ret

; report_registers: "VAL <name at SI> status error reason".
report_registers:
        call e9_puts
        mov al, [final_status]
        call hex8
        mov dx, 0x171
        in al, dx
        call hex8
        mov dx, 0x172
        in al, dx
        call hex8
        jmp report_newline

hex8:
        push ax
        mov al, ' '
        out 0xe9, al
        pop ax
        push ax
        shr al, 4
        call .nibble
        pop ax
        and al, 0x0f
.nibble:
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 7
.out:   out 0xe9, al
        ret

request_sense: db 0x03, 0, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0
start_stop:    db 0x1b, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0, 0
name_sense:    db 'VAL request-sense', 0
name_eject:    db 'VAL start-stop-eject', 0
final_status:  db 0

%include "lib.inc"
%include "report.inc"
