; atapi.asm - the CD-ROM on the secondary master through the PACKET protocol (ATA/ATAPI-6 9.8,
; MMC-5; spec ide-atapi-bios.md B). The test's CD image has 512 blocks; block 16 starts with
; 01h "CD001" 01h. DEVICE RESET first, so the sense state the BIOS left does not matter. Prints
; "VAL name bytes" lines that must read the same under QEMU 7.2 and Emu, and PASS/FAIL checks.
%define PROGRAM_SECTORS 8
%include "boot.inc"

%define CD_DATA 0x170
%define CD_ERROR 0x171
%define CD_REASON 0x172
%define CD_COUNT_LO 0x174
%define CD_COUNT_HI 0x175
%define CD_DEVICE 0x176
%define CD_STATUS 0x177
%define CD_ALT 0x376

; PACKET 'name', packet_label, byte_count_limit: runs the packet and prints
; "VAL name-regs SS EE RR" and "VAL name-data <bytes>".
%macro PACKET 3
        mov si, %2
        mov bx, %3
        call send_packet
        mov si, %%name
        call print_result
        jmp %%done
%%name: db %1, 0
%%done:
%endmacro

program_start:
        cli
        mov dx, CD_ALT
        xor al, al
        out dx, al
        mov dx, CD_DEVICE
        mov al, 0xa0
        out dx, al
        call wait_not_busy

        ; DEVICE RESET: signature, status 00h.
        mov dx, CD_STATUS
        mov al, 0x08
        out dx, al
        call wait_not_busy
        mov si, regs_name_reset
        call print_registers

        ; IDENTIFY DEVICE is aborted after the packet signature is posted.
        mov dx, CD_STATUS
        mov al, 0xec
        out dx, al
        call wait_not_busy
        mov si, regs_name_identify
        call print_registers

        ; IDENTIFY PACKET DEVICE.
        mov dx, CD_STATUS
        mov al, 0xa1
        out dx, al
        call wait_not_busy
        mov di, idbuf
        mov cx, 256
        mov dx, CD_DATA
        rep insw
        cmp word [idbuf], 0x85c0
        EXPECT e, 'identify-packet-word0'
        mov si, id_words
.word:  lodsb
        cmp al, 0xff
        je .words_done
        call print_id_word
        jmp .word
.words_done:

        PACKET 'tur', pk_tur, 0xfffe
        PACKET 'request-sense', pk_sense, 0xfffe
        PACKET 'inquiry', pk_inquiry, 0xfffe
        PACKET 'read-capacity', pk_capacity, 0xfffe
        cmp dword [buf], 0xff010000
        EXPECT e, 'read-capacity-last-block'
        PACKET 'read-toc', pk_toc, 0xfffe
        PACKET 'read-toc-session', pk_toc_session, 0xfffe
        PACKET 'get-configuration', pk_config, 0xfffe
        PACKET 'gesn', pk_gesn, 0xfffe
        PACKET 'mode-sense-2a', pk_mode_2a, 0xfffe
        PACKET 'mode-sense-01', pk_mode_01, 0xfffe
        PACKET 'mode-sense-0d', pk_mode_0d, 0xfffe
        PACKET 'sense-after-0d', pk_sense, 0xfffe
        PACKET 'mechanism-status', pk_mechanism, 0xfffe
        PACKET 'disc-information', pk_disc_info, 0xfffe
        PACKET 'read-subchannel', pk_subchannel, 0xfffe
        PACKET 'sense-after-42', pk_sense, 0xfffe
        PACKET 'read10-lba16', pk_read16, 0xfffe
        mov si, buf
        mov di, pvd_start
        mov cx, 7
        repe cmpsb
        EXPECT e, 'read10-lba16-data'
        cmp word [blocks], 0x0800
        EXPECT e, 'read10-one-block'
        PACKET 'read10-two-small-limit', pk_read2, 0x0300
        PACKET 'read10-past-end', pk_read_end, 0xfffe
        PACKET 'sense-after-past-end', pk_sense, 0xfffe
        PACKET 'inquiry-limit-zero', pk_inquiry, 0
        PACKET 'tur-limit-zero', pk_tur, 0
        PACKET 'prevent', pk_prevent, 0xfffe
        PACKET 'mode-sense-locked', pk_mode_2a, 0xfffe
        PACKET 'eject-locked', pk_eject, 0xfffe
        PACKET 'sense-after-eject-locked', pk_sense, 0xfffe
        PACKET 'allow', pk_allow, 0xfffe
        jmp report_done

; send_packet: the 12 bytes at SI to the master with byte count limit BX. Collects the data-in
; phase into buf, records each DRQ block's byte count in blocks[] and the total in [total];
; leaves Status/Error/Interrupt Reason in [regs].
send_packet:
        mov word [total], 0
        mov word [block_count], 0
        mov dx, CD_DEVICE
        mov al, 0xa0
        out dx, al
        call wait_not_busy
        mov dx, CD_ERROR
        xor al, al
        out dx, al
        mov dx, CD_COUNT_LO
        mov al, bl
        out dx, al
        mov dx, CD_COUNT_HI
        mov al, bh
        out dx, al
        mov dx, CD_STATUS
        mov al, 0xa0
        out dx, al
        call wait_not_busy
        mov dx, CD_ALT
        in al, dx
        test al, 0x08
        jz .finish                      ; no packet phase (aborted)
        mov dx, CD_DATA
        mov cx, 6
        rep outsw
        mov di, buf
