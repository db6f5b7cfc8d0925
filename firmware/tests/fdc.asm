; fdc.asm - the floppy disk controller (82078 at 3F0h, IRQ 6) and ISA DMA channel 2 through their
; ports, as a guest driver uses them (82078 datasheet; QEMU hw/block/fdc.c, hw/dma/i8257.c).
; Drive A is this program's own 1.44 MB floppy, attached read-only; the test fills cylinder 1 and
; on with a known pattern. Drive B is a 2.88 MB scratch floppy (or an empty drive, for the
; missing-medium run). Every answer is printed as "VAL name bytes" on port E9h and must read the
; same under QEMU 7.2 and Emu: reset and SENSE INTERRUPT, VERSION, CONFIGURE, LOCK, DUMPREG,
; PERPENDICULAR MODE, SPECIFY, RECALIBRATE, SEEK, DIR's disk-change bit, READ by DMA (with the DMA
; registers afterwards), a multi-track read, READ ID, SENSE DRIVE STATUS, a write to the protected
; drive, bad sectors, tracks, data rates and opcodes, a DMA write and read-back on drive B, a
; non-DMA read and FORMAT TRACK. IRQ 6 is counted by a handler at INT 0Eh; waits are bounded by
; the BIOS timer ticks.
%define PROGRAM_SECTORS 12
%include "boot.inc"

%define FDC_DOR 0x3f2
%define FDC_MSR 0x3f4
%define FDC_FIFO 0x3f5
%define FDC_DIR 0x3f7
%define FDC_CCR 0x3f7

%define BUF_A 0x20000
%define BUF_B 0x30000

; CMD b0, b1, ...: sends a command and its parameters (clears the IRQ count first).
%macro CMD 1+
        mov si, %%bytes
        call fdc_send
        jmp %%done
%%bytes: db %%end - %%bytes - 1, %1
%%end:
%%done:
%endmacro

; RESULT 'name': reads the result phase and prints "VAL name XX XX ...".
%macro RESULT 1
        mov si, %%name
        call fdc_results
        jmp %%done
%%name: db %1, 0
%%done:
%endmacro

; SUM 'name', segment, bytes: prints "VAL name SSSS b0 b1 b2 b3" (16-bit sum and the first bytes).
%macro SUM 3
        mov ax, %2
        mov cx, %3
        mov si, %%name
        call print_sum
        jmp %%done
%%name: db %1, 0
%%done:
%endmacro

; DMA2 mode, physical address, bytes: programs channel 2 (mask, flip-flop, mode, address, page, count, unmask).
%macro DMA2 3
        mov al, %1
        mov ebx, %2
        mov cx, %3 - 1
        call dma2_setup
%endmacro

