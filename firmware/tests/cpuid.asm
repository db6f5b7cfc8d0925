; cpuid.asm - the CPU model as a guest sees it: every CPUID leaf up to the maxima leaf 0 and
; leaf 80000000h report (and one beyond each, which Intel answers with the highest basic leaf,
; SDM Vol. 2A CPUID), then the MSRs and instructions the feature bits promise, each checked only
; when its bit is set: TSC (10h), SYSENTER/SYSEXIT and their MSRs (SEP), PAT (277h), the MTRRs,
; MCE (CR4.MCE) and the MCA banks, CLFLUSH, DE (CR4.DE, DR4/DR5), and APIC_BASE (1Bh), which
; raises #GP when no APIC is advertised (SDM Vol. 4 2.1: an MSR the CPU lacks faults).
; Lines: "CPUID leaf.sub eax ebx ecx edx", "MSR index edx:eax", PASS/FAIL checks, DONE.
%define PROGRAM_SECTORS 14
%include "boot.inc"
%include "pm32.inc"

SYSENTER_STACK equ 0x6800
EDX_DE      equ 1 << 3
EDX_TSC     equ 1 << 4
EDX_MSR     equ 1 << 5
EDX_MCE     equ 1 << 7
EDX_APIC    equ 1 << 9
EDX_SEP     equ 1 << 11
EDX_MTRR    equ 1 << 12
EDX_MCA     equ 1 << 14
EDX_PAT     equ 1 << 16
EDX_CLFLUSH equ 1 << 19

; RDMSR_TRY index: rdmsr under TRY; ZF=1 when it did not fault.
%macro RDMSR_TRY 1
        mov ecx, %1
        TRY %%after
        rdmsr
%%after:
        cmp dword [exc_vec], -1
%endmacro

; WRMSR_TRY index, edx, eax: wrmsr under TRY; ZF=1 when it did not fault.
%macro WRMSR_TRY 3
        mov ecx, %1
        mov edx, %2
        mov eax, %3
        TRY %%after
        wrmsr
%%after:
        cmp dword [exc_vec], -1
%endmacro

; MSR_READS_BACK 'name', index, edx, eax: writes the value, reads it back, checks it.
%macro MSR_READS_BACK 4
        WRMSR_TRY %2, %3, %4
        jne %%bad
        RDMSR_TRY %2
        jne %%bad
        cmp edx, %3
        jne %%bad
        cmp eax, %4
%%bad:
        PEXPECT e, %1
%endmacro

; MSR_GP 'name', index, edx, eax: the write raises #GP(0) (a reserved bit set, SDM Vol. 4).
%macro MSR_GP 4
        WRMSR_TRY %2, %3, %4
        jne %%faulted
        cmp eax, eax
        jmp %%bad
%%faulted:
        cmp dword [exc_vec], 13
        jne %%bad
        cmp dword [exc_code], 0
%%bad:
        PEXPECT e, %1
%endmacro

pm_main:
        ; Basic leaves 0..max (capped at 1Fh), leaf 4's first subleaves, and max + 1.
        xor eax, eax
        cpuid
        cmp eax, 0x1F
        jbe .basic_max
        mov eax, 0x1F
.basic_max:
        mov [max_basic], eax
        xor edi, edi
.basic: mov eax, edi
        xor ecx, ecx
        call dump_leaf
        cmp edi, 4
        jne .basic_next
        mov ecx, 1
.sub4:  mov eax, edi
        call dump_leaf
        inc ecx
        cmp ecx, 4
        jb .sub4
.basic_next:
        inc edi
        cmp edi, [max_basic]
        jbe .basic
        mov eax, edi
        xor ecx, ecx
        call dump_leaf

        ; Extended leaves 80000000h..max (capped at 80000020h) and max + 1.
        mov eax, 0x80000000
        cpuid
        cmp eax, 0x80000020
        jbe .ext_max
        mov eax, 0x80000020
.ext_max:
        cmp eax, 0x80000000
        jae .ext_keep
        mov eax, 0x80000000
.ext_keep:
        mov [max_ext], eax
        mov edi, 0x80000000
.ext:   mov eax, edi
        xor ecx, ecx
        call dump_leaf
        inc edi
        cmp edi, [max_ext]
        jbe .ext
        mov eax, edi
        xor ecx, ecx
        call dump_leaf

        mov eax, 1
        cpuid
        mov [features], edx
        mov [features_ecx], ecx
        mov eax, 0x80000000
        cpuid
        xor edx, edx
        cmp eax, 0x80000001
        jb .no_ext1
        mov eax, 0x80000001
        cpuid