.block: call wait_not_busy
        mov dx, CD_ALT
        in al, dx
        test al, 0x08
        jz .finish
        mov dx, CD_COUNT_LO
        in al, dx
        mov cl, al
        mov dx, CD_COUNT_HI
        in al, dx
        mov ch, al
        mov bx, [block_count]
        cmp bx, 8
        jae .no_record
        shl bx, 1
        mov [blocks + bx], cx
        inc word [block_count]
.no_record:
        add [total], cx
        mov dx, CD_STATUS
        in al, dx                       ; acknowledge the interrupt
        jcxz .finish                    ; an empty block cannot be drained
        inc cx
        shr cx, 1
        mov dx, CD_DATA
        rep insw
        jmp .block
.finish:
        mov dx, CD_STATUS
        in al, dx
        mov [regs], al
        mov dx, CD_ERROR
        in al, dx
        mov [regs + 1], al
        mov dx, CD_REASON
        in al, dx
        mov [regs + 2], al
        ret

; print_result: "VAL <name>-regs SS EE RR", "VAL <name>-blocks ..." and "VAL <name>-data ..." (at most 64 bytes).
print_result:
        push si
        mov bx, si
        mov si, val_word
        call e9_puts
        mov si, bx
        call e9_puts
        mov si, regs_suffix
        call e9_puts
        mov si, regs
        mov cx, 3
        call print_bytes
        call report_newline
        mov si, val_word
        call e9_puts
        mov si, bx
        call e9_puts
        mov si, blocks_suffix
        call e9_puts
        mov cx, [block_count]
        jcxz .no_blocks
        mov si, blocks
.blk:   mov al, ' '
        out 0xe9, al
        lodsw
        call e9_hex16
        loop .blk
.no_blocks:
        call report_newline
        mov si, val_word
        call e9_puts
        mov si, bx
        call e9_puts
        mov si, data_suffix
        call e9_puts
        mov cx, [total]
        cmp cx, 64
        jbe .short
        mov cx, 64
.short: mov si, buf
        call print_bytes
        call report_newline
        pop si
        ret

; print_registers: "VAL <name at SI> err cnt sec cyl-lo cyl-hi dev status" of the secondary channel.
print_registers:
        push si
        mov si, val_word
        call e9_puts
        pop si
        call e9_puts
        mov dx, CD_ERROR
.reg:   mov al, ' '
        out 0xe9, al
        in al, dx
        call e9_hex8
        inc dx
        cmp dx, CD_STATUS
        jbe .reg
        jmp report_newline

; print_bytes: CX bytes at SI as " XX".
print_bytes:
        jcxz .done
.next:  mov al, ' '
        out 0xe9, al
        lodsb
        call e9_hex8
        loop .next
.done:  ret

val_word: db 'VAL ', 0
val_id: db 'VAL id-', 0
regs_suffix: db '-regs', 0
blocks_suffix: db '-blocks', 0
data_suffix: db '-data', 0
regs_name_reset: db 'device-reset', 0
regs_name_identify: db 'identify-device', 0
pvd_start: db 1, 'CD001', 1

; IDENTIFY PACKET DEVICE words that must match (A.8; 49, 62, 63 and 88 differ on purpose: no DMA).
id_words:
        db 0, 1, 2, 3, 4, 5, 6, 7, 8, 9
        db 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26
        db 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46
        db 47, 48, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 64, 65, 66, 67, 68, 69, 70, 71, 72
        db 80, 81, 82, 83, 84, 85, 86, 87, 93, 100, 101, 102, 103, 108, 109, 110, 111
        db 0xff

pk_tur:          db 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
pk_sense:        db 0x03, 0, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0
pk_inquiry:      db 0x12, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0
pk_capacity:     db 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
pk_toc:          db 0x43, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0
pk_toc_session:  db 0x43, 0, 0, 0, 0, 0, 0, 0, 0xff, 0x40, 0, 0
pk_config:       db 0x46, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0, 0
pk_gesn:         db 0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8, 0, 0, 0
pk_mode_2a:      db 0x5a, 0, 0x2a, 0, 0, 0, 0, 0, 64, 0, 0, 0
pk_mode_01:      db 0x5a, 0, 0x01, 0, 0, 0, 0, 0, 64, 0, 0, 0
pk_mode_0d:      db 0x5a, 0, 0x0d, 0, 0, 0, 0, 0, 64, 0, 0, 0
pk_mechanism:    db 0xbd, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0
pk_disc_info:    db 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0, 0, 0
pk_subchannel:   db 0x42, 0, 0x40, 1, 0, 0, 0, 0, 16, 0, 0, 0
pk_read16:       db 0x28, 0, 0, 0, 0, 16, 0, 0, 1, 0, 0, 0
pk_read2:        db 0x28, 0, 0, 0, 0, 16, 0, 0, 2, 0, 0, 0
pk_read_end:     db 0x28, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0
pk_prevent:      db 0x1e, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0
pk_allow:        db 0x1e, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
pk_eject:        db 0x1b, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0

regs:        db 0, 0, 0
total:       dw 0
block_count: dw 0
blocks:      times 8 dw 0

%include "lib.inc"
%define ALT_STATUS CD_ALT
%include "ide.inc"
%include "report.inc"

idbuf   equ 0x5000
buf     equ 0x5400
