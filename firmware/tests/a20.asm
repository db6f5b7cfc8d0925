; a20.asm - the A20 gate through INT 15h AX=240xh and port 92h: with A20 off FFFF:0510 is 0000:0500.
%define PROGRAM_SECTORS 2
%include "boot.inc"

program_start:
        mov ax, 0xffff
        mov es, ax

        mov ax, 0x2402
        int 0x15
        cmp al, 1
        EXPECT e, 'a20-on-at-boot'

        mov byte [0x500], 0x11
        mov byte [es:0x510], 0x22
        cmp byte [0x500], 0x11
        EXPECT e, 'a20-on-no-wrap'

        mov ax, 0x2400
        int 0x15
        EXPECT nc, 'a20-disable-call'
        mov byte [es:0x510], 0x33
        cmp byte [0x500], 0x33
        EXPECT e, 'a20-off-wraps'
        mov ax, 0x2402
        int 0x15
        cmp al, 0
        EXPECT e, 'a20-query-off'

        mov ax, 0x2401
        int 0x15
        mov byte [0x500], 0x44
        mov byte [es:0x510], 0x55
        cmp byte [0x500], 0x44
        EXPECT e, 'a20-enable-again'

        ; Fast A20: port 92h bit 1.
        in al, 0x92
        and al, 0xfc
        out 0x92, al
        mov byte [es:0x510], 0x66
        cmp byte [0x500], 0x66
        EXPECT e, 'port92-off-wraps'
        or al, 2
        out 0x92, al
        mov byte [es:0x510], 0x77
        cmp byte [0x500], 0x66
        EXPECT e, 'port92-on-no-wrap'

        mov ax, 0x2403
        int 0x15
        cmp bx, 3
        EXPECT e, 'a20-support'
        call report_done

%include "lib.inc"
%include "report.inc"
        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