.no_ext1:
        mov [ext_features], edx

        test dword [features], EDX_MSR
        jz .no_msr
        call check_apic_base
        call check_tsc
        call check_ucode
        call check_sep
        call check_pat
        call check_mtrr
        call check_mca
.no_msr:
        call check_mce
        call check_de
        call check_clflush
        jmp pdone

; dump_leaf: CPUID with EAX, ECX as given; prints "CPUID eeeeeeee.cccccccc a b c d" (ECX kept).
dump_leaf:
        push ecx
        push eax
        mov esi, .word
        call pputs
        call phex32
        mov al, '.'
        out 0xe9, al
        mov eax, ecx
        call phex32
        pop eax
        cpuid
        push edx
        push ecx
        push ebx
        call space_hex
        pop eax
        call space_hex
        pop eax
        call space_hex
        pop eax
        call space_hex
        call pnewline
        pop ecx
        ret
.word:  db 'CPUID ', 0

space_hex:
        push eax
        mov al, ' '
        out 0xe9, al
        pop eax
        jmp phex32

; print_msr: "MSR <ECX> <EDX>:<EAX>"
print_msr:
        push eax
        mov esi, .word
        call pputs
        mov eax, ecx
        call phex32
        mov al, ' '
        out 0xe9, al
        mov eax, edx
        call phex32
        mov al, ':'
        out 0xe9, al
        pop eax
        call phex32
        jmp pnewline
.word:  db 'MSR ', 0

; APIC_BASE (1Bh) exists only with an APIC.
check_apic_base:
        test dword [features], EDX_APIC
        jnz .done
        RDMSR_TRY 0x1B
        jne .faulted
        cmp eax, eax
        jmp .bad
.faulted:
        cmp dword [exc_vec], 13
.bad:   PEXPECT e, 'apic-base-gp-without-apic'
.done:  ret

; The TSC is writable (SDM Vol. 3 17.17): after WRMSR to MSR 10h, RDTSC counts on from the value
; written. Family 6 models 0Eh, 0Fh, 17h, 1Ah, 1Ch and 1Dh take all 64 bits; earlier models take the
; low 32 and clear the high 32. 0:F0000000h written: RDTSC then reads a little more; 1:F0000000h
; written: the high half reads 1 or 0 by the family and model. A check that cannot run (WRMSR faults)
; fails.
check_tsc:
        test dword [features], EDX_TSC
        jz .done
        WRMSR_TRY 0x10, 0, 0xF0000000
        jne .bad_low
        rdtsc
        test edx, edx
        jnz .bad_low
        sub eax, 0xF0000000
        cmp eax, 0x100000               ; CF: read - written below 1M
        jmp .low
.bad_low:
        clc
.low:   PEXPECT b, 'tsc-write-low-half'
        call tsc_all_64_writable
        WRMSR_TRY 0x10, 1, 0xF0000000
        jne .bad_high
        rdtsc
        cmp edx, ebx
        jmp .high
.bad_high:
        or eax, 1                       ; ZF = 0
.high:  PEXPECT e, 'tsc-write-high-half'
        ; RDMSR 10h reads the same counter as RDTSC, all 64 bits.
        RDMSR_TRY 0x10
        jne .bad_msr
        mov ebx, eax
        mov ecx, edx
        rdtsc
        sub eax, ebx
        sbb edx, ecx
        jnz .bad_msr
        cmp eax, 0x100000               ; CF: RDTSC - RDMSR below 1M
        jmp .msr
.bad_msr:
        clc
.msr:   PEXPECT b, 'tsc-msr-is-rdtsc'
.done:  ret

; tsc_all_64_writable: EBX = 1 when WRMSR writes all 64 bits of the TSC (family 6, models 0Eh, 0Fh,
; 17h, 1Ah, 1Ch, 1Dh; SDM Vol. 3 17.17), else 0. For family 6 the model is CPUID.01H:EAX[19:16]:[7:4].
tsc_all_64_writable:
        mov eax, 1
        cpuid
        xor ebx, ebx
        mov ecx, eax
        shr ecx, 8
        and ecx, 0xF
        cmp ecx, 6
        jne .done
        mov ecx, eax
        shr ecx, 4
        and ecx, 0xF
        shr eax, 12
        and eax, 0xF0
        or ecx, eax
        mov esi, .models
