; pm.asm - protected-mode segmentation, exceptions through the IDT and privilege changes
; (Intel SDM Vol. 3 ch. 3, 5, 6): enters protected mode, checks segment loads and their error
; codes, a 16-bit code segment, LAR/LSL/VERR/VERW/ARPL, #DE/#UD, then runs at
; ring 3 (IRET down, interrupt gates and exceptions up through the TSS's SS0:ESP0, IOPL and the
; I/O permission bitmap) and a double fault. Limit checks are in pmlimits.asm. Values that identify a fault are also printed as
; "NOTE name value" lines so a run can be compared line by line with QEMU's.
%define PROGRAM_SECTORS 12
%include "boot.inc"
%include "pm32.inc"

pm_main:
        SETGATE 0x30, int30_handler, 0xEE ; interrupt gate, DPL 3
        SETGATE 0x31, int30_handler, 0x8E ; DPL 0: INT 31h from ring 3 is #GP
        mov ax, cs
        cmp ax, 0x08
        PEXPECT e, 'pm-entered'
        str bx
        cmp bx, 0x38
        PEXPECT e, 'str-after-ltr'
        test byte [gdt + 0x38 + 5], 2
        PEXPECT nz, 'ltr-marks-busy'

        ; Segment loads and their error codes (SDM Vol. 2, MOV).
        TRY .r1
        mov ax, 0x1230
        mov ds, ax
.r1:    cmp dword [exc_vec], 13
        PEXPECT e, 'gp-beyond-gdt'
        PNOTE 'gp-beyond-gdt-code', [exc_code]
        cmp dword [exc_code], 0x1230
        PEXPECT e, 'gp-beyond-gdt-code'

        TRY .r2
        mov ax, 0x40
        mov es, ax
.r2:    cmp dword [exc_vec], 11
        PEXPECT e, 'np-not-present'
        PNOTE 'np-code', [exc_code]

        TRY .r3
        mov ax, 0x48
        mov ss, ax
.r3:    cmp dword [exc_vec], 13
        PEXPECT e, 'gp-ss-read-only'
        PNOTE 'gp-ss-read-only-code', [exc_code]

        TRY .r4
        mov ax, 0x33
        mov ss, ax
.r4:    cmp dword [exc_vec], 13
        PEXPECT e, 'gp-ss-rpl'
        PNOTE 'gp-ss-rpl-code', [exc_code]

        TRY .r5
        mov ax, 0x60
        mov fs, ax
.r5:    cmp dword [exc_vec], 13
        PEXPECT e, 'gp-execute-only-data'
        PNOTE 'gp-execute-only-code', [exc_code]

        TRY .r5a
        xor ax, ax
        mov ss, ax
.r5a:   cmp dword [exc_vec], 13
        PEXPECT e, 'gp-null-ss'
        PNOTE 'gp-null-ss-code', [exc_code]

        ; A far jump to a data segment is #GP(selector).
        TRY .r13
        jmp 0x10:.r13
.r13:   cmp dword [exc_vec], 13
        PEXPECT e, 'gp-jmp-data'
        PNOTE 'gp-jmp-data-code', [exc_code]

        ; Far call into a 16-bit code segment: its bytes decode as 16-bit code.
        mov eax, 0xFFFFFFFF
        call 0x18:code16
        cmp eax, 0xFFFF1234
        PEXPECT e, 'call-16-bit-segment'
        mov ax, cs
        cmp ax, 0x08
        PEXPECT e, 'retf-from-16-bit'

        ; LAR, LSL, VERR, VERW, ARPL.
        mov ax, 0x08
        lar ebx, ax
        PEXPECT z, 'lar-code'
        PNOTE 'lar-code', ebx
        mov ax, 0x50
        lsl ebx, ax
        PEXPECT z, 'lsl-data'
        PNOTE 'lsl-data', ebx
        mov ax, 0x1230
        lar ebx, ax
        PEXPECT nz, 'lar-beyond-gdt'
        mov ax, 0x08
        verr ax
        PEXPECT z, 'verr-readable-code'
        verw ax
        PEXPECT nz, 'verw-code'
        mov ax, 0x60
        verr ax
        PEXPECT nz, 'verr-execute-only'
        mov ax, 0x10
        verw ax
        PEXPECT z, 'verw-data'
        mov ax, 0x38
        lar ebx, ax
        PEXPECT z, 'lar-tss'
        PNOTE 'lar-tss', ebx
        lsl ebx, ax
        PNOTE 'lsl-tss', ebx
        mov ax, 0x10
        mov bx, 0x2B
        arpl ax, bx
        PEXPECT z, 'arpl-raises'
        cmp ax, 0x13
        PEXPECT e, 'arpl-value'
        arpl ax, bx
        PEXPECT nz, 'arpl-keeps'

        ; Exceptions without error codes: the saved EIP is the faulting instruction.
        TRY .r14
        xor edx, edx
        xor ecx, ecx
.div:   div ecx
.r14:   cmp dword [exc_vec], 0
        PEXPECT e, 'de-vector'
        cmp dword [exc_eip], .div
        PEXPECT e, 'de-faulting-eip'
        TRY .r15
