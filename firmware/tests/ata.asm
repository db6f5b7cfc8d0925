; ata.asm - the primary master ATA disk through its ports (ATA/ATAPI-6; spec ide-atapi-bios.md A).
; The test fills disk LBA 5 with 6Bh and LBA 7 with 5Ah; the program writes LBA 6 with 77h (which
; the test checks in the image afterwards). Besides PASS/FAIL checks it prints "VAL name value"
; lines that must read the same under QEMU 7.2 and Emu: IDENTIFY words, status and error values.
; Interrupts stay off; IRQ 14 is seen in the slave PIC's IRR. Polling is bounded.
%define PROGRAM_SECTORS 8
%include "boot.inc"

%define IDE_DATA 0x1f0
%define IDE_ERROR 0x1f1
%define IDE_COUNT 0x1f2
%define IDE_SECTOR 0x1f3
%define IDE_CYL_LO 0x1f4
%define IDE_CYL_HI 0x1f5
%define IDE_DEVICE 0x1f6
%define IDE_STATUS 0x1f7
%define IDE_ALT 0x3f6

program_start:
        cli
        mov dx, IDE_ALT
        xor al, al
        out dx, al                      ; nIEN = 0, no reset
        call select_master
        ; The BIOS may have left an interrupt pending: acknowledge it at the controller and the PIC.
        mov dx, IDE_STATUS
        in al, dx
        mov al, 0x20
        out 0xa0, al
        out 0x20, al

        ; IDENTIFY DEVICE.
        mov dx, IDE_STATUS
        mov al, 0xec
        out dx, al
        call wait_not_busy
        VAL8 'identify-status', IDE_ALT
        mov al, 0x0a                    ; OCW3: read IRR
        out 0xa0, al
        in al, 0xa0
        test al, 0x40
        EXPECT nz, 'identify-irq14'
        mov di, idbuf
        mov cx, 256
        mov dx, IDE_DATA
        rep insw
        VAL8 'identify-end-status', IDE_STATUS
        cmp word [idbuf], 0x0040
        EXPECT e, 'identify-fixed-disk'
        cmp word [idbuf + 27 * 2], 'EQ'  ; "QEMU" byte-swapped per word
        EXPECT e, 'identify-model'
        mov si, id_words
.word:  lodsb
        cmp al, 0xff
        je .words_done
        call print_id_word
        jmp .word
