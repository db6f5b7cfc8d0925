; acpi_power.asm - ACPI power management as an OS drives it (ACPI 1.0b 4.7, 5.2): finds the RSDP
; in the F segment, follows RSDT -> FADT (copied below 1 MiB with INT 15h AH=87h, the tables sit
; at the top of RAM), reports the FADT's PM addresses, enables ACPI through SMI_CMD, checks the PM
; timer, enables the power button and waits for it on the SCI (IRQ 9, INT 71h). It prints READY
; once waiting; a QMP client then sends system_powerdown. After the press it prints DONE and
; powers off by writing SLP_TYP 0 (QEMU's \_S5) with SLP_EN to PM1a_CNT and halts.
%define PROGRAM_SECTORS 4
%include "boot.inc"

RSDT_COPY equ 0x1000
FADT_COPY equ 0x1100

program_start:
        ; 1. The RSDP: "RSD PTR " on a 16-byte boundary of F0000-FFFFF, 20 bytes summing to 0.
        mov ax, 0xf000
        mov es, ax
        xor di, di
.scan:  mov si, rsdp_signature
        push di
        mov cx, 8
        repe cmpsb
        pop di
        je .found
        add di, 16
        jnz .scan
        mov si, no_rsdp
        call report_fail
        call report_done
.found: mov cx, 20
        xor al, al
        push di
.sum:   add al, [es:di]
        inc di
        loop .sum
        pop di
        test al, al
        EXPECT z, 'rsdp-checksum'
        mov eax, [es:di + 16]
        xor bx, bx
        mov es, bx

        ; 2. RSDT -> the FACP entry -> FADT, copied below 1 MiB.
        mov di, RSDT_COPY
        call copy_high
        cmp dword [RSDT_COPY], 'RSDT'
        EXPECT e, 'rsdt-signature'
        mov cx, [RSDT_COPY + 4]
        sub cx, 36
        shr cx, 2
        mov si, RSDT_COPY + 36
.entry: jcxz .nofadt
        mov eax, [si]
        mov di, FADT_COPY
        call copy_high
        cmp dword [FADT_COPY], 'FACP'
        je .fadt
        add si, 4
        dec cx
        jmp .entry
.nofadt:
        mov si, no_fadt
        call report_fail
        call report_done
.fadt:  NOTE 'sci-int'
        mov ax, [FADT_COPY + 46]
        call e9_hex16
        call report_newline
        NOTE 'smi-cmd'
        mov ax, [FADT_COPY + 48]
        call e9_hex16
        call report_newline
        NOTE 'acpi-enable'
        mov al, [FADT_COPY + 52]
        call e9_hex8
        call report_newline
        NOTE 'pm1a-evt'
        mov ax, [FADT_COPY + 56]
        mov [pm1_evt], ax
        call e9_hex16
        call report_newline
        NOTE 'pm1a-cnt'
        mov ax, [FADT_COPY + 64]
        mov [pm1_cnt], ax
        call e9_hex16
        call report_newline
        NOTE 'pm-tmr'
        mov ax, [FADT_COPY + 76]
        mov [pm_tmr], ax
        call e9_hex16
        call report_newline
        NOTE 'pm-lengths'
        mov ax, [FADT_COPY + 88]
        call e9_hex16
        call report_newline

        ; 3. SCI_EN is off until the OS writes ACPI_ENABLE to SMI_CMD.
        mov dx, [pm1_cnt]
        in ax, dx
        test al, 1
        EXPECT z, 'sci-en-off-at-boot'
        mov dx, [FADT_COPY + 48]
        mov al, [FADT_COPY + 52]
        out dx, al
        mov dx, [pm1_cnt]
        in ax, dx
        test al, 1
        EXPECT nz, 'sci-en-after-acpi-enable'

        ; 4. The PM timer counts (24 bits, 3.58 MHz).
        mov dx, [pm_tmr]
        in eax, dx
        mov ebx, eax
        mov cx, 1000
.wait:  in al, 0x80
        loop .wait
        in eax, dx
        cmp eax, ebx
        EXPECT ne, 'pm-timer-moves'
        test eax, 0xff000000
        EXPECT z, 'pm-timer-24-bit'

        ; 5. The power button: PWRBTN_EN, IRQ 9 unmasked, wait on the SCI.
        mov word [0x71 * 4], sci_handler
        mov word [0x71 * 4 + 2], 0
        mov dx, [pm1_evt]
        mov ax, 0xffff
        out dx, ax                      ; clear every status bit
        add dx, 2
        mov ax, 0x0100
        out dx, ax                      ; PWRBTN_EN
        in al, 0xa1
        and al, 0xfd                    ; IRQ 9 = slave line 1
        out 0xa1, al
        in al, 0x21
        and al, 0xfb                    ; cascade
        out 0x21, al
        mov si, ready
        call e9_puts
.idle:  sti
        hlt
        cmp byte [pressed], 0
        je .idle
        cli
        cmp word [press_status], 0x0100
        EXPECT e, 'power-button-status'
        mov dx, [pm1_evt]
        in ax, dx
        test ax, 0x0100
        EXPECT z, 'power-button-status-cleared'

        ; 6. S5: SLP_TYP 0 with SLP_EN.
        mov si, done
        call e9_puts
        mov dx, [pm1_cnt]
        in ax, dx
        and ax, 0xc3ff
        or ax, 0x2000
        out dx, ax
        jmp halt_forever                ; the test sees whether the power went off (QMP SHUTDOWN)

; The SCI (IRQ 9): records the PWRBTN status, clears it (write 1), EOI to both PICs.
sci_handler:
        push ax
        push dx
        mov dx, [cs:pm1_evt]
        in ax, dx
        and ax, 0x0100
        mov [cs:press_status], ax
        out dx, ax
        mov byte [cs:pressed], 1
        mov al, 0x20
        out 0xa0, al
        out 0x20, al
        pop dx
        pop ax
        iret

; copy_high: copies 256 bytes from physical EAX to 0000:DI with INT 15h AH=87h.
copy_high:
        pushad
        push es
        mov [gdt + 0x12], ax            ; source base 15:0
        shr eax, 16
        mov [gdt + 0x14], al            ; source base 23:16
        mov [gdt + 0x17], ah            ; source base 31:24
        mov [gdt + 0x1a], di            ; destination base 15:0 (segment 0)
        mov byte [gdt + 0x1c], 0
        mov byte [gdt + 0x1f], 0
        xor ax, ax
        mov es, ax
        mov si, gdt
        mov cx, 128
        mov ah, 0x87
        int 0x15
        pop es
        popad
        ret

gdt:    times 16 db 0
        dw 0xffff, 0                    ; source: limit, base 15:0
        db 0, 0x93, 0, 0                ; base 23:16, access, flags, base 31:24
        dw 0xffff, 0                    ; destination
        db 0, 0x93, 0, 0
        times 16 db 0

rsdp_signature: db 'RSD PTR '
no_rsdp: db 'rsdp-found', 0
no_fadt: db 'fadt-found', 0
ready:  db 'READY', 10, 0
done:   db 'DONE', 10, 0
pm1_evt: dw 0
pm1_cnt: dw 0
pm_tmr: dw 0
press_status: dw 0
pressed: db 0

%include "lib.inc"
%include "report.inc"
        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
