; pmlimits.asm - protected-mode limit and access-rights checks on data accesses (SDM Vol. 3 5.3,
; 5.4): a null segment, byte-granular limits, expand-down, read-only and code segments, and the
; stack segment (#SS(0)). QEMU's TCG does not make these checks, so this program is not compared
; with QEMU: each check asserts the SDM's result.
%define PROGRAM_SECTORS 10
%include "boot.inc"
%include "pm32.inc"

pm_main:
        ; A null selector loads into DS but any use faults with #GP(0).
        TRY .r6
        xor ax, ax
        mov fs, ax
        mov eax, [fs:0x100]
.r6:    cmp dword [exc_vec], 13
        PEXPECT e, 'gp-null-use'
        PNOTE 'gp-null-use-code', [exc_code]

        ; Limits: FFFh-byte segment at 10000h.
        mov ax, 0x50
        mov fs, ax
        mov dword [0x10FFC], 0x11223344
        mov eax, [fs:0xFFC]
        cmp eax, 0x11223344
        PEXPECT e, 'limited-segment-base'
        TRY .r7
        mov eax, [fs:0xFFE]
.r7:    cmp dword [exc_vec], 13
        PEXPECT e, 'gp-beyond-limit'

        ; Expand-down, B=1: offsets FFFh and below fault, 1000h and above are fine.
        mov ax, 0x58
        mov gs, ax
        TRY .r8
        mov eax, [gs:0x800]
.r8:    cmp dword [exc_vec], 13
        PEXPECT e, 'gp-expand-down-low'
        TRY .r9
        mov eax, [gs:0x1000]
.r9:    cmp dword [exc_vec], -1
        PEXPECT e, 'expand-down-high-ok'

        ; Read-only data and code segments refuse writes.
        mov ax, 0x48
        mov fs, ax
        TRY .r10
        mov byte [fs:0x10], 1
.r10:   cmp dword [exc_vec], 13
        PEXPECT e, 'gp-write-read-only'
        mov ax, 0x08
        mov fs, ax
        mov eax, [fs:gdt]
        TRY .r11
        mov [fs:scratch], eax
.r11:   cmp dword [exc_vec], 13
        PEXPECT e, 'gp-write-code'

        ; Stack limit through SS (16-bit SS, B=0): #SS(0).
        mov ax, 0x20
        mov ss, ax
        mov ebp, 0x10000
        TRY .r12
        mov eax, [ebp]
.r12:   mov ax, 0x10
        mov ss, ax
        mov esp, STACK0
        cmp dword [exc_vec], 12
        PEXPECT e, 'ss-beyond-limit'
        PNOTE 'ss-beyond-limit-code', [exc_code]

        jmp pdone

        align 4
scratch:        dd 0
