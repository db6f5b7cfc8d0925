; eltorito.asm - the boot image of an El Torito CD with floppy or hard-disk emulation
; (El Torito 1.0 sections 2.2 and 5.3; ide-atapi-bios.md C.10). The BIOS loads this sector from
; the CD and enters it with DL = the emulated drive (00h or 80h); boot.inc reads the rest of the
; program through INT 13h from that drive. The test tags every 512-byte sector of the image with
; its LBA (first dword) and its last two bytes with 55h AAh, the real drive behind it (01h/81h
; after the move) with "REAL". Prints "VAL name ..." lines that must read the same under QEMU 7.2
; and Emu: the boot drive, AH=4B01h's packet, AH=08h/15h/41h on the emulated drive and on the one
; moved up, CHS reads (the sector's tag shows the CHS-to-LBA mapping), a refused write, and the
; drive after AH=4B00h ends the emulation. Bytes 1BEh-1FDh stay free for the test's partition table.
%define PROGRAM_SECTORS 6
%include "boot.inc"

%define BUFFER 0x2000

; INT13 'name': INT 13h with the registers as set, then "VAL name ax=... cf=..." (flags as returned);
; every register but SI keeps what INT 13h returned.
%macro INT13 1
        int 0x13
        call save_registers
        mov si, %%name
        call print_registers
        jmp %%done
%%name: db %1, 0
%%done:
%endmacro

; READ 'name', count, cx, dh, drive-offset: AH=02h into BUFFER, prints the registers and the tags.
%macro READ 5
        call clear_buffer
        mov ax, 0x0200 + %2
        mov cx, %3
        mov dh, %4
        mov dl, [boot_drive]
        add dl, %5
        xor bx, bx
        mov es, bx
        mov bx, BUFFER
        INT13 %1
        mov si, %%name
        mov cx, %2
        call print_tags
        jmp %%done
%%name: db %1, '-tags', 0
%%done:
%endmacro

program_start:
        mov si, name_drive
        call e9_puts
        mov al, [boot_drive]
        call e9_hex8
        call report_newline

        mov ax, 0x4b01
        mov dl, [boot_drive]
        mov si, packet
        INT13 '4b01'
        mov si, name_packet
        call print_packet

        xor bx, bx
        mov es, bx
        xor di, di
        mov ah, 0x08
        mov dl, [boot_drive]
        INT13 '08-emulated'
        xor bx, bx
        mov es, bx
        mov ah, 0x15
        mov dl, [boot_drive]
        INT13 '15-emulated'
        mov ah, 0x41
        mov bx, 0x55aa
        mov dl, [boot_drive]
        INT13 '41-emulated'
        mov ah, 0x01
        mov dl, [boot_drive]
        INT13 '01-after-41'

        ; Cylinder 0, head 1, sector 1: LBA = sectors per track.
        READ 'read-c0h1s1', 1, 0x0001, 1, 0
        ; Six sectors from sector 10 (LBA 9-14): they start inside one CD sector and end inside another.
        READ 'read-c0h0s10x6', 6, 0x000a, 0, 0
        ; Cylinder 1, head 0, last sector 18 (1.44 MB) / 63 (the hard disk's).
        mov ah, 0x08
        mov dl, [boot_drive]
        int 0x13
        and cl, 0x3f
        mov ch, 1
        mov [c1_last], cx
        inc cl
        mov ch, 0
        mov [past_sector], cx
        READ 'read-c1h0-last', 1, [c1_last], 0, 0
        READ 'read-past-last', 1, [past_sector], 0, 0

        ; A write is refused (the image is on a CD).
        mov ax, 0x0301
        mov cx, 0x0001
        xor dh, dh
        mov dl, [boot_drive]
        mov bx, BUFFER
        INT13 'write'
        mov ax, 0x0401
        mov cx, 0x0001
        xor dh, dh
        mov dl, [boot_drive]
        mov bx, BUFFER
        INT13 'verify'

        ; The real drive moved one number up.
        xor bx, bx
        mov es, bx
        xor di, di
        mov ah, 0x08
        mov dl, [boot_drive]
        inc dl
        INT13 '08-moved'
        READ 'read-moved', 1, 0x0001, 0, 1

        ; End the emulation: the packet still shows it; afterwards the number is the real drive's.
        mov ax, 0x4b00
        mov dl, [boot_drive]
        mov si, packet
        INT13 '4b00'
        mov si, name_packet_end
        call print_packet
        mov ax, 0x4b01
        mov dl, [boot_drive]
        mov si, packet
        INT13 '4b01-after'
        mov si, name_packet_after
        call print_packet
        READ 'read-after', 1, 0x0001, 0, 0
        call report_done

; save_registers: keeps AX, BX, CX, DX, ES, DI and FLAGS as INT 13h returned them.
save_registers:
        pushf
        pop word [r_flags]
        mov [r_ax], ax
        mov [r_bx], bx
        mov [r_cx], cx
        mov [r_dx], dx
        mov [r_es], es
        mov [r_di], di
        push word [r_flags]
        popf
        ret

; print_registers: "VAL <name at SI> ax=.... bx=.... cx=.... dx=.... es=.... di=.... cf=."
print_registers:
        pusha
        push si
        mov si, val_word
        call e9_puts
        pop si
        call e9_puts
        mov si, reg_names
        mov bx, r_ax
        mov cx, 6
.next:  call e9_puts
        add si, 5
        mov ax, [bx]
        call e9_hex16
        add bx, 2
        loop .next
        call e9_puts
        mov ax, [r_flags]
        and al, 1
        add al, '0'
        call e9_char
        call report_newline
        popa
        ret

; print_packet: "VAL <name at SI>" and the 13h bytes of the packet.
print_packet:
        pusha
        push si
        mov si, val_word
        call e9_puts
        pop si
        call e9_puts
        mov si, packet
        mov cx, 0x13
.next:  mov al, ' '
        call e9_char
        lodsb
        call e9_hex8
        loop .next
        call report_newline
        popa
        ret

; print_tags: "VAL <name at SI>" and, for CX sectors at BUFFER, each sector's tag dword and last two bytes.
print_tags:
        pusha
        push si
        mov si, val_word
        call e9_puts
        pop si
        call e9_puts
        xor ax, ax
        mov es, ax
        mov bx, BUFFER
.next:  mov al, ' '
        call e9_char
        mov ax, [bx + 2]
        call e9_hex16
        mov ax, [bx]
        call e9_hex16
        mov al, '/'
        call e9_char
        mov ax, [bx + 510]
        call e9_hex16
        add bx, 512
        loop .next
        call report_newline
        popa
        ret

; clear_buffer: fills the eight sectors at BUFFER with EEh, so a failed read shows.
clear_buffer:
        push ax
        push cx
        push di
        xor ax, ax
        mov es, ax
        mov di, BUFFER
        mov al, 0xee
        mov cx, 8 * 512
        rep stosb
        pop di
        pop cx
        pop ax
        ret

name_drive: db 'VAL boot-drive ', 0
name_packet: db '4b01-packet', 0
name_packet_end: db '4b00-packet', 0
name_packet_after: db '4b01-after-packet', 0
val_word: db 'VAL ', 0
reg_names:
        db ' ax=', 0
        db ' bx=', 0
        db ' cx=', 0
        db ' dx=', 0
        db ' es=', 0
        db ' di=', 0
        db ' cf=', 0
c1_last: dw 0
past_sector: dw 0
r_ax: dw 0
r_bx: dw 0
r_cx: dw 0
r_dx: dw 0
r_es: dw 0
r_di: dw 0
r_flags: dw 0
packet: times 0x13 db 0xcc

%include "lib.inc"
%include "report.inc"
