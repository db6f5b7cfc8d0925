; busmaster.asm - PIIX3 IDE bus-master DMA on the primary master (spec ide-atapi-bios.md A.9).
; The test gives a 1 MiB disk whose LBA 5 is filled with 6Bh and LBA 7 with 5Ah; the program
; writes LBA 9 with C3h by WRITE DMA (the test compares the images afterwards). For each PRD case
; it prints "VAL case-reg XX" lines for the bus-master status, the IDE status, error and sector
; count once the transfer has settled, and sample bytes that show where the data landed; every
; line must read the same under QEMU 7.2 and Emu. Interrupts stay off: the IRQ shows in the
; bus-master Interrupt bit. Polling is bounded.
%define PROGRAM_SECTORS 10
%include "boot.inc"

%define IDE_DATA 0x1f0
%define IDE_ERROR 0x1f1
%define IDE_COUNT 0x1f2
%define IDE_LBA0 0x1f3
%define IDE_LBA1 0x1f4
%define IDE_LBA2 0x1f5
%define IDE_DEVICE 0x1f6
%define IDE_STATUS 0x1f7
%define IDE_ALT 0x3f6

%define PCI_ADDRESS 0xcf8
%define PCI_DATA 0xcfc
%define PIIX_IDE 0x80000900             ; bus 0, device 1, function 1

%define BM_READ 0x08                    ; direction bit: the device writes memory
%define BM_START 0x01

%define DISK_SECTORS 2048               ; the test's 1 MiB disk

; DMA 'name', command, lba, count, prd: one READ/WRITE DMA with the PRD table at prd (its address
; in 0000:prd); prints the registers once it settled.
%macro DMA 5
        mov si, %%name
        mov bl, %2
        mov eax, %3
        mov cx, %4
        mov edi, %5
        call run_dma
        jmp %%done
%%name: db %1, 0
%%done:
%endmacro

program_start:
        cli
        mov dx, IDE_ALT
        xor al, al
        out dx, al                      ; nIEN = 0
        mov dx, IDE_DEVICE
        mov al, 0xe0
        out dx, al
        mov dx, IDE_STATUS
        in al, dx
        call acknowledge

        ; BAR4 as the firmware assigned it, and the command register before we touch it.
        mov eax, PIIX_IDE | 0x20
        mov dx, PCI_ADDRESS
        out dx, eax
        mov dx, PCI_DATA
        in eax, dx
        push ax
        mov si, name_bar4
        call report_val16
        pop ax
        and ax, 0xfffc
        mov [bm_base], ax
        mov eax, PIIX_IDE | 0x04
        mov dx, PCI_ADDRESS
        out dx, eax
        mov dx, PCI_DATA
        in ax, dx
        mov si, name_command
        call report_val16

        ; The PRD tables, all in the first 64 KiB: a table entry is address, byte count, EOT.
        mov dword [prd_exact], buf
        mov dword [prd_exact + 4], 0x80000000 | 512
        mov dword [prd_long], buf
        mov dword [prd_long + 4], 0x80000000 | 1024
        mov dword [prd_64k], 0x10000
        mov dword [prd_64k + 4], 0x80000000 | 0
        mov dword [prd_split], buf
        mov dword [prd_split + 4], 512
        mov dword [prd_split + 8], buf2
        mov dword [prd_split + 12], 0x80000000 | 512
        mov dword [prd_odd], buf
        mov dword [prd_odd + 4], 0x80000000 | 513    ; bit 0 of the count is ignored
        mov dword [prd_write], wbuf
        mov dword [prd_write + 4], 0x80000000 | 512

        ; With bus mastering off in the PCI command register (SeaBIOS leaves it off).
        DMA 'master-off', 0xc8, 5, 1, prd_exact

        ; Bus mastering on, as a driver does before its first DMA.
        mov eax, PIIX_IDE | 0x04
        mov dx, PCI_ADDRESS
        out dx, eax
        mov dx, PCI_DATA
        in ax, dx
        or ax, 0x0004
        out dx, ax

        DMA 'exact', 0xc8, 5, 1, prd_exact
        DMA 'long', 0xc8, 7, 1, prd_long
        DMA 'short', 0xc8, 5, 2, prd_exact
        DMA 'count-zero-64k', 0xc8, 0, 128, prd_64k
        DMA 'split', 0xc8, 5, 2, prd_split
        DMA 'odd-count', 0xc8, 7, 1, prd_odd
        DMA 'out-of-range', 0xc8, DISK_SECTORS, 1, prd_exact
        DMA 'read-ext', 0x25, 7, 1, prd_exact

        ; WRITE DMA of C3h bytes to LBA 9, then read back through the same engine.
        mov di, wbuf
        mov cx, 512
        mov al, 0xc3
        rep stosb
        DMA 'write', 0xca, 9, 1, prd_write
        DMA 'write-readback', 0xc8, 9, 1, prd_exact

        ; Start before the command: the transfer runs when the drive asks for it.
        call prepare
        mov eax, prd_exact
        call program_prd
        mov dx, [bm_base]
        mov al, BM_READ | BM_START
        out dx, al
        mov bl, 0xc8
        mov eax, 7
        mov cx, 1
        call issue
        mov si, name_start_first
        call settle_and_print

        ; Stopping the engine in the middle: the drive waits with DRQ, Active clears.
        call prepare
        mov eax, prd_exact
        call program_prd
        mov bl, 0xc8
        mov eax, 5
        mov cx, 4
        call issue
        mov dx, [bm_base]
        mov al, BM_READ
        out dx, al
        mov si, name_never_started
        call settle_and_print

        call report_done

