; paging.asm - 32-bit paging (Intel SDM Vol. 3 ch. 4): 4 KiB pages through a page table, a
; 4 MiB page (CR4.PSE), accessed and dirty bits, #PF with CR2 and the error code for reads,
; writes, instruction fetches and user-mode accesses, CR0.WP, INVLPG and a CR3 reload, and data
; and code that cross from one page to a page mapped to a distant frame. Fault values are also
; printed as "NOTE name value" lines so a run can be compared line by line with QEMU's.
%define PROGRAM_SECTORS 12
%include "boot.inc"
%include "pm32.inc"

PD      equ 0x20000                 ; page directory
PT0     equ 0x21000                 ; 0-4 MiB identity, user RW
PT3     equ 0x22000                 ; C00000h-FFFFFFh test pages
; The test pages of PT3 (linear C00000h + n * 1000h).
PTE_USER_RW equ PT3 + 0 * 4         ; -> 30000h user RW
PTE_USER_RO equ PT3 + 1 * 4         ; -> 31000h user read-only
PTE_SUPER   equ PT3 + 2 * 4         ; -> 32000h supervisor RW
PTE_ABSENT  equ PT3 + 3 * 4         ; not present
PTE_SPLIT_A equ PT3 + 4 * 4         ; -> 14000h
PTE_SPLIT_B equ PT3 + 5 * 4         ; -> 16000h (not adjacent)

pm_main:
        SETGATE 0x30, int30_handler, 0xEE

        ; Page directory: 0 -> PT0, 1 -> 4 MiB page at 0, 2 absent, 3 -> PT3.
        mov edi, PD
        mov ecx, 3 * 1024
        xor eax, eax
        rep stosd
        mov dword [PD + 0 * 4], PT0 | 7
        mov dword [PD + 1 * 4], 0x00000000 | 0x83
        mov dword [PD + 3 * 4], PT3 | 7
        mov edi, PT0
        mov eax, 7
        mov ecx, 1024
.fill:  stosd
        add eax, 0x1000
        loop .fill
        mov dword [PTE_USER_RW], 0x30000 | 7
        mov dword [PTE_USER_RO], 0x31000 | 5
        mov dword [PTE_SUPER], 0x32000 | 3
        mov dword [PTE_SPLIT_A], 0x14000 | 3
        mov dword [PTE_SPLIT_B], 0x16000 | 3
        mov dword [0x30000], 0x30303030
        mov dword [0x31000], 0x31313131
        mov dword [0x32000], 0x32323232
        mov dword [0x33000], 0x33333333

        mov eax, cr4
        or eax, 0x10                ; PSE
        mov cr4, eax
        mov eax, PD
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        jmp .paged
.paged: mov eax, cr0
        test eax, 0x80000000
        PEXPECT nz, 'paging-on'
        cmp dword [0x30000], 0x30303030
        PEXPECT e, 'identity-4k'

        ; 4 MiB page at 400000h -> 0.
        mov dword [scratch], 0x5A5A1234
        cmp dword [0x400000 + scratch], 0x5A5A1234
        PEXPECT e, 'pse-4m-read'
        mov dword [0x400000 + scratch], 0x600DF00D
        cmp dword [scratch], 0x600DF00D
        PEXPECT e, 'pse-4m-write'
        mov eax, [PD + 1 * 4]
        and eax, 0x60
        PNOTE 'pde-4m-accessed-dirty', eax

        ; A fresh 4 KiB page: a read sets A, a write sets D (SDM Vol. 3 4.8).
        mov eax, [0xC00000]
        cmp eax, 0x30303030
        PEXPECT e, 'pt-4k-read'
        mov eax, [PTE_USER_RW]
        and eax, 0x60
        PNOTE 'pte-after-read', eax
        cmp eax, 0x20
        PEXPECT e, 'pte-accessed-on-read'
        mov dword [0xC00000], 0x12345678
        mov eax, [PTE_USER_RW]
        and eax, 0x60
        PNOTE 'pte-after-write', eax
        cmp eax, 0x60
        PEXPECT e, 'pte-dirty-on-write'
        cmp dword [0x30000], 0x12345678
        PEXPECT e, 'pt-4k-write-reaches-frame'
        test dword [PD + 3 * 4], 0x20
        PEXPECT nz, 'pde-accessed'

        ; #PF for a page directory entry that is not present: CR2 and the error code.
        TRY .r1
        mov eax, [0x800123]
.r1:    cmp dword [exc_vec], 14
        PEXPECT e, 'pf-read-not-present'
        PNOTE 'pf-read-code', [exc_code]
        PNOTE 'pf-read-cr2', [exc_cr2]
        TRY .r2
        mov dword [0xC03010], 1
.r2:    cmp dword [exc_vec], 14
        PEXPECT e, 'pf-write-not-present'
        PNOTE 'pf-write-code', [exc_code]
        PNOTE 'pf-write-cr2', [exc_cr2]

        ; CR0.WP: a supervisor write to a read-only page succeeds with WP=0, faults with WP=1.
        TRY .r3
        mov dword [0xC01000], 0x77777777
