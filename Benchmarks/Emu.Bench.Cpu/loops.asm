; loops.asm - CPU-bound real-mode loops for Emu.Bench.Cpu (assembled with nasm -f bin at run time).
; Each loop is entered at its label with CS=0, DS=ES=SS=0 and ends with HLT.
; The harness reads the entry offsets from the table at 0x1000 (entries 0-3, entry 7 at 0x100E,
; entry 8 at 0x1010) and writes the iteration count at 0x1008 (dword) and the rep movsd repeat
; count at 0x100C (word).
        bits 16
        org 0x1000
        dw int_loop, movsd_loop, mem_loop, mix_loop
iter:   dd 0
outer:  dw 0
        dw pm_mem_loop              ; entry 7 (0x100E): the protected-mode loop
        dw rm32_mem_loop            ; entry 8 (0x1010): its real-mode twin

; 1) add/dec/jnz on 32-bit registers (the mips.img loop): ITER x 3 instructions
int_loop:
        mov ecx, [iter]
        xor eax, eax
.l:     add eax, ecx
        dec ecx
        jnz .l
        hlt

; 2) rep movsd: copies 64000 bytes (16000 dwords) from 2000:0000 to 3000:0000, OUTER times
movsd_loop:
        mov dx, [outer]
        mov ax, 0x2000
        mov ds, ax
        mov ax, 0x3000
        mov es, ax
        cld
.o:     xor si, si
        xor di, di
        mov ecx, 16000
        rep movsd
        dec dx
        jnz .o
        xor ax, ax
        mov ds, ax
        mov es, ax
        hlt

; 3) memory reads and writes: a read-modify-write walk over a 16 KiB buffer at 4000:0000
mem_loop:
        mov ecx, [iter]
        mov ax, 0x4000
        mov ds, ax
        xor bx, bx
.l:     mov eax, [bx]
        add eax, ecx
        mov [bx+4], eax
        add bx, 8
        and bx, 0x3ff8
        dec ecx
        jnz .l
        xor ax, ax
        mov ds, ax
        hlt

; 3b) loop 5's body in real mode (32-bit registers and addressing, DS=4000h): the baseline for
;     the paged row, the same six instructions on the same physical addresses without paging
rm32_mem_loop:
        mov ecx, [iter]
        mov ax, 0x4000
        mov ds, ax
        xor ebx, ebx
.l:     mov eax, [ebx]
        add eax, ecx
        mov [ebx+4], eax
        add ebx, 8
        and ebx, 0x3ff8
        dec ecx
        jnz .l
        xor ax, ax
        mov ds, ax
        hlt

; 4) a mix: compare/branch, shifts, a call, stack traffic
mix_loop:
        mov ecx, [iter]
        xor esi, esi
.l:     mov eax, ecx
        shr eax, 3
        cmp eax, esi
        jb .s
        call .f
.s:     push ecx
        pop edx
        xor esi, edx
        dec ecx
        jnz .l
        hlt
.f:     lea esi, [esi+eax*2+1]
        ret

; 5) loop 3 in 32-bit protected mode with paging on (flat segments, the first 4 MiB identity-
;    mapped with 4 KiB pages): the same six instructions per iteration through the TLB
pm_mem_loop:
        cli
        lgdt [pm_gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword 0x08:.pm
        bits 32
.pm:    mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x9000
        mov edi, 0x100000
        mov ecx, 1024
        xor eax, eax
        rep stosd
        mov dword [0x100000], 0x101003
        mov edi, 0x101000
        mov eax, 3
        mov ecx, 1024
.f:     stosd
        add eax, 0x1000
        loop .f
        mov eax, 0x100000
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        mov ecx, [iter]
        mov ebx, 0x40000
.l:     mov eax, [ebx]
        add eax, ecx
        mov [ebx+4], eax
        add ebx, 8
        and ebx, 0x43ff8
        dec ecx
        jnz .l
        hlt
        bits 16

        align 8
pm_gdt: dq 0
        dq 0x00CF9A000000FFFF
        dq 0x00CF92000000FFFF
pm_gdtr:
        dw 23
        dd pm_gdt