program_start:
        cli
        mov byte [0x440], 0             ; no BIOS motor-off write to the DOR while we run
        mov word [0x0e * 4], irq6
        mov word [0x0e * 4 + 2], 0
        in al, 0x21
        and al, 0xbf
        out 0x21, al
        sti

        VAL8 'dir-a-at-start', FDC_DIR
        VAL8 'msr-at-start', FDC_MSR

        ; Reset through the DOR: the controller answers with IRQ 6 and four SENSE INTERRUPTs.
        mov byte [irq_count], 0
        mov dx, FDC_DOR
        mov al, 0x08
        out dx, al
        VAL8 'dor-in-reset', FDC_DOR
        mov al, 0x0c
        out dx, al
        call wait_irq
        VAL8 'msr-after-reset', FDC_MSR
        CMD 0x08
        RESULT 'sense-reset-0'
        CMD 0x08
        RESULT 'sense-reset-1'
        CMD 0x08
        RESULT 'sense-reset-2'
        CMD 0x08
        RESULT 'sense-reset-3'
        CMD 0x08
        RESULT 'sense-nothing-pending'

        CMD 0x10
        RESULT 'version'
        CMD 0x18
        RESULT 'part-id'
        CMD 0x0e
        RESULT 'dumpreg-after-reset'
        CMD 0x13, 0x00, 0x57, 0x05
        CMD 0x94
        RESULT 'lock-on'
        CMD 0x12, 0x83
        CMD 0x03, 0xaf, 0x1e
        CMD 0x0e
        RESULT 'dumpreg-configured'
        CMD 0x14
        RESULT 'lock-off'
        CMD 0x12, 0x80
        CMD 0x13, 0x00, 0x40, 0x00
        CMD 0x03, 0xdf, 0x02
        VAL8 'dor-dma-mode', FDC_DOR

        ; Bad opcodes.
        CMD 0x00
        RESULT 'invalid-00'
        CMD 0x1f
        RESULT 'invalid-1f'
        CMD 0xcd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        RESULT 'format-and-write'

        ; Drive A: motor on, 500 kb/s for the 1.44 MB medium.
        mov dx, FDC_DOR
        mov al, 0x1c
        out dx, al
        mov dx, FDC_CCR
        mov al, 0
        out dx, al
        CMD 0x07, 0x00
        call wait_irq
        CMD 0x08
        RESULT 'recalibrate-a'
        CMD 0x0f, 0x00, 0x02
        call wait_irq
        CMD 0x08
        RESULT 'seek-a-2'
        VAL8 'dir-a-after-seek', FDC_DIR

        ; READ DATA by DMA: cylinder 1, head 0, sectors 1-2 into BUF_A.
        DMA2 0x46, BUF_A, 1024
        CMD 0x66, 0x00, 1, 0, 1, 2, 18, 0x1b, 0xff
        call wait_irq
        RESULT 'read-a-c1-r1'
        SUM 'read-a-c1-r1-data', BUF_A >> 4, 1024
        VAL8 'dma1-status', 0x08
        call dma2_registers

        ; Multi-track: head 0 sector 18 then head 1 sector 1.
        DMA2 0x46, BUF_A, 1024
        CMD 0xe6, 0x00, 1, 0, 18, 2, 18, 0x1b, 0xff
        call wait_irq
        RESULT 'read-a-multitrack'
        SUM 'read-a-multitrack-data', BUF_A >> 4, 1024
        ; The DMA count ends the command early: 512 bytes of a three-sector request.
        DMA2 0x46, BUF_A, 512
        CMD 0x46, 0x04, 2, 1, 4, 2, 6, 0x1b, 0xff
        call wait_irq
        RESULT 'read-a-dma-short'
        SUM 'read-a-dma-short-data', BUF_A >> 4, 512

        CMD 0x4a, 0x00
        call wait_irq
        RESULT 'read-id-a'
        CMD 0x04, 0x00
        RESULT 'sense-drive-a'

        ; Errors: a write to the write-protected medium, sectors and tracks that do not exist, a wrong data rate.
        DMA2 0x4a, BUF_A, 512
        CMD 0xc5, 0x00, 1, 0, 1, 2, 18, 0x1b, 0xff
        call wait_irq
        RESULT 'write-protected'
        DMA2 0x46, BUF_A, 512
        CMD 0x66, 0x00, 1, 0, 19, 2, 19, 0x1b, 0xff
        call wait_irq
        RESULT 'read-sector-19'
        DMA2 0x46, BUF_A, 512
        CMD 0x66, 0x00, 90, 0, 1, 2, 18, 0x1b, 0xff
        call wait_irq
        RESULT 'read-track-90'
        mov dx, FDC_CCR
        mov al, 2
        out dx, al
        DMA2 0x46, BUF_A, 512
        CMD 0x66, 0x00, 1, 0, 1, 2, 18, 0x1b, 0xff
        call wait_irq
        RESULT 'read-wrong-rate'
        CMD 0x4a, 0x00
        call wait_irq
        RESULT 'read-id-wrong-rate'

        ; Drive B at 1 Mb/s (2.88 MB): disk change line until a step with a medium in.
        mov dx, FDC_DOR
        mov al, 0x2d
        out dx, al
        mov dx, FDC_CCR
        mov al, 3
        out dx, al
        VAL8 'dir-b-initial', FDC_DIR
        CMD 0x07, 0x01
        call wait_irq
        CMD 0x08
        RESULT 'recalibrate-b'
        CMD 0x0f, 0x01, 0x05
        call wait_irq
        CMD 0x08
        RESULT 'seek-b-5'
        VAL8 'dir-b-after-seek', FDC_DIR
        CMD 0x04, 0x05
        RESULT 'sense-drive-b'

        ; WRITE DATA by DMA: C5 H1 R3 from BUF_B (i xor 5Ah), then read back into BUF_A.
        push es
        mov ax, BUF_B >> 4
        mov es, ax
        xor di, di
        mov cx, 512