.r3:    cmp dword [exc_vec], -1
        PEXPECT e, 'wp0-supervisor-write'
        mov eax, cr0
        or eax, 0x10000
        mov cr0, eax
        TRY .r4
        mov dword [0xC01004], 0x77777777
.r4:    cmp dword [exc_vec], 14
        PEXPECT e, 'wp1-supervisor-write-faults'
        PNOTE 'wp1-code', [exc_code]
        PNOTE 'wp1-cr2', [exc_cr2]

        ; INVLPG, then a CR3 reload, make a changed entry visible.
        mov dword [PTE_USER_RW], 0x33000 | 7
        invlpg [0xC00000]
        cmp dword [0xC00000], 0x33333333
        PEXPECT e, 'invlpg-new-mapping'
        mov dword [PTE_USER_RW], 0x30000 | 7
        mov eax, cr3
        mov cr3, eax
        cmp dword [0xC00000], 0x12345678
        PEXPECT e, 'cr3-reload-new-mapping'

        ; CR4.PGE with a global page still translates.
        mov eax, cr4
        or eax, 0x80
        mov cr4, eax
        or dword [PTE_SUPER], 0x100
        invlpg [0xC02000]
        cmp dword [0xC02000], 0x32323232
        PEXPECT e, 'global-page-read'

        ; A dword across C04FFFh/C05000h lands in frames 14000h and 16000h.
        mov dword [0x14FFC], 0
        mov dword [0x16000], 0
        mov dword [0xC04FFE], 0xAABBCCDD
        mov eax, [0x14FFC]
        PNOTE 'split-write-first', eax
        cmp eax, 0xCCDD0000
        PEXPECT e, 'split-write-first-page'
        mov eax, [0x16000]
        cmp eax, 0x0000AABB
        PEXPECT e, 'split-write-second-page'
        cmp dword [0xC04FFE], 0xAABBCCDD
        PEXPECT e, 'split-read'

        ; An instruction across the same boundary: MOV EAX, imm32 at C04FFDh, RET at C05002h.
        mov byte [0x14FFD], 0xB8
        mov word [0x14FFE], 0x3344
        mov word [0x16000], 0x1122
        mov byte [0x16002], 0xC3
        xor eax, eax
        call 0xC04FFD
        cmp eax, 0x11223344
        PEXPECT e, 'split-instruction'

        ; Instruction fetch from an absent page, then an instruction that runs into one.
        TRY .r5
        jmp 0x800000
.r5:    cmp dword [exc_vec], 14
        PEXPECT e, 'pf-fetch'
        PNOTE 'pf-fetch-code', [exc_code]
        PNOTE 'pf-fetch-cr2', [exc_cr2]
        PNOTE 'pf-fetch-eip', [exc_eip]
        mov byte [0x32FFD], 0xB8
        mov word [0x32FFE], 0x3344
        TRY .r6
        jmp 0xC02FFD
.r6:    cmp dword [exc_vec], 14
        PEXPECT e, 'pf-fetch-crossing'
        PNOTE 'pf-fetch-crossing-code', [exc_code]
        PNOTE 'pf-fetch-crossing-cr2', [exc_cr2]
        PNOTE 'pf-fetch-crossing-eip', [exc_eip]

        ; Ring 3: user pages only, read-only respected.
        mov [ring0_esp], esp
        push dword 0x33
        push dword 0x6000
        push dword 0x002
        push dword 0x2B
        push dword ring3
        iretd

ring3:
        mov ax, 0x33
        mov ds, ax
        mov es, ax
        mov eax, [0xC00000]
        mov [user_read], eax
        TRY .u1
        mov dword [0xC01000], 1
.u1:    mov eax, [exc_code]
        mov [user_ro_code], eax
        mov eax, [exc_cr2]
        mov [user_ro_cr2], eax
        TRY .u2
        mov eax, [0xC02000]
.u2:    mov eax, [exc_code]
        mov [user_super_code], eax
        TRY .u3
        mov eax, [0xC03000]
.u3:    mov eax, [exc_code]
        mov [user_absent_code], eax
        int 0x30

int30_handler:
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, [ring0_esp]
        cmp dword [user_read], 0x12345678
        PEXPECT e, 'user-read-user-page'
        PNOTE 'user-write-read-only-code', [user_ro_code]
        PNOTE 'user-write-read-only-cr2', [user_ro_cr2]
        cmp dword [user_ro_code], 7
        PEXPECT e, 'user-write-read-only'
        PNOTE 'user-read-supervisor-code', [user_super_code]
        cmp dword [user_super_code], 5
        PEXPECT e, 'user-read-supervisor'
        PNOTE 'user-read-absent-code', [user_absent_code]
        cmp dword [user_absent_code], 4
        PEXPECT e, 'user-read-absent'
        jmp pdone

        align 4
scratch:          dd 0
ring0_esp:        dd 0
user_read:        dd 0
user_ro_code:     dd 0
user_ro_cr2:      dd 0
user_super_code:  dd 0
user_absent_code: dd 0
