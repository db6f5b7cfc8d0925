; vga.asm - draws one known picture on the standard VGA, then prints READY on port E9h and idles,
; so a test can take QEMU's and Emu's screendump of it and compare them byte for byte. The test
; writes the scene number into the byte at image offset 514 (label scene):
;   0 mode 13h (registers programmed directly), 1 mode 12h with write modes 0, 2 and 3 through
;   the latches, 2 80x25 text with a font loaded into plane 2, every attribute and the cursor,
;   3 VBE 640x480x8, 4 VBE 800x600x16, 5 VBE 1024x768x32 with a virtual width and display
;   offsets (all three through the linear framebuffer at PCI BAR0 of 00:02.0), 6 VBE 800x600x8
;   through the 64 KiB window at A0000h with bank switching. Scenes 7-9 set their mode through
;   the VGA BIOS (run them under SeaBIOS with SeaVGABIOS): 7 INT 10h AX=0013h, 8 INT 10h
;   AX=0012h with pixels from AH=0Ch and teletype text from AH=0Eh, 9 VBE 4F01h/4F02h mode 101h
;   (640x480x8) with the LFB address from the mode information.
%define PROGRAM_SECTORS 6
%include "boot.inc"

program_start:
        jmp short start
scene:  db 0

start:
        call enter_unreal
        movzx bx, byte [scene]
        cmp bx, SCENES
        jae .unknown
        add bx, bx
        call [scenes + bx]
        mov si, ready
        call e9_puts
.idle:  sti
        hlt
        jmp .idle
.unknown:
        mov si, unknown
        call e9_puts
        jmp .idle

SCENES equ 10
scenes: dw scene_13h, scene_12h, scene_text, scene_vbe8, scene_vbe16, scene_vbe32, scene_banked
        dw scene_bios_13h, scene_bios_12h, scene_bios_vbe
ready:  db 'READY', 10, 0
unknown: db 'FAIL unknown scene', 10, 0
cur_bank: dw 0xffff
lfb:    dd 0

; ---------------------------------------------------------------- mode 13h
scene_13h:
        mov si, mode13h_regs
        call program_vga
        call dac_ramp
draw_13h:
        push es
        mov ax, 0xa000
        mov es, ax
        xor di, di
        xor dx, dx
.row:   xor cx, cx
.col:   mov al, cl
        add al, dl
        xor al, dh
        test cl, 0x20
        jz .plain
        xor al, dl
.plain: stosb
        inc cx
        cmp cx, 320
        jb .col
        inc dx
        cmp dx, 200
        jb .row
        pop es
        ret

; ---------------------------------------------------------------- mode 12h
scene_12h:
        mov si, mode12h_regs
        call program_vga
        call dac_ramp
        push es
        mov ax, 0xa000
        mov es, ax
        mov dx, 0x3ce
        mov ax, 0x0205          ; write mode 2
        out dx, ax
        mov ax, 0xff08          ; bit mask: all
        out dx, ax
        xor di, di
        xor bx, bx              ; y
.row:   xor cx, cx              ; byte column
.col:   mov al, [es:di]         ; load the latches
        mov ax, bx
        shr ax, 3
        add al, cl
        and al, 15
        stosb
        inc cx
        cmp cx, 80
        jb .col
        inc bx
        cmp bx, 480
        jb .row

        ; a diagonal one pixel wide: the bit mask keeps the neighbours from the latches
        xor bx, bx
.diag:  mov ax, bx
        add ax, 80
        mov cx, ax
        and cl, 7
        mov ah, 0x80
        shr ah, cl
        mov al, 0x08
        mov dx, 0x3ce
        out dx, ax
        mov ax, bx
        add ax, 80
        shr ax, 3
        mov di, ax
        mov ax, bx
        mov cx, 80
        mul cx
        add di, ax
        mov al, [es:di]
        mov byte [es:di], 15
        inc bx
        cmp bx, 400
        jb .diag

        ; write mode 0 with set/reset on every plane: a yellow rectangle
        mov dx, 0x3ce
        mov ax, 0x0005
        out dx, ax
        mov ax, 0x0f01
        out dx, ax
        mov ax, 0x0e00
        out dx, ax
        mov ax, 0xff08
        out dx, ax
        mov bx, 100
.rect:  mov ax, bx
        mov cx, 80
        mul cx
        add ax, 10
        mov di, ax
        mov cx, 20
        rep stosb
        inc bx
        cmp bx, 200
        jb .rect
        mov ax, 0x0001
        out dx, ax

        ; write mode 3: colour 9 where the rotated data has a 1, the latches elsewhere
        mov ax, 0x0305
        out dx, ax
        mov ax, 0x0900
        out dx, ax
        mov ax, 0x0103          ; rotate right by 1
        out dx, ax
        mov bx, 300
.stripe:
        mov ax, bx
        mov cx, 80
        mul cx
        add ax, 40
        mov di, ax
        mov cx, 20
.sbyte: mov al, [es:di]
        mov al, 0x55
        stosb
        loop .sbyte
        inc bx
        cmp bx, 340
        jb .stripe
        mov ax, 0x0003
        out dx, ax
        mov ax, 0x0005
        out dx, ax
        pop es
        ret