.fill:  mov al, cl
        xor al, 0x5a
        stosb
        loop .fill
        pop es
        DMA2 0x4a, BUF_B, 512
        CMD 0xc5, 0x05, 5, 1, 3, 2, 36, 0x1b, 0xff
        call wait_irq
        RESULT 'write-b'
        DMA2 0x46, BUF_A, 512
        CMD 0xe6, 0x05, 5, 1, 3, 2, 3, 0x1b, 0xff
        call wait_irq
        RESULT 'read-back-b'
        SUM 'read-back-b-data', BUF_A >> 4, 512

        ; Non-DMA read (SPECIFY ND=1): the bytes come through the FIFO.
        CMD 0x03, 0xdf, 0x03
        VAL8 'dor-non-dma', FDC_DOR
        CMD 0x46, 0x05, 5, 1, 3, 2, 3, 0x1b, 0xff
        call wait_irq
        VAL8 'msr-non-dma', FDC_MSR
        call pio_read
        RESULT 'read-non-dma'
        SUM 'read-non-dma-data', BUF_A >> 4, 512
        CMD 0x03, 0xdf, 0x02

        CMD 0x4d, 0x01, 2, 36, 0x54, 0xf6
        call wait_irq
        RESULT 'format-b'
        CMD 0x4a, 0x01
        call wait_irq
        RESULT 'read-id-b'
        CMD 0x0e
        RESULT 'dumpreg-at-end'

        ; DSR software reset (bit 7) also interrupts.
        mov dx, FDC_MSR
        mov al, 0x80
        mov byte [irq_count], 0
        out dx, al
        call wait_irq
        CMD 0x08
        RESULT 'sense-dsr-reset'
        VAL8 'dor-after-dsr-reset', FDC_DOR
        mov dx, FDC_DOR
        mov al, 0x0c
        out dx, al
        jmp report_done

; irq6: counts the floppy controller's interrupts.
irq6:
        push ax
        inc byte [cs:irq_count]
        mov al, 0x20
        out 0x20, al
        pop ax
        iret

; wait_irq: waits for IRQ 6 (at most 40 timer ticks); prints "VAL irq-timeout" if none came.
wait_irq:
        push cx
        mov cx, 40
.wait:  cmp byte [irq_count], 0
        jne .got
        hlt
        loop .wait
        push si
        mov si, .msg
        call e9_puts
        pop si
.got:   mov byte [irq_count], 0
        pop cx
        ret
.msg:   db 'VAL irq-timeout', 10, 0

; fdc_send: writes the count-prefixed bytes at DS:SI to the FIFO, each when MSR says RQM and not DIO.
fdc_send:
        push ax
        push cx
        push dx
        mov byte [irq_count], 0
        lodsb
        movzx cx, al
.byte:  call wait_rqm
        and al, 0x40
        jnz .skip
        lodsb
        mov dx, FDC_FIFO
        out dx, al
        loop .byte
        jmp .done
.skip:  push si
        mov si, .msg
        call e9_puts
        pop si
.done:  pop dx
        pop cx
        pop ax
        ret
.msg:   db 'VAL send-refused', 10, 0

