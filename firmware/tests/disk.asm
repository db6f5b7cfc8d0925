; disk.asm - INT 13h on the floppy (CHS) and on hard disk 80h (CHS and EDD packets). The test
; fills floppy LBA 20 with 5Ah and disk LBA 5 with 6Bh; the program writes floppy LBA 21 with
; C3h and disk LBA 6 with 77h, which the test checks in the image files afterwards.
%define PROGRAM_SECTORS 3
%include "boot.inc"

program_start:
        ; Floppy read, LBA 20 = cylinder 0, head 1, sector 3.
        mov ax, 0x0201
        mov cx, 0x0003
        mov dh, 1
        mov dl, 0
        mov bx, 0x2000
        int 0x13
        EXPECT nc, 'floppy-read'
        mov si, 0x2000
        mov al, 0x5a
        call all_equal
        EXPECT e, 'floppy-read-data'

        ; Floppy write LBA 21 (sector 4), then read it back elsewhere.
        mov di, 0x2000
        mov al, 0xc3
        mov cx, 512
        rep stosb
        mov ax, 0x0301
        mov cx, 0x0004
        mov dh, 1
        mov dl, 0
        mov bx, 0x2000
        int 0x13
        EXPECT nc, 'floppy-write'
        mov ax, 0x0201
        mov cx, 0x0004
        mov dh, 1
        mov dl, 0
        mov bx, 0x2400
        int 0x13
        mov si, 0x2400
        mov al, 0xc3
        call all_equal
        EXPECT e, 'floppy-write-read-back'

        ; A bad sector number is refused with AH=01h.
        mov ax, 0x0201
        mov cx, 0x0013
        xor dx, dx
        mov bx, 0x2000
        int 0x13
        EXPECT c, 'floppy-bad-sector'

        ; Hard disk: parameters, EDD check, packet read and write.
        mov ah, 0x08
        mov dl, 0x80
        int 0x13
        EXPECT nc, 'disk-params'
        cmp dl, 1
        EXPECT e, 'disk-count'
        mov ah, 0x41
        mov bx, 0x55aa
        mov dl, 0x80
        int 0x13
        cmp bx, 0xaa55
        EXPECT e, 'disk-edd-present'

        mov word [dap + 2], 1
        mov word [dap + 4], 0x3000
        mov dword [dap + 8], 5
        mov si, dap
        mov ah, 0x42
        mov dl, 0x80
        int 0x13
        EXPECT nc, 'disk-ext-read'
        mov si, 0x3000
        mov al, 0x6b
        call all_equal
        EXPECT e, 'disk-ext-read-data'

        mov di, 0x3000
        mov al, 0x77
        mov cx, 512
        rep stosb
        mov dword [dap + 8], 6
        mov si, dap
        mov ah, 0x43
        mov dl, 0x80
        int 0x13
        EXPECT nc, 'disk-ext-write'

        ; CHS read of LBA 5 on a 16-head, 63-sector disk: cylinder 0, head 0, sector 6.
        mov ax, 0x0201
        mov cx, 0x0006
        mov dx, 0x0080
        mov bx, 0x3400
        int 0x13
        mov si, 0x3400
        mov al, 0x6b
        call all_equal
        EXPECT e, 'disk-chs-read'
        call report_done

; all_equal: ZF=1 when the 512 bytes at DS:SI all equal AL.
all_equal:
        push cx
        mov cx, 512
.next:  cmp [si], al
        jne .done
        inc si
        loop .next
        cmp al, al
.done:  pop cx
        ret

dap:    db 0x10, 0
        dw 1
        dw 0x3000, 0
        dq 5

%include "lib.inc"
%include "report.inc"
        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