; ---------------------------------------------------------------- 80x25 text
scene_text:
        push es
        ; plane 2 at A0000h, sequential addressing: the font load of a VGA BIOS
        mov dx, 0x3c4
        mov ax, 0x0402
        out dx, ax
        mov ax, 0x0704
        out dx, ax
        mov dx, 0x3ce
        mov ax, 0x0204
        out dx, ax
        mov ax, 0x0005
        out dx, ax
        mov ax, 0x0406
        out dx, ax
        mov ax, 0xa000
        mov es, ax
        xor di, di
        xor bx, bx              ; character
.glyph: xor cx, cx              ; line
.gline: mov al, bl
        imul ax, cx, 0x1d
        xor al, bl
        rol al, 1
        cmp cx, 16
        jb .keep
        xor al, al
.keep:  stosb
        inc cx
        cmp cx, 32
        jb .gline
        inc bx
        cmp bx, 256
        jb .glyph
        ; back to odd/even text addressing at B8000h
        mov dx, 0x3c4
        mov ax, 0x0302
        out dx, ax
        mov ax, 0x0304
        out dx, ax
        mov dx, 0x3ce
        mov ax, 0x0004
        out dx, ax
        mov ax, 0x1005
        out dx, ax
        mov ax, 0x0e06
        out dx, ax

        mov ax, 0xb800
        mov es, ax
        xor di, di
        xor bx, bx
.cell:  mov al, bl
        mov ah, bl
        imul ax, bx, 7
        mov ah, al
        mov al, bl
        stosw
        inc bx
        cmp bx, 2000
        jb .cell
        ; cursor: lines 3-10 at row 5, column 17
        mov dx, 0x3d4
        mov ax, 0x030a
        out dx, ax
        mov ax, 0x0a0b
        out dx, ax
        mov ax, 5 * 80 + 17
        mov bh, al
        mov al, 0x0e
        out dx, ax
        mov ah, bh
        mov al, 0x0f
        out dx, ax
        pop es
        ret

; ---------------------------------------------------------------- VBE through the LFB
scene_vbe8:
        mov ax, 640
        mov bx, 480
        mov cx, 8
        call vbe_mode
        call dac_ramp
draw_vbe8:
        mov edi, [lfb]
        xor dx, dx
.row:   xor cx, cx
.col:   mov al, cl
        xor al, dl
        add al, dh
        mov [fs:edi], al
        inc edi
        inc cx
        cmp cx, 640
        jb .col
        inc dx
        cmp dx, 480
        jb .row
        ret

scene_vbe16:
        mov ax, 800
        mov bx, 600
        mov cx, 16
        call vbe_mode
        mov edi, [lfb]
        xor dx, dx
.row:   xor cx, cx
.col:   mov ax, cx
        and ax, 31
        mov bx, dx
        and bx, 63
        shl bx, 5
        or ax, bx
        mov bx, cx
        add bx, dx
        shl bx, 11
        or ax, bx
        mov [fs:edi], ax
        add edi, 2
        inc cx
        cmp cx, 800
        jb .col
        inc dx
        cmp dx, 600
        jb .row
        ret

scene_vbe32:
        mov ax, 1024
        mov bx, 768
        mov cx, 32
        call vbe_mode
        mov ax, 1088            ; virtual width
        mov bx, 6
        call vbe_out
        mov edi, [lfb]
        xor edx, edx
.row:   xor ecx, ecx
.col:   mov eax, ecx
        add eax, edx
        shl eax, 16
        mov al, cl
        mov ah, dl
        or eax, 0xab000000
        mov [fs:edi], eax
        add edi, 4
        inc ecx
        cmp ecx, 1088
        jb .col
        inc edx
        cmp edx, 780
        jb .row
        mov ax, 8               ; x offset
        mov bx, 8
        call vbe_out
        mov ax, 4               ; y offset
        mov bx, 9
        call vbe_out
        ret

; ---------------------------------------------------------------- VBE banked
scene_banked:
        mov ax, 800
        mov bx, 600
        mov cx, 8
        call vbe_mode
        call dac_ramp
        push es
        mov ax, 0xa000
        mov es, ax
        xor esi, esi
        xor dx, dx
.row:   xor cx, cx
.col:   mov eax, esi
        shr eax, 16
        cmp ax, [cur_bank]
        je .same
        mov [cur_bank], ax
        mov bx, 5
        call vbe_out
.same:  mov al, cl
        add al, dl
        add al, dl
        shr al, 1
        xor al, dh
        mov [es:si], al
        inc esi
        inc cx
        cmp cx, 800
        jb .col
        inc dx
        cmp dx, 600
        jb .row
        pop es
        ret

; ---------------------------------------------------------------- modes set by the VGA BIOS
scene_bios_13h:
        mov ax, 0x0013
        int 0x10
        jmp draw_13h

scene_bios_12h:
        mov ax, 0x0012
        int 0x10
        mov dx, 40