; wait_rqm: polls MSR until RQM (bounded); returns MSR in AL.
wait_rqm:
        push cx
        push dx
        mov dx, FDC_MSR
        mov cx, 0xffff
.poll:  in al, dx
        test al, 0x80
        jnz .done
        loop .poll
.done:  pop dx
        pop cx
        ret

; fdc_results: "VAL name" then every result byte (while MSR reads RQM|DIO|BUSY), then the MSR.
fdc_results:
        push ax
        push cx
        push dx
        push si
        push si
        mov si, val_word
        call e9_puts
        pop si
        call e9_puts
        mov cx, 16
.next:  call wait_rqm
        and al, 0xd0
        cmp al, 0xd0
        jne .end
        mov dx, FDC_FIFO
        in al, dx
        push ax
        mov al, ' '
        out 0xe9, al
        pop ax
        call e9_hex8
        loop .next
.end:   mov si, .msr
        call e9_puts
        mov dx, FDC_MSR
        in al, dx
        call e9_hex8
        call report_newline
        pop si
        pop dx
        pop cx
        pop ax
        ret
.msr:   db ' msr ', 0

; pio_read: reads the execution-phase bytes (MSR RQM|DIO|NDMA) into BUF_A.
pio_read:
        push es
        push ax
        push cx
        push dx
        push di
        mov ax, BUF_A >> 4
        mov es, ax
        xor di, di
        mov cx, 512
.next:  call wait_rqm
        and al, 0xe0
        cmp al, 0xe0
        jne .done
        mov dx, FDC_FIFO
        in al, dx
        stosb
        loop .next
.done:  mov ax, cx
        mov si, .left
        call e9_puts
        call e9_hex16
        call report_newline
        pop di
        pop dx
        pop cx
        pop ax
        pop es
        ret
.left:  db 'VAL non-dma-bytes-left ', 0

; dma2_setup: AL = mode, EBX = physical address, CX = count - 1.
dma2_setup:
        push ax
        push ax
        mov al, 0x06
        out 0x0a, al
        out 0x0c, al
        pop ax
        out 0x0b, al
        mov al, bl
        out 0x04, al
        mov al, bh
        out 0x04, al
        shr ebx, 16
        mov al, bl
        out 0x81, al
        mov al, cl
        out 0x05, al
        mov al, ch
        out 0x05, al
        mov al, 0x02
        out 0x0a, al
        pop ax
        ret

; dma2_registers: "VAL dma2-registers AAAA CCCC PP MM": current address, count, page, mask.
dma2_registers:
        push ax
        push si
        mov si, .name
        call e9_puts
        out 0x0c, al
        in al, 0x04
        mov ah, al
        in al, 0x04
        xchg al, ah
        call e9_hex16
        mov al, ' '
        out 0xe9, al
        in al, 0x05
        mov ah, al
        in al, 0x05
        xchg al, ah
        call e9_hex16
        mov al, ' '
        out 0xe9, al
        in al, 0x81
        call e9_hex8
        mov al, ' '
        out 0xe9, al
        in al, 0x09
        call e9_hex8
        call report_newline
        pop si
        pop ax
        ret
.name:  db 'VAL dma2-registers ', 0

; print_sum: "VAL name SSSS b0 b1 b2 b3" over CX bytes at AX:0.
print_sum:
        push es
        push bx
        push cx
        push dx
        push di
        mov es, ax
        call report_val_name
        xor bx, bx
        xor di, di
        xor ah, ah
.add:   mov al, [es:di]
        add bx, ax
        inc di
        loop .add
        mov ax, bx
        call e9_hex16
        xor di, di
        mov cx, 4
.first: mov al, ' '
        out 0xe9, al
        mov al, [es:di]
        call e9_hex8
        inc di
        loop .first
        call report_newline
        pop di
        pop dx
        pop cx
        pop bx
        pop es
        ret

val_word: db 'VAL ', 0
irq_count: db 0

%include "lib.inc"
%include "report.inc"