; run_dma: SI name, BL command, EAX LBA, CX count, EDI PRD table.
run_dma:
        push si
        call prepare
        push eax
        mov eax, edi
        call program_prd
        pop eax
        call issue
        mov dx, [bm_base]
        mov al, BM_READ
        cmp bl, 0xca
        jne .start
        xor al, al                      ; WRITE DMA: the device reads memory
.start: or al, BM_START
        out dx, al
        pop si
        jmp settle_and_print

; prepare: stops the engine, clears Interrupt and Error, fills the buffers with 11h.
prepare:
        push ax
        push cx
        push dx
        push di
        mov dx, [bm_base]
        mov al, BM_READ
        out dx, al
        add dx, 2
        mov al, 0x06
        out dx, al
        mov di, buf
        mov cx, 2048
        mov al, 0x11
        rep stosb
        push es
        mov ax, 0x1000
        mov es, ax
        xor di, di
        mov cx, 0x8000
        mov ax, 0x1111
        rep stosw
        pop es
        pop di
        pop dx
        pop cx
        pop ax
        ret

; program_prd: EAX the PRD table's physical address.
program_prd:
        push dx
        mov dx, [bm_base]
        add dx, 4
        out dx, eax
        pop dx
        ret

; issue: BL command, EAX LBA, CX sector count. READ DMA EXT (25h) writes the high bytes first
; (the HOB copies), then the low ones; the 28-bit commands carry LBA 27:24 in the device register.
issue:
        push dx
        push eax
        cmp bl, 0x25
        jne .lba28
        mov dx, IDE_COUNT
        mov al, ch
        out dx, al
        rol eax, 8
        mov dx, IDE_LBA0
        out dx, al                      ; LBA 31:24
        xor al, al
        mov dx, IDE_LBA1
        out dx, al
        mov dx, IDE_LBA2
        out dx, al
        mov al, 0x40
        jmp .device
.lba28: rol eax, 8
        and al, 0x0f
        or al, 0xe0
