; uart.asm - COM1 16550 in loopback: a byte sent comes back in RBR, MSR mirrors MCR's outputs.
%define PROGRAM_SECTORS 2
%include "boot.inc"

program_start:
        mov ax, [0x400]
        cmp ax, 0x3f8
        EXPECT e, 'bda-com1'

        mov dx, 0x3fb
        mov al, 0x03
        out dx, al              ; 8N1
        mov dx, 0x3fc
        mov al, 0x1f            ; loopback + DTR, RTS, OUT1, OUT2
        out dx, al
        mov dx, 0x3fe
        in al, dx
        and al, 0xf0
        cmp al, 0xf0
        EXPECT e, 'loopback-msr'

        mov dx, 0x3f8
        mov al, 'Z'
        out dx, al
        mov dx, 0x3fd
        in al, dx
        test al, 1
        EXPECT nz, 'loopback-data-ready'
        mov dx, 0x3f8
        in al, dx
        cmp al, 'Z'
        EXPECT e, 'loopback-byte'
        mov dx, 0x3fd
        in al, dx
        test al, 1
        EXPECT z, 'loopback-drained'

        ; INT 14h AH=03h status: AH = LSR (THR empty), AL = MSR.
        mov dx, 0
        mov ah, 3
        int 0x14
        test ah, 0x20
        EXPECT nz, 'int14-status'

        mov dx, 0x3fc
        mov al, 0x03
        out dx, al
        call report_done

%include "lib.inc"
%include "report.inc"
        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