.ud:    ud2
.r15:   cmp dword [exc_vec], 6
        PEXPECT e, 'ud-vector'
        cmp dword [exc_eip], .ud
        PEXPECT e, 'ud-faulting-eip'

        ; #GP while the #GP gate is not present: #NP is contributory too, so #DF(0).
        mov byte [IDT_BASE + 13 * 8 + 5], 0x0E
        TRY .r16
        mov ax, 0x1230
        mov ds, ax
.r16:   mov byte [IDT_BASE + 13 * 8 + 5], 0x8E
        mov ax, 0x10
        mov ds, ax
        cmp dword [exc_vec], 8
        PEXPECT e, 'df-contributory-pair'
        PNOTE 'df-code', [exc_code]

        ; Ring 3: IRET to a DPL-3 code segment with IOPL 0.
        mov [ring0_esp], esp
        push dword 0x33
        push dword STACK3
        push dword 0x002
        push dword 0x2B
        push dword ring3
        iretd

ring3:
        ; The return to ring 3 nulled DS and ES (DPL 0 < CPL 3): load ring-3 data.
        mov dx, ds
        mov ax, 0x33
        mov ds, ax
        mov es, ax
        mov [0x500], dx
        mov ax, cs
        and eax, 3
        mov [ring3_cpl], eax
        mov ax, ss
        mov [ring3_ss], eax
        ; Port E9h is allowed by the bitmap.
        mov esi, msg_ring3
        call pputs
        TRY .q1
        cli
.q1:    mov eax, [exc_vec]
        mov [ring3_cli_vec], eax
        mov eax, [exc_code]
        mov [ring3_cli_code], eax
        TRY .q2
        out 0x80, al
.q2:    mov eax, [exc_vec]
        mov [ring3_out_vec], eax
        TRY .q3
        mov eax, cr0
.q3:    mov eax, [exc_vec]
        mov [ring3_cr0_vec], eax
        TRY .q4
        int 0x31
.q4:    mov eax, [exc_vec]
        mov [ring3_int31_vec], eax
        mov eax, [exc_code]
        mov [ring3_int31_code], eax
        TRY .q5
        hlt
.q5:    mov eax, [exc_vec]
        mov [ring3_hlt_vec], eax
        mov ax, cs
        and eax, 3
        mov [ring3_cpl_after], eax
        int 0x30
        jmp $

int30_handler:
        ; Frame from ring 3 on the TSS stack: EIP, CS, EFLAGS, ESP, SS.
        mov [frame_esp], esp
        mov eax, [esp + 4]
        mov [frame_cs], eax
        mov eax, [esp + 12]
        mov [frame_user_esp], eax
        mov eax, [esp + 16]
        mov [frame_ss], eax
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, [ring0_esp]

        cmp word [0x500], 0
        PEXPECT e, 'iret-outer-nulls-ds'
        cmp dword [ring3_cpl], 3
        PEXPECT e, 'ring3-cpl'
        cmp word [ring3_ss], 0x33
        PEXPECT e, 'ring3-ss'
        cmp dword [ring3_cli_vec], 13
        PEXPECT e, 'ring3-cli-gp'
        PNOTE 'ring3-cli-code', [ring3_cli_code]
        cmp dword [ring3_out_vec], 13
        PEXPECT e, 'ring3-out-bitmap-gp'
        cmp dword [ring3_cr0_vec], 13
        PEXPECT e, 'ring3-mov-cr0-gp'
        cmp dword [ring3_int31_vec], 13
        PEXPECT e, 'ring3-int-dpl0-gp'
        PNOTE 'ring3-int31-code', [ring3_int31_code]
        cmp dword [ring3_hlt_vec], 13
        PEXPECT e, 'ring3-hlt-gp'
        cmp dword [ring3_cpl_after], 3
        PEXPECT e, 'ring3-after-faults'
        cmp dword [frame_esp], STACK0_TSS - 20
        PEXPECT e, 'int-esp0-from-tss'
        cmp word [frame_cs], 0x2B
        PEXPECT e, 'int-frame-cs'
        cmp dword [frame_user_esp], STACK3
        PEXPECT e, 'int-frame-esp'
        cmp word [frame_ss], 0x33
        PEXPECT e, 'int-frame-ss'

        jmp pdone

        bits 16
code16:
        db 0xB8, 0x34, 0x12         ; mov ax, 1234h in a 16-bit segment
        o32 retf
        bits 32

msg_ring3: db 'PASS ring3-port-e9', 10, 0

        align 4
scratch:        dd 0
ring0_esp:      dd 0
ring3_cpl:      dd 0
ring3_ss:       dd 0
ring3_cli_vec:  dd 0
ring3_cli_code: dd 0
ring3_out_vec:  dd 0
ring3_cr0_vec:  dd 0
ring3_int31_vec: dd 0
ring3_int31_code: dd 0
ring3_hlt_vec:  dd 0
ring3_cpl_after: dd 0
frame_esp:      dd 0
frame_cs:       dd 0
frame_user_esp: dd 0
frame_ss:       dd 0