.next:  cmp cl, [esi]
        je .yes
        inc esi
        cmp esi, .models + 6
        jb .next
        ret
.yes:   mov ebx, 1
.done:  ret
.models: db 0x0E, 0x0F, 0x17, 0x1A, 0x1C, 0x1D

; IA32_BIOS_SIGN_ID (8Bh): write 0, CPUID, read the microcode revision (SDM Vol. 3 10.11.7.1).
check_ucode:
        WRMSR_TRY 0x8B, 0, 0
        mov eax, 1
        cpuid
        RDMSR_TRY 0x8B
        call print_msr
        ret

; SYSENTER/SYSEXIT (SDM Vol. 2B): MSRs 174h-176h, the flat segments they load, the faults.
check_sep:
        test dword [features], EDX_SEP
        jz .done
        RDMSR_TRY 0x174
        call print_msr
        MSR_READS_BACK 'sysenter-esp-msr', 0x175, 0, SYSENTER_STACK
        MSR_READS_BACK 'sysenter-eip-msr', 0x176, 0, ..@sysenter_entry
        ; SYSENTER_CS = 0 makes both instructions #GP(0).
        MSR_READS_BACK 'sysenter-cs-msr-zero', 0x174, 0, 0
        TRY .r1
        sysenter
.r1:    cmp dword [exc_vec], 13
        PEXPECT e, 'sysenter-cs-zero-gp'
        TRY .r2
        sysexit
.r2:    cmp dword [exc_vec], 13
        PEXPECT e, 'sysexit-cs-zero-gp'
        ; SYSENTER_CS = 18h (a 16-bit code descriptor: SYSENTER ignores the GDT and loads flat
        ; 32-bit segments); SYSEXIT then loads CS = 2Bh, SS = 33h (the ring-3 pair at 28h, 30h).
        MSR_READS_BACK 'sysenter-cs-msr', 0x174, 0, 0x18
        ; IF = 1 going out (the PIC masked, so nothing arrives) shows that SYSENTER clears it.
        mov al, 0xFF
        out 0x21, al
        out 0xA1, al
        mov [saved_esp], esp
        mov ecx, STACK3
        mov edx, .ring3
        sti
        sysexit
.ring3: ; SYSEXIT leaves DS as it was (DPL 0); ring 3 loads its own, as the IRET back from the
        ; #GP below would null a DPL-0 DS (SDM Vol. 2A, IRET: return to an outer level).
        mov ax, 0x33
        mov ds, ax
        mov es, ax
        mov [r3_cs], cs
        mov [r3_ss], ss
        mov [r3_esp], esp
        ; SYSEXIT at CPL 3 is #GP(0).
        TRY .r3
        sysexit
.r3:    mov eax, [exc_vec]
        mov [r3_sysexit_vec], eax
        mov ecx, 0x11111111
        mov edx, 0x22222222
        sysenter
..@sysenter_entry:
        mov [ss:r0_cs], cs
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov [r0_ss], ss
        mov [r0_esp], esp
        pushfd
        pop dword [r0_flags]
        mov [r0_ecx], ecx
        mov ss, ax
        mov esp, [saved_esp]
        push dword 0x08
        push dword .back
        retf
.back:
        cmp word [r3_cs], 0x2B
        PEXPECT e, 'sysexit-cs'
        cmp word [r3_ss], 0x33
        PEXPECT e, 'sysexit-ss'
        cmp dword [r3_esp], STACK3
        PEXPECT e, 'sysexit-esp-from-ecx'
        cmp dword [r3_sysexit_vec], 13
        PEXPECT e, 'sysexit-cpl3-gp'
        cmp word [r0_cs], 0x18
        PEXPECT e, 'sysenter-cs'
        cmp word [r0_ss], 0x20
        PEXPECT e, 'sysenter-ss'
        cmp dword [r0_esp], SYSENTER_STACK
        PEXPECT e, 'sysenter-esp'
        test dword [r0_flags], 1 << 9
        PEXPECT z, 'sysenter-clears-if'
        cmp dword [r0_ecx], 0x11111111
        PEXPECT e, 'sysenter-keeps-ecx'
        PNOTE 'sysenter-eflags', [r0_flags]
.done:  ret

