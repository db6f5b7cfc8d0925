; idespeed.asm - reads the whole primary master disk twice, by PIO and by bus-master DMA, and
; marks each phase on the debug console (port E9h) so the host can time it: "PIO-START",
; "PIO-END", "DMA-START", "DMA-END", then "DONE" and cli; hlt. Commands move 256 sectors
; (128 KiB) each: READ SECTORS with 32-bit data-port reads, READ DMA through a two-entry PRD
; table (2 x 64 KiB, byte count 0) into 1000:0000-2000:FFFF. How much each phase reads, in
; 128 KiB chunks from LBA 0, the host patches in at offsets 506 (PIO) and 508 (DMA).
        bits 16
        org 0x7c00
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7c00
        cld
        mov ax, 0x0200 + 4               ; the rest of the program: 4 sectors after this one
        mov cx, 0x0002
        xor dh, dh
        mov bx, 0x7e00
        int 0x13
        jmp program

        times 506 - ($ - $$) db 0
pio_chunks: dw 0
dma_chunks: dw 0
        dw 0xaa55

program:
        mov dx, 0x3f6
        mov al, 0x02                     ; nIEN: no interrupts from the drive
        out dx, al

        mov si, msg_pio_start
        call puts
        xor ebp, ebp                     ; LBA
        mov bx, [pio_chunks]
.pio_chunk:
        mov al, 0x20                     ; READ SECTORS, 256 sectors
        call issue
        mov di, 256
.pio_sector:
        call wait_drq
        push di
        push es
        mov ax, 0x1000
        mov es, ax
        xor di, di
        mov cx, 128
        mov dx, 0x1f0
        rep insd
        pop es
        pop di
        dec di
        jnz .pio_sector
        add ebp, 256
        dec bx
        jnz .pio_chunk
        mov si, msg_pio_end
        call puts

        ; Bus master: BAR4 of 00:01.1 and the bus-master enable bit in its command register.
        mov eax, 0x80000920
        mov dx, 0xcf8
        out dx, eax
        mov dx, 0xcfc
        in eax, dx
        and ax, 0xfffc
        mov [bm_base], ax
        mov eax, 0x80000904
        mov dx, 0xcf8
        out dx, eax
        mov dx, 0xcfc
        in ax, dx
        or ax, 0x0005
        out dx, ax
        mov dword [prd], 0x10000
        mov dword [prd + 4], 0
        mov dword [prd + 8], 0x20000
        mov dword [prd + 12], 0x80000000
        mov dx, [bm_base]
        add dx, 4
        mov eax, prd
        out dx, eax

        mov si, msg_dma_start
        call puts
        xor ebp, ebp
        mov bx, [dma_chunks]
.dma_chunk:
        mov dx, [bm_base]
        mov al, 0x08                     ; stop, direction: to memory
        out dx, al
        add dx, 2
        mov al, 0x06                     ; clear Interrupt and Error
        out dx, al
        mov al, 0xc8                     ; READ DMA, 256 sectors
        call issue
        mov dx, [bm_base]
        mov al, 0x09                     ; start
        out dx, al
        add dx, 2
.dma_wait:
        in al, dx
        test al, 0x01                    ; Active clears when the table is done (nIEN keeps
        jnz .dma_wait                    ; the drive's interrupt, and so the Interrupt bit, off)
        add ebp, 256
        dec bx
        jnz .dma_chunk
        mov dx, [bm_base]
        mov al, 0x08
        out dx, al
        mov si, msg_dma_end
        call puts
        mov si, msg_done
        call puts
.halt:  cli
        hlt
        jmp .halt

; issue: command AL for 256 sectors at LBA EBP (28-bit).
issue:
        push ax
        call wait_ready
        mov eax, ebp
        shr eax, 24
        and al, 0x0f
        or al, 0xe0
        mov dx, 0x1f6
        out dx, al
        mov dx, 0x1f2
        xor al, al                       ; 0 = 256 sectors
        out dx, al
        mov eax, ebp
        mov dx, 0x1f3
        out dx, al
        mov dx, 0x1f4
        mov al, ah
        out dx, al
        shr eax, 16
        mov dx, 0x1f5
        out dx, al
        pop ax
        mov dx, 0x1f7
        out dx, al
        ret

wait_ready:
        mov dx, 0x3f6
.poll:  in al, dx
        test al, 0x80
        jnz .poll
        ret

wait_drq:
        mov dx, 0x3f6
.poll:  in al, dx
        test al, 0x80
        jnz .poll
        test al, 0x08
        jz .poll
        ret

puts:   lodsb
        test al, al
        jz .done
        out 0xe9, al
        jmp puts
.done:  ret

msg_pio_start: db 'PIO-START', 10, 0
msg_pio_end: db 'PIO-END', 10, 0
msg_dma_start: db 'DMA-START', 10, 0
msg_dma_end: db 'DMA-END', 10, 0
msg_done: db 'DONE', 10, 0
bm_base: dw 0
        align 8
prd:    times 16 db 0
