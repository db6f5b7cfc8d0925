namespace Emu.Devices.Chipset;

/// <summary>
/// Proleptic Gregorian calendar arithmetic on whole days since 1970-01-01, total for every
/// input (so guest-written nonsense such as month 13 yields some date, never an exception).
/// The algorithms are the well-known civil-from-days / days-from-civil conversions.
/// </summary>
internal static class RtcCalendar
{
    public static long DaysFromCivil(long year, int month, int day)
    {
        month = Math.Clamp(month, 1, 12);
        year -= month <= 2 ? 1 : 0;
        long era = FloorDiv(year, 400);
        long yearOfEra = year - (era * 400);
        int shiftedMonth = month > 2 ? month - 3 : month + 9;
        long dayOfYear = ((153 * shiftedMonth) + 2) / 5 + day - 1;
        long dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    public static void CivilFromDays(long days, out long year, out int month, out int day)
    {
        days += 719468;
        long era = FloorDiv(days, 146097);
        long dayOfEra = days - (era * 146097);
        long yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        long dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        long shiftedMonth = ((5 * dayOfYear) + 2) / 153;
        day = (int)(dayOfYear - (((153 * shiftedMonth) + 2) / 5) + 1);
        month = (int)(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        year = (yearOfEra + (era * 400)) + (month <= 2 ? 1 : 0);
    }

    /// <summary>0 = Sunday.</summary>
    public static int DayOfWeek(long days) => (int)FloorMod(days + 4, 7);

    public static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    public static long FloorMod(long a, long b) => a - (FloorDiv(a, b) * b);
}
