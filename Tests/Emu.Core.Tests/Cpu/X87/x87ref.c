/* The reference for Float80's tests: this machine's own x87 computes each operation.
   Input lines:  OP CW ASE AMANT BSE BMANT   (hex; OP a name below, CW the control word;
                 for "const", AMANT picks FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ by 0-6)
   Output lines: RSE RMANT SW                (the 80-bit result, or a memory result in RMANT, and the status word)
   Built by Emu.Core.Tests.csproj with Debian's gcc; x86 only. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

struct f80 { uint64_t mant; uint16_t se; } __attribute__((packed));

#define PRE(cw) __asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw))

static uint16_t binary(const char *op, uint16_t cw, struct f80 *a, struct f80 *b, struct f80 *r)
{
    uint16_t sw = 0;
    PRE(cw);
    __asm__ volatile("fldt %0\n\tfldt %1\n\tfnclex" : : "m"(*b), "m"(*a));
    if (!strcmp(op, "add")) __asm__ volatile("fadd %%st(1), %%st(0)" ::);
    else if (!strcmp(op, "sub")) __asm__ volatile("fsub %%st(1), %%st(0)" ::);
    else if (!strcmp(op, "mul")) __asm__ volatile("fmul %%st(1), %%st(0)" ::);
    else if (!strcmp(op, "div")) __asm__ volatile("fdiv %%st(1), %%st(0)" ::);
    __asm__ volatile("fnstsw %0\n\tfstpt %1\n\tfstp %%st(0)" : "=m"(sw), "=m"(*r));
    return sw;
}

static uint16_t unary(const char *op, uint16_t cw, struct f80 *a, struct f80 *r)
{
    uint16_t sw = 0;
    PRE(cw);
    __asm__ volatile("fldt %0\n\tfnclex" : : "m"(*a));
    if (!strcmp(op, "sqrt")) __asm__ volatile("fsqrt" ::);
    else if (!strcmp(op, "rndint")) __asm__ volatile("frndint" ::);
    __asm__ volatile("fnstsw %0\n\tfstpt %1" : "=m"(sw), "=m"(*r));
    return sw;
}

static uint16_t compare(const char *op, uint16_t cw, struct f80 *a, struct f80 *b)
{
    uint16_t sw = 0;
    PRE(cw);
    __asm__ volatile("fldt %0\n\tfldt %1\n\tfnclex" : : "m"(*b), "m"(*a));
    if (!strcmp(op, "com")) __asm__ volatile("fcom %%st(1)" ::);
    else __asm__ volatile("fucom %%st(1)" ::);
    __asm__ volatile("fnstsw %0\n\tfstp %%st(0)\n\tfstp %%st(0)" : "=m"(sw));
    return sw;
}

static uint16_t store(const char *op, uint16_t cw, struct f80 *a, uint64_t *out)
{
    uint16_t sw = 0;
    uint16_t w = 0; uint32_t d = 0; uint64_t q = 0;
    PRE(cw);
    __asm__ volatile("fldt %0\n\tfnclex" : : "m"(*a));
    if (!strcmp(op, "fist16")) { __asm__ volatile("fistps %0" : "=m"(w)); *out = w; }
    else if (!strcmp(op, "fist32")) { __asm__ volatile("fistpl %0" : "=m"(d)); *out = d; }
    else if (!strcmp(op, "fist64")) { __asm__ volatile("fistpll %0" : "=m"(q)); *out = q; }
    else if (!strcmp(op, "fst32")) { __asm__ volatile("fstps %0" : "=m"(d)); *out = d; }
    else { __asm__ volatile("fstpl %0" : "=m"(q)); *out = q; }
    __asm__ volatile("fnstsw %0" : "=m"(sw));
    return sw;
}

static uint16_t load(const char *op, uint16_t cw, uint64_t bits, struct f80 *r)
{
    uint16_t sw = 0;
    uint32_t d = (uint32_t)bits;
    PRE(cw);
    __asm__ volatile("fnclex" ::);
    if (!strcmp(op, "fld32")) __asm__ volatile("flds %0" : : "m"(d));
    else __asm__ volatile("fldl %0" : : "m"(bits));
    __asm__ volatile("fnstsw %0\n\tfstpt %1" : "=m"(sw), "=m"(*r));
    return sw;
}

static uint16_t constant(uint16_t cw, unsigned which, struct f80 *r)
{
    uint16_t sw = 0;
    PRE(cw);
    switch (which) {
    case 0: __asm__ volatile("fld1" ::); break;
    case 1: __asm__ volatile("fldl2t" ::); break;
    case 2: __asm__ volatile("fldl2e" ::); break;
    case 3: __asm__ volatile("fldpi" ::); break;
    case 4: __asm__ volatile("fldlg2" ::); break;
    case 5: __asm__ volatile("fldln2" ::); break;
    default: __asm__ volatile("fldz" ::); break;
    }
    __asm__ volatile("fnstsw %0\n\tfstpt %1" : "=m"(sw), "=m"(*r));
    return sw;
}

int main(void)
{
    char op[16];
    unsigned cw, ase, bse;
    unsigned long long am, bm;
    while (scanf("%15s %x %x %llx %x %llx", op, &cw, &ase, &am, &bse, &bm) == 6) {
        struct f80 a = { am, (uint16_t)ase }, b = { bm, (uint16_t)bse }, r = { 0, 0 };
        uint16_t sw;
        uint64_t out = 0;
        if (!strcmp(op, "sqrt") || !strcmp(op, "rndint")) sw = unary(op, (uint16_t)cw, &a, &r);
        else if (!strcmp(op, "com") || !strcmp(op, "ucom")) sw = compare(op, (uint16_t)cw, &a, &b);
        else if (!strncmp(op, "fist", 4) || !strncmp(op, "fst", 3)) { sw = store(op, (uint16_t)cw, &a, &out); r.mant = out; }
        else if (!strcmp(op, "const")) sw = constant((uint16_t)cw, (unsigned)am, &r);
        else if (!strncmp(op, "fld", 3)) sw = load(op, (uint16_t)cw, am, &r);
        else sw = binary(op, (uint16_t)cw, &a, &b, &r);
        printf("%04x %016llx %04x\n", r.se, (unsigned long long)r.mant, sw);
    }
    return 0;
}
