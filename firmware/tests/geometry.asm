; geometry.asm - what a guest sees of hard disk 80h's geometry (spec ide-atapi-bios.md C.3-C.8),
; printed to COM1 so that a run under QEMU 7.2 + SeaBIOS and one under Emu can be compared
; line by line: INT 13h AH=08h, AH=15h, AH=48h (42h-byte buffer, without the DPTE pointer, which
; is an address, then the 16 DPTE bytes it points at), the FDPT behind INT 41h, a CHS read of
; cylinder 1 head 1 sector 2 (the test stamps each of the disk's first sectors with its LBA),
; CMOS 10h-3Fh and IDENTIFY DEVICE words 0-7, 53-61 and 100-103 of the primary master.
; Booted from a floppy; ends with "DONE" and cli; hlt.
%define PROGRAM_SECTORS 6
%include "boot.inc"

%define COM1 0x3f8
%define IDE_DATA 0x1f0
%define IDE_DEVICE 0x1f6
%define IDE_STATUS 0x1f7
%define ALT_STATUS 0x3f6
%define BUF 0x2000

; LABEL 'text': prints the text to COM1.
%macro LABEL 1
        mov si, %%text
        call com_puts
        jmp %%done
%%text: db %1, 0
%%done:
%endmacro

; REG 'name', reg16: prints " name=XXXX".
%macro REG 2
        push ax
        mov ax, %2
        push ax
        LABEL {' ', %1, '='}
        pop ax
        call com_hex16
        pop ax
%endmacro

program_start:
        call com_init

        ; AH=08h: BX and ES:DI are preset so that a change shows.
        mov ax, 0x0800
        mov bx, 0x5555
        mov cx, 0x1111
        mov dx, 0x0080
        mov di, 0x2222
        int 0x13
        call print_flags
        LABEL 'ah08'
        call print_regs
        REG 'DI', di
        REG 'ES', es
        call newline

        mov ax, 0x1500
        mov bx, 0x5555
        mov cx, 0x1111
        mov dx, 0x0080
        int 0x13
        call print_flags
        LABEL 'ah15'
        call print_regs
        call newline

        ; AH=48h with a 42h-byte buffer (EDD 3.0 device path included).
        mov di, BUF
        mov cx, 0x42
        mov al, 0xee
        rep stosb
        mov word [BUF], 0x42
        mov ah, 0x48
        mov dl, 0x80
        mov si, BUF
        int 0x13
        call print_flags
        LABEL 'ah48'
        call print_regs
        call newline
        LABEL 'ah48-buffer'
        mov si, BUF
        mov cx, 0x1a
        call dump
        LABEL 'ah48-path'
        mov si, BUF + 0x1e
        mov cx, 0x42 - 0x1e
        call dump
        LABEL 'dpte'
        push ds
        lds si, [BUF + 0x1a]
        mov cx, 16
        call dump
        pop ds

        LABEL 'int41-fdpt'
        push ds
        lds si, [0x41 * 4]
        mov cx, 16
        call dump
        pop ds

        ; CHS read: cylinder 1, head 1, sector 2; the sector starts with its LBA (dword).
        mov di, BUF
        mov cx, 512
        mov al, 0xee
        rep stosb
        mov ax, 0x0201
        mov cx, 0x0102
        mov dx, 0x0180
        mov bx, BUF
        int 0x13
        call print_flags
        LABEL 'chs-1-1-2'
        call print_regs
        call newline
        LABEL 'chs-1-1-2-data'
        mov si, BUF
        mov cx, 4
        call dump

        ; CMOS 10h-3Fh, 16 bytes a line.
        mov bl, 0x10
.cmos_line:
        LABEL 'cmos'
        mov al, bl
        call com_space_hex8
        LABEL ':'
        mov cx, 16
.cmos_byte:
        mov al, bl
        out 0x70, al
        in al, 0x71
        call com_space_hex8
        inc bl
        loop .cmos_byte
        call newline
        cmp bl, 0x40
        jb .cmos_line

        ; IDENTIFY DEVICE on the primary master, interrupts masked at the drive (nIEN).
        cli
        mov dx, ALT_STATUS
        mov al, 0x02
        out dx, al
        mov dx, IDE_DEVICE
        mov al, 0xa0
        out dx, al
        call wait_not_busy
        mov dx, IDE_STATUS
        mov al, 0xec
        out dx, al
        call wait_not_busy
        mov di, BUF
        mov cx, 256
        mov dx, IDE_DATA
        rep insw
        sti
        LABEL 'identify 0-7:'
        mov si, BUF
        mov cx, 8
        call dump_words
        LABEL 'identify 53-61:'
        mov si, BUF + 53 * 2
        mov cx, 9
        call dump_words
        LABEL 'identify 100-103:'
        mov si, BUF + 100 * 2
        mov cx, 4
        call dump_words

        LABEL {'DONE', 10}
        jmp halt_forever

; print_flags: prints "CF=n " for the carry flag (keeps every register and the flags' meaning).
print_flags:
        pushf
        push ax
        setc al
        push ax
        LABEL 'CF='
        pop ax
        add al, '0'
        call com_putc
        mov al, ' '
        call com_putc
        pop ax
        popf
        ret

; print_regs: " AX=.... BX=.... CX=.... DX=...." (no newline).
print_regs:
        REG 'AX', ax
        REG 'BX', bx
        REG 'CX', cx
        REG 'DX', dx
        ret

newline:
        push ax
        mov al, 10
        call com_putc
        pop ax
        ret

; dump: CX bytes at DS:SI as " XX", then a newline.
dump:
        lodsb
        call com_space_hex8
        loop dump
        jmp newline

; dump_words: CX words at DS:SI as " XXXX", then a newline.
dump_words:
        lodsw
        push ax
        mov al, ' '
        call com_putc
        pop ax
        call com_hex16
        loop dump_words
        jmp newline

; wait_not_busy: polls Alternate Status until BSY is clear (bounded).
wait_not_busy:
        push ax
        push cx
        push dx
        mov dx, ALT_STATUS
        mov cx, 0xffff
.poll:  in al, dx
        test al, 0x80
        jz .done
        loop .poll
.done:  pop dx
        pop cx
        pop ax
        ret

; COM1 at 115200 8N1, polled.
com_init:
        push ax
        push dx
        mov dx, COM1 + 1
        xor al, al
        out dx, al                      ; no interrupts
        mov dx, COM1 + 3
        mov al, 0x80
        out dx, al                      ; DLAB
        mov dx, COM1
        mov al, 1
        out dx, al                      ; divisor 1
        inc dx
        xor al, al
        out dx, al
        mov dx, COM1 + 3
        mov al, 0x03
        out dx, al                      ; 8N1
        pop dx
        pop ax
        ret

; com_putc: AL to COM1 once the transmit holding register is empty (bounded wait).
com_putc:
        push ax
        push cx
        push dx
        mov ah, al
        mov dx, COM1 + 5
        mov cx, 0xffff
.wait:  in al, dx
        test al, 0x20
        jnz .send
        loop .wait
.send:  mov dx, COM1
        mov al, ah
        out dx, al
        pop dx
        pop cx
        pop ax
        ret

; com_puts: the NUL-terminated string at CS:SI (programs run with DS = CS = 0).
com_puts:
        push ax
        push si
.next:  cs lodsb
        test al, al
        jz .done
        call com_putc
        jmp .next
.done:  pop si
        pop ax
        ret

com_space_hex8:
        push ax
        mov al, ' '
        call com_putc
        pop ax
        ; fall through
com_hex8:
        push ax
        shr al, 4
        call .nibble
        pop ax
        push ax
        and al, 0x0f
        call .nibble
        pop ax
        ret
.nibble:
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 7
.out:   jmp com_putc

com_hex16:
        push ax
        mov al, ah
        call com_hex8
        pop ax
        jmp com_hex8

%include "lib.inc"