; PAT (SDM Vol. 3 11.12.2): power-on value, read back; type 2, 3 or above 7 is #GP.
check_pat:
        test dword [features], EDX_PAT
        jz .done
        RDMSR_TRY 0x277
        call print_msr
        MSR_READS_BACK 'pat-read-back', 0x277, 0x00070106, 0x00050406
        MSR_GP 'pat-reserved-type-gp', 0x277, 0x00070406, 0x00070402
        MSR_GP 'pat-reserved-bits-gp', 0x277, 0x00070406, 0x00070446
        MSR_READS_BACK 'pat-restore', 0x277, 0x00070406, 0x00070406
.done:  ret

; MTRRs (SDM Vol. 3 11.11): MTRRcap, the default type, one variable pair and one fixed range.
check_mtrr:
        test dword [features], EDX_MTRR
        jz .done
        RDMSR_TRY 0xFE
        call print_msr
        MSR_READS_BACK 'mtrr-def-type', 0x2FF, 0, 0xC06
        MSR_READS_BACK 'mtrr-phys-base0', 0x200, 0, 0x08000006
        MSR_READS_BACK 'mtrr-phys-mask0', 0x201, 0, 0xF8000800
        MSR_READS_BACK 'mtrr-fix64k', 0x250, 0x06060606, 0x06060606
        MSR_READS_BACK 'mtrr-fix4k-f8000', 0x26F, 0x05050505, 0x05050505
        MSR_GP 'mtrr-def-type-reserved-gp', 0x2FF, 0, 0x1C06
        MSR_GP 'mtrr-phys-base-type-gp', 0x200, 0, 0x08000002
        MSR_GP 'mtrr-fix-type-gp', 0x258, 0, 0x00000007
.done:  ret

; Machine-check architecture (SDM Vol. 3 16.3): MCG_CAP, MCG_STATUS, bank 0.
check_mca:
        test dword [features], EDX_MCA
        jz .done
        test dword [features], EDX_MCE
        jz .done
        RDMSR_TRY 0x179
        call print_msr
        RDMSR_TRY 0x17A
        call print_msr
        RDMSR_TRY 0x17B
        call print_msr
        RDMSR_TRY 0x400
        call print_msr
        RDMSR_TRY 0x401
        call print_msr
        MSR_READS_BACK 'mc0-ctl', 0x400, 0, 0
        MSR_READS_BACK 'mc0-ctl-ones', 0x400, 0xFFFFFFFF, 0xFFFFFFFF
        MSR_READS_BACK 'mc0-status-clear', 0x401, 0, 0
.done:  ret

; CR4.MCE (bit 6) is writable when MCE is advertised.
check_mce:
        test dword [features], EDX_MCE
        jz .done
        mov eax, cr4
        or eax, 1 << 6
        TRY .r1
        mov cr4, eax
.r1:    mov eax, cr4
        test eax, 1 << 6
        PEXPECT nz, 'cr4-mce'
        and eax, ~(1 << 6)
        mov cr4, eax
.done:  ret

; DE (SDM Vol. 3 17.2.2): DR4 aliases DR6 with CR4.DE = 0 and is #UD with CR4.DE = 1.
check_de:
        test dword [features], EDX_DE
        jz .done
        mov eax, 0xFFFF0FF0
        mov dr6, eax
        TRY .r1
        mov eax, dr4
.r1:    cmp dword [exc_vec], -1
        PEXPECT e, 'dr4-aliases-dr6'
        mov eax, cr4
        or eax, 1 << 3
        mov cr4, eax
        TRY .r2
        mov eax, dr4
.r2:    cmp dword [exc_vec], 6
        PEXPECT e, 'dr4-ud-with-cr4-de'
        mov eax, cr4
        and eax, ~(1 << 3)
        mov cr4, eax
.done:  ret

; CLFLUSH (SDM Vol. 2A) executes; CPUID.1:EBX[15:8] gives its line size.
check_clflush:
        test dword [features], EDX_CLFLUSH
        jz .done
        TRY .r1
        clflush [scratch]
.r1:    cmp dword [exc_vec], -1
        PEXPECT e, 'clflush-runs'
.done:  ret

        align 4
max_basic:      dd 0
max_ext:        dd 0
features:       dd 0
features_ecx:   dd 0
ext_features:   dd 0
r3_cs:          dd 0
r3_ss:          dd 0
r3_esp:         dd 0
r3_sysexit_vec: dd 0
r0_cs:          dd 0
r0_ss:          dd 0
r0_esp:         dd 0
r0_flags:       dd 0
r0_ecx:         dd 0
scratch:        dd 0
saved_esp:      dd 0
