/*
 * The DSDT of Emu's built-in BIOS for the pc machine (i440FX + PIIX3/PIIX4, no APIC), compiled
 * with Debian's iasl (acpica-tools) when Emu.Bios builds and placed by POST. It describes what
 * QEMU's DSDT for the same machine describes (hw/i386/acpi-build.c): the PCI root with its
 * interrupt routing through the PIIX3 PIRQ registers, the legacy ISA devices Linux probes through
 * ACPI PnP, and the S5 (soft-off) sleep type the PIIX4 PM powers off on. S1-S4 are not offered:
 * the PM model does not sleep.
 */
DefinitionBlock ("dsdt.aml", "DSDT", 1, "BOCHS ", "BXPC    ", 0x00000001)
{
    /* SLP_TYP 0 with SLP_EN in PM1a_CNT powers off (the PIIX4 PM, QEMU's value). */
    Name (\_S5, Package (0x04) { Zero, Zero, Zero, Zero })

    Scope (\_SB)
    {
        Device (PCI0)
        {
            Name (_HID, EisaId ("PNP0A03"))
            Name (_UID, Zero)

            /* Bus 0, the legacy I/O and VGA windows, PCI I/O above the PM block, PCI memory from 2 GiB (SeaBIOS's windows). */
            Name (_CRS, ResourceTemplate ()
            {
                WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode,
                    0x0000, 0x0000, 0x00FF, 0x0000, 0x0100,,,)
                IO (Decode16, 0x0CF8, 0x0CF8, 0x01, 0x08,)
                WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange,
                    0x0000, 0x0000, 0x0CF7, 0x0000, 0x0CF8,,, , TypeStatic, DenseTranslation)
                WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange,
                    0x0000, 0x0D00, 0xFFFF, 0x0000, 0xF300,,, , TypeStatic, DenseTranslation)
                DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, Cacheable, ReadWrite,
                    0x00000000, 0x000A0000, 0x000BFFFF, 0x00000000, 0x00020000,,, , AddressRangeMemory, TypeStatic)
                DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite,
                    0x00000000, 0x80000000, 0xFEBFFFFF, 0x00000000, 0x7EC00000,,, , AddressRangeMemory, TypeStatic)
            })

            /*
             * INTx routing (PIIX3: PIRQ = (slot + pin) mod 4 -> LNKA..LNKD); INTA of slot 1 is the
             * PIIX4 PM's SCI, wired to IRQ 9 (LNKS).
             */
            Name (_PRT, Package ()
            {
                Package () { 0x0000FFFF, 0, LNKA, 0 },
                Package () { 0x0000FFFF, 1, LNKB, 0 },
                Package () { 0x0000FFFF, 2, LNKC, 0 },
                Package () { 0x0000FFFF, 3, LNKD, 0 },
                Package () { 0x0001FFFF, 0, LNKS, 0 },
                Package () { 0x0001FFFF, 1, LNKC, 0 },
                Package () { 0x0001FFFF, 2, LNKD, 0 },
                Package () { 0x0001FFFF, 3, LNKA, 0 },
                Package () { 0x0002FFFF, 0, LNKC, 0 },
                Package () { 0x0002FFFF, 1, LNKD, 0 },
                Package () { 0x0002FFFF, 2, LNKA, 0 },
                Package () { 0x0002FFFF, 3, LNKB, 0 },
                Package () { 0x0003FFFF, 0, LNKD, 0 },
                Package () { 0x0003FFFF, 1, LNKA, 0 },
                Package () { 0x0003FFFF, 2, LNKB, 0 },
                Package () { 0x0003FFFF, 3, LNKC, 0 },
                Package () { 0x0004FFFF, 0, LNKA, 0 },
                Package () { 0x0004FFFF, 1, LNKB, 0 },
                Package () { 0x0004FFFF, 2, LNKC, 0 },
                Package () { 0x0004FFFF, 3, LNKD, 0 },
                Package () { 0x0005FFFF, 0, LNKB, 0 },
                Package () { 0x0005FFFF, 1, LNKC, 0 },
                Package () { 0x0005FFFF, 2, LNKD, 0 },
                Package () { 0x0005FFFF, 3, LNKA, 0 },
                Package () { 0x0006FFFF, 0, LNKC, 0 },
                Package () { 0x0006FFFF, 1, LNKD, 0 },
                Package () { 0x0006FFFF, 2, LNKA, 0 },
                Package () { 0x0006FFFF, 3, LNKB, 0 },
                Package () { 0x0007FFFF, 0, LNKD, 0 },
                Package () { 0x0007FFFF, 1, LNKA, 0 },
                Package () { 0x0007FFFF, 2, LNKB, 0 },
                Package () { 0x0007FFFF, 3, LNKC, 0 },
            })

            /* The PIIX3 ISA bridge (00:01.0) with its PIRQ route control registers 60h-63h. */
            Device (ISA)
            {
                Name (_ADR, 0x00010000)
                OperationRegion (P40C, PCI_Config, 0x60, 0x04)

                Device (RTC)
                {
                    Name (_HID, EisaId ("PNP0B00"))
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x0070, 0x0070, 0x01, 0x08,)
                        IRQNoFlags () {8}
                    })
                }

                Device (KBD)
                {
                    Name (_HID, EisaId ("PNP0303"))
                    Method (_STA, 0, NotSerialized) { Return (0x0F) }
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x0060, 0x0060, 0x01, 0x01,)
                        IO (Decode16, 0x0064, 0x0064, 0x01, 0x01,)
                        IRQNoFlags () {1}
                    })
                }

                Device (MOU)
                {
                    Name (_HID, EisaId ("PNP0F13"))
                    Method (_STA, 0, NotSerialized) { Return (0x0F) }
                    Name (_CRS, ResourceTemplate ()
                    {
                        IRQNoFlags () {12}
                    })
                }

                Device (FDC0)
                {
                    Name (_HID, EisaId ("PNP0700"))
                    Method (_STA, 0, NotSerialized) { Return (0x0F) }
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x03F2, 0x03F2, 0x00, 0x04,)
                        IO (Decode16, 0x03F7, 0x03F7, 0x00, 0x01,)
                        IRQNoFlags () {6}
                        DMA (Compatibility, NotBusMaster, Transfer8, ) {2}
                    })
                }

                Device (COM1)
                {
                    Name (_HID, EisaId ("PNP0501"))
                    Name (_UID, One)
                    Method (_STA, 0, NotSerialized) { Return (0x0F) }
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x03F8, 0x03F8, 0x00, 0x08,)
                        IRQNoFlags () {4}
                    })
                }
            }
        }

        /* The PIRQ route registers: bit 7 set = routing disabled, low bits = the ISA IRQ. */
        Field (PCI0.ISA.P40C, ByteAcc, NoLock, Preserve)
        {
            PRQ0, 8,
            PRQ1, 8,
            PRQ2, 8,
            PRQ3, 8
        }

        Method (IQST, 1, NotSerialized)
        {
            If ((0x80 & Arg0)) { Return (0x09) }
            Return (0x0B)
        }

        Method (IQCR, 1, Serialized)
        {
            Name (PRR0, ResourceTemplate ()
            {
                Interrupt (ResourceConsumer, Level, ActiveHigh, Shared, ,, _Y00) { 0x00000000 }
            })
            CreateDWordField (PRR0, \_SB.IQCR._Y00._INT, PRRI)
            If ((Arg0 < 0x80)) { PRRI = Arg0 }
            Return (PRR0)
        }

        Device (LNKA)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, Zero)
            Name (_PRS, ResourceTemplate () { Interrupt (ResourceConsumer, Level, ActiveHigh, Shared, ,, ) { 5, 10, 11 } })
            Method (_STA, 0, NotSerialized) { Return (IQST (PRQ0)) }
            Method (_DIS, 0, NotSerialized) { PRQ0 |= 0x80 }
            Method (_CRS, 0, NotSerialized) { Return (IQCR (PRQ0)) }
            Method (_SRS, 1, NotSerialized)
            {
                CreateDWordField (Arg0, 0x05, PRRI)
                PRQ0 = PRRI
            }
        }

        Device (LNKB)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, One)
            Name (_PRS, ResourceTemplate () { Interrupt (ResourceConsumer, Level, ActiveHigh, Shared, ,, ) { 5, 10, 11 } })
            Method (_STA, 0, NotSerialized) { Return (IQST (PRQ1)) }
            Method (_DIS, 0, NotSerialized) { PRQ1 |= 0x80 }
            Method (_CRS, 0, NotSerialized) { Return (IQCR (PRQ1)) }
            Method (_SRS, 1, NotSerialized)
            {
                CreateDWordField (Arg0, 0x05, PRRI)
                PRQ1 = PRRI
            }
        }

        Device (LNKC)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, 0x02)
            Name (_PRS, ResourceTemplate () { Interrupt (ResourceConsumer, Level, ActiveHigh, Shared, ,, ) { 5, 10, 11 } })
            Method (_STA, 0, NotSerialized) { Return (IQST (PRQ2)) }
            Method (_DIS, 0, NotSerialized) { PRQ2 |= 0x80 }
            Method (_CRS, 0, NotSerialized) { Return (IQCR (PRQ2)) }
            Method (_SRS, 1, NotSerialized)
            {
                CreateDWordField (Arg0, 0x05, PRRI)
                PRQ2 = PRRI
            }
        }

        Device (LNKD)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, 0x03)
            Name (_PRS, ResourceTemplate () { Interrupt (ResourceConsumer, Level, ActiveHigh, Shared, ,, ) { 5, 10, 11 } })
            Method (_STA, 0, NotSerialized) { Return (IQST (PRQ3)) }
            Method (_DIS, 0, NotSerialized) { PRQ3 |= 0x80 }
            Method (_CRS, 0, NotSerialized) { Return (IQCR (PRQ3)) }
            Method (_SRS, 1, NotSerialized)
            {
                CreateDWordField (Arg0, 0x05, PRRI)
                PRQ3 = PRRI
            }
        }

        /* The SCI's fixed link: IRQ 9, always on. */
        Device (LNKS)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, 0x04)
            Name (_PRS, ResourceTemplate () { Interrupt (ResourceConsumer, Level, ActiveHigh, Shared, ,, ) { 9 } })
            Method (_STA, 0, NotSerialized) { Return (0x0B) }
            Method (_SRS, 1, NotSerialized) { }
            Method (_DIS, 0, NotSerialized) { }
            Method (_CRS, 0, NotSerialized) { Return (_PRS) }
        }
    }
}