.device:
        mov dx, IDE_DEVICE
        out dx, al
        pop eax
        push eax
        mov dx, IDE_COUNT
        xchg ax, cx
        out dx, al
        xchg ax, cx
        mov dx, IDE_LBA0
        out dx, al
        mov dx, IDE_LBA1
        mov al, ah
        out dx, al
        shr eax, 16
        mov dx, IDE_LBA2
        out dx, al
        mov dx, IDE_STATUS
        mov al, bl
        out dx, al
        pop eax
        pop dx
        ret

; settle_and_print: waits until the drive is not busy and the engine is idle or has interrupted
; (QEMU finishes DMA on another thread), then prints the registers under the name at SI.
settle_and_print:
        push si
        mov bx, 256
.outer: mov cx, 0xffff
.poll:  mov dx, IDE_ALT
        in al, dx
        test al, 0x80
        jnz .next
        mov dx, [bm_base]
        add dx, 2
        in al, dx
        test al, 0x01
        jz .settled
        test al, 0x04
        jnz .settled
.next:  loop .poll
        dec bx
        jnz .outer
.settled:
        pop si
        mov [case_name], si
        mov dx, [bm_base]
        add dx, 2
        in al, dx
        mov di, suffix_bm
        call print_case
        mov dx, IDE_ALT
        in al, dx
        mov di, suffix_status
        call print_case
        mov dx, IDE_ERROR
        in al, dx
        mov di, suffix_error
        call print_case
        mov dx, IDE_COUNT
        in al, dx
        mov di, suffix_count
        call print_case
        call print_samples
        mov dx, [bm_base]
        mov al, BM_READ
        out dx, al
        mov dx, IDE_STATUS
        in al, dx
        call acknowledge
        ret

; print_case: "VAL <case>-<suffix at DI> XX" with AL.
print_case:
        push ax
        mov si, val_word
        call e9_puts
        mov si, [case_name]
        call e9_puts
        mov si, di
        call e9_puts
        mov al, ' '
        out 0xe9, al
        pop ax
        call e9_hex8
        jmp report_newline

; print_samples: "VAL <case>-bytes" and the bytes that show where the data landed: buf[0],
; buf[511], buf[512] (past one sector), buf2[0], buf2[511], 1000:0000 and 1000:FFFF (the 64 KiB PRD).
print_samples:
        push si
        push es
        mov si, val_word
        call e9_puts
        mov si, [case_name]
        call e9_puts
        mov si, suffix_bytes
        call e9_puts
        mov al, [buf]
        call print_sample
        mov al, [buf + 511]
        call print_sample
        mov al, [buf + 512]
        call print_sample
        mov al, [buf2]
        call print_sample
        mov al, [buf2 + 511]
        call print_sample
        mov ax, 0x1000
        mov es, ax
        mov al, [es:0]
        call print_sample
        mov al, [es:0xffff]
        call print_sample
        pop es
        pop si
        jmp report_newline

print_sample:
        push ax
        mov al, ' '
        out 0xe9, al
        pop ax
        jmp e9_hex8

; acknowledge: EOI to both PICs so the next IRQ 14 shows in the IRR alone.
acknowledge:
        push ax
        mov al, 0x20
        out 0xa0, al
        out 0x20, al
        pop ax
        ret

val_word: db 'VAL ', 0
name_bar4: db 'bar4', 0
name_command: db 'pci-command', 0
name_start_first: db 'start-first', 0
name_never_started: db 'stopped-before-transfer', 0
suffix_bm: db '-bm', 0
suffix_status: db '-status', 0
suffix_error: db '-error', 0
suffix_count: db '-count', 0
suffix_bytes: db '-bytes', 0
bm_base: dw 0
case_name: dw 0

%include "lib.inc"
%include "report.inc"

        align 8
prd_exact: times 8 db 0
prd_long: times 8 db 0
prd_64k: times 8 db 0
prd_split: times 16 db 0
prd_odd: times 8 db 0
prd_write: times 8 db 0

buf     equ 0xa000
buf2    equ 0xa400
wbuf    equ 0xa800