.row:   mov cx, 100
.col:   mov al, cl
        add al, dl
        and al, 15
        mov ah, 0x0c
        xor bh, bh
        int 0x10
        inc cx
        cmp cx, 260
        jb .col
        inc dx
        cmp dx, 104
        jb .row
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x0a05
        int 0x10
        mov si, hello
.text:  lodsb
        test al, al
        jz .done
        mov ah, 0x0e
        mov bx, 0x000e
        int 0x10
        jmp .text
.done:  ret
hello:  db 'Hello from INT 10h', 0

VBE_INFO equ 0x0600
scene_bios_vbe:
        push es
        xor ax, ax
        mov es, ax
        mov di, VBE_INFO
        mov ax, 0x4f01
        mov cx, 0x0101
        int 0x10
        mov eax, [VBE_INFO + 0x28]
        mov [lfb], eax
        mov ax, 0x4f02
        mov bx, 0x4101
        int 0x10
        pop es
        jmp draw_vbe8

; vbe_mode: AX = width, BX = height, CX = bpp; enables VBE with the LFB and finds the LFB at
; BAR0 of PCI 00:02.0.
vbe_mode:
        push ax
        push bx
        xor ax, ax
        mov bx, 4
        call vbe_out
        pop ax                  ; height
        mov bx, 2
        call vbe_out
        pop ax                  ; width
        mov bx, 1
        call vbe_out
        mov ax, cx
        mov bx, 3
        call vbe_out
        mov ax, 0x41
        mov bx, 4
        call vbe_out
        mov eax, 0x80001010
        mov dx, 0xcf8
        out dx, eax
        mov dx, 0xcfc
        in eax, dx
        and eax, 0xfffffff0
        mov [lfb], eax
        ret

; vbe_out: writes AX to DISPI register BX.
vbe_out:
        push dx
        push ax
        mov dx, 0x1ce
        mov ax, bx
        out dx, ax
        pop ax
        inc dx
        out dx, ax
        pop dx
        ret

; dac_ramp: 256 DAC entries of 6-bit colours that differ from one another.
dac_ramp:
        mov dx, 0x3c8
        xor al, al
        out dx, al
        inc dx
        xor cx, cx
.next:  mov al, cl
        and al, 63
        out dx, al
        mov al, cl
        shr al, 2
        out dx, al
        mov al, cl
        not al
        shr al, 2
        xor al, 0x15
        out dx, al
        inc cx
        cmp cx, 256
        jb .next
        ret

; program_vga: loads misc output, 5 sequencer, 25 CRTC, 9 graphics and 21 attribute registers from DS:SI.
program_vga:
        mov dx, 0x3c4
        mov ax, 0x0100          ; synchronous reset while the clock changes
        out dx, ax
        mov dx, 0x3c2
        lodsb
        out dx, al
        xor bl, bl
        mov cx, 5
.seq:   mov dx, 0x3c4
        mov al, bl
        out dx, al
        inc dx
        lodsb
        out dx, al
        inc bl
        loop .seq
        mov dx, 0x3d4
        mov ax, 0x0011          ; unlock CR00-CR07
        out dx, ax
        xor bl, bl
        mov cx, 25
.crtc:  mov dx, 0x3d4
        mov al, bl
        out dx, al
        inc dx
        lodsb
        out dx, al
        inc bl
        loop .crtc
        xor bl, bl
        mov cx, 9
.gr:    mov dx, 0x3ce
        mov al, bl
        out dx, al
        inc dx
        lodsb
        out dx, al
        inc bl
        loop .gr
        mov dx, 0x3da
        in al, dx
        mov dx, 0x3c0
        xor bl, bl
        mov cx, 21
.attr:  mov al, bl
        out dx, al
        lodsb
        out dx, al
        inc bl
        loop .attr
        mov al, 0x20            ; palette address source: display on
        out dx, al
        ret

; IBM VGA Technical Reference mode tables.
mode13h_regs:
        db 0x63
        db 0x03, 0x01, 0x0f, 0x00, 0x0e
        db 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0x9c, 0x8e, 0x8f, 0x28, 0x40, 0x96, 0xb9, 0xa3, 0xff
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0f, 0xff
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
        db 0x41, 0x00, 0x0f, 0x00, 0x00
mode12h_regs:
        db 0xe3
        db 0x03, 0x01, 0x0f, 0x00, 0x06
        db 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0x0b, 0x3e, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0xea, 0x8c, 0xdf, 0x28, 0x00, 0xe7, 0x04, 0xe3, 0xff
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0f, 0xff
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f
        db 0x01, 0x00, 0x0f, 0x00, 0x00

; enter_unreal: FS gets a 4 GiB limit (flat data descriptor loaded in protected mode, kept back in
; real mode) so [fs:edi] reaches the linear framebuffer.
enter_unreal:
        cli
        lgdt [unreal_gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp short .pm
.pm:    mov bx, 0x08
        mov fs, bx
        and al, 0xfe
        mov cr0, eax
        jmp short .rm
.rm:    xor bx, bx
        mov fs, bx
        sti
        ret

        align 8
unreal_gdt:
        dq 0
        dq 0x00cf92000000ffff
unreal_gdtr:
        dw 15
        dd unreal_gdt

%include "lib.inc"