.words_done:

        ; READ SECTORS, LBA 5, one sector.
        mov eax, 5
        mov cl, 1
        call set_lba28
        mov al, 0x20
        call command
        VAL8 'read-status', IDE_ALT
        mov di, buf
        mov cx, 256
        mov dx, IDE_DATA
        rep insw
        mov si, buf
        mov al, 0x6b
        call all_equal
        EXPECT e, 'read-lba5-data'
        VAL8 'read-end-status', IDE_STATUS
        VAL8 'read-next-sector', IDE_SECTOR
        VAL8 'read-count-left', IDE_COUNT

        ; WRITE SECTORS, LBA 6, one sector of 77h: DRQ without an interrupt first.
        mov di, buf
        mov al, 0x77
        mov cx, 512
        rep stosb
        mov eax, 6
        mov cl, 1
        call set_lba28
        mov al, 0x30
        call command
        VAL8 'write-drq-status', IDE_ALT
        mov si, buf
        mov cx, 256
        mov dx, IDE_DATA
        rep outsw
        call wait_not_busy
        VAL8 'write-end-status', IDE_STATUS

        ; Read LBA 6 back.
        mov eax, 6
        mov cl, 1
        call set_lba28
        mov al, 0x20
        call command
        mov di, buf2
        mov cx, 256
        mov dx, IDE_DATA
        rep insw
        mov si, buf2
        mov al, 0x77
        call all_equal
        EXPECT e, 'write-read-back'

        ; READ SECTORS EXT (LBA48) of LBA 7.
        mov dx, IDE_DEVICE
        mov al, 0x40
        out dx, al
        mov dx, IDE_COUNT
        xor al, al
        out dx, al                      ; count 15:8
        mov al, 1
        out dx, al                      ; count 7:0
        mov dx, IDE_SECTOR
        xor al, al
        out dx, al                      ; LBA 31:24
        mov al, 7
        out dx, al                      ; LBA 7:0
        mov dx, IDE_CYL_LO
        xor al, al
        out dx, al
        out dx, al
        mov dx, IDE_CYL_HI
        out dx, al
        out dx, al
        mov al, 0x24
        call command
        mov di, buf2
        mov cx, 256
        mov dx, IDE_DATA
        rep insw
        mov si, buf2
        mov al, 0x5a
        call all_equal
        EXPECT e, 'read-ext-lba7-data'

        ; SET MULTIPLE MODE 2, READ MULTIPLE of LBA 5..7: blocks of two sectors then one.
        mov dx, IDE_COUNT
        mov al, 2
        out dx, al
        mov al, 0xc6
        call command
        VAL8 'set-multiple-status', IDE_STATUS
        mov eax, 5
        mov cl, 3
        call set_lba28
        mov al, 0xc4
        call command
        mov di, buf
        mov cx, 512
        mov dx, IDE_DATA
        rep insw
        call wait_not_busy
        VAL8 'read-multiple-second-block', IDE_ALT
        mov di, buf2
        mov cx, 256
        mov dx, IDE_DATA
        rep insw
        VAL8 'read-multiple-end', IDE_STATUS
        mov si, buf + 512
        mov al, 0x77
        call all_equal
        EXPECT e, 'read-multiple-data'
        mov dx, IDE_COUNT
        mov al, 3
        out dx, al
        mov al, 0xc6
        call command
        VAL8 'set-multiple-3-status', IDE_STATUS
        VAL8 'set-multiple-3-error', IDE_ERROR

        ; Errors: LBA = capacity (IDENTIFY words 60-61), an unknown opcode, a DMA-free check.
        mov eax, [idbuf + 60 * 2]
        mov cl, 1
        call set_lba28
        mov al, 0x20
        call command
        VAL8 'out-of-range-status', IDE_STATUS
        VAL8 'out-of-range-error', IDE_ERROR
        mov al, 0x00
        call command
        VAL8 'nop-status', IDE_STATUS
        VAL8 'nop-error', IDE_ERROR

        ; CHECK POWER MODE, READ NATIVE MAX ADDRESS.
        mov al, 0xe5
        call command
        VAL8 'power-mode-status', IDE_STATUS
        VAL8 'power-mode-count', IDE_COUNT
        mov dx, IDE_DEVICE
        mov al, 0x40
        out dx, al
        mov al, 0xf8
        call command
        VAL8 'native-max-status', IDE_STATUS
        VAL8 'native-max-lba-0', IDE_SECTOR
        VAL8 'native-max-lba-1', IDE_CYL_LO
        VAL8 'native-max-lba-2', IDE_CYL_HI

        ; CHS: cylinder 0, head 0, sector 6 = LBA 5.
        mov dx, IDE_DEVICE
        mov al, 0xa0
        out dx, al
        mov dx, IDE_COUNT
        mov al, 1
        out dx, al
        mov dx, IDE_SECTOR
        mov al, 6
        out dx, al
        mov dx, IDE_CYL_LO
        xor al, al
        out dx, al
        mov dx, IDE_CYL_HI
        out dx, al
        mov al, 0x20
        call command
        mov di, buf2
        mov cx, 256
        mov dx, IDE_DATA
        rep insw
        mov si, buf2
        mov al, 0x6b
        call all_equal
        EXPECT e, 'chs-read-data'
        VAL8 'chs-next-sector', IDE_SECTOR

        ; The absent slave: Error and Status read 00h.
        mov dx, IDE_DEVICE
        mov al, 0xb0
        out dx, al
        VAL8 'absent-slave-status', IDE_STATUS
        VAL8 'absent-slave-error', IDE_ERROR
        VAL8 'absent-slave-device', IDE_DEVICE

        ; Software reset: the diagnostic's signature.
        call select_master
        mov dx, IDE_ALT
        mov al, 0x04
        out dx, al
        xor al, al
        out dx, al
        call wait_not_busy
        VAL8 'srst-error', IDE_ERROR
        VAL8 'srst-count', IDE_COUNT
        VAL8 'srst-sector', IDE_SECTOR
        VAL8 'srst-cyl-lo', IDE_CYL_LO
        VAL8 'srst-cyl-hi', IDE_CYL_HI
        VAL8 'srst-device', IDE_DEVICE
        VAL8 'srst-status', IDE_STATUS
        jmp report_done

; select_master: Device register A0h, then waits for BSY clear.
select_master:
        mov dx, IDE_DEVICE
        mov al, 0xa0
        out dx, al
        jmp wait_not_busy

; command: writes AL to the Command register and waits until BSY is clear.
command:
        mov dx, IDE_STATUS
        out dx, al
        jmp wait_not_busy

; set_lba28: LBA EAX (28 bits) and count CL on the master, LBA mode.
set_lba28:
        push eax
        mov dx, IDE_COUNT
        xchg al, cl
        out dx, al
        xchg al, cl
        mov dx, IDE_SECTOR
        out dx, al
        shr eax, 8
        mov dx, IDE_CYL_LO
        out dx, al
        shr eax, 8
        mov dx, IDE_CYL_HI
        out dx, al
        shr eax, 8
        and al, 0x0f
        or al, 0xe0
        mov dx, IDE_DEVICE
        out dx, al
        pop eax
        ret

; all_equal: ZF set when the 512 bytes at SI all equal AL.
all_equal:
        push cx
        push si
        mov cx, 512
.next:  cmp [si], al
        jne .done
        inc si
        loop .next
        cmp al, al
.done:  pop si
        pop cx
        ret

val_word: db 'VAL ', 0
val_id: db 'VAL id-', 0

; IDENTIFY words that must read the same under QEMU and Emu (A.7; the DMA, TRIM and SMART words differ on purpose).
id_words:
        db 0, 1, 2, 3, 4, 5, 6, 7
        db 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26
        db 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46
        db 47, 48, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 64, 65, 66, 67, 68
        db 80, 81, 83, 84, 86, 87, 93, 100, 101, 102, 103, 106
        db 0xff

%include "lib.inc"
%define ALT_STATUS IDE_ALT
%include "ide.inc"
%include "report.inc"

idbuf   equ 0x6000
buf     equ 0x6400
buf2    equ 0x6c00
