"""Build seeds/lookups/exchange_rates.csv: one row per calendar day per currency (USD, EUR, GBP).

The values are synthetic but realistic: the monthly anchors below are placed on each month's
midpoint and interpolated linearly for business days (TARGET calendar: Monday-Friday except
1 Jan, Good Friday, Easter Monday, 1 May, 25 and 26 Dec). Weekends and holidays carry the
previous business day's value. Before the first anchor's midpoint and after the last one the
nearest anchor is held flat.

Usage (from the repository root; Python standard library only):

    python scripts/build_exchange_rates.py [OUTPUT_CSV]
"""

from __future__ import annotations

import csv
import sys
from bisect import bisect_right
from calendar import monthrange
from datetime import date, timedelta
from pathlib import Path

START = date(2015, 1, 1)
END = date(2027, 12, 31)
CURRENCIES: tuple[str, ...] = ("EUR", "GBP", "USD")
DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "seeds" / "lookups" / "exchange_rates.csv"

# Monthly average reference rates, US dollars per unit: (month, EUR/USD, GBP/USD).
# Sources: ECB euro foreign exchange reference rates (monthly averages, EUR/USD) and the Federal
# Reserve H.10 release (monthly averages, GBP/USD), written down from memory. They are
# APPROXIMATIONS (aimed at ~1 %) for a synthetic-data project, NOT official rates: do not use them
# for accounting or any real conversion. Months after the last row are held at its level.
MONTHLY_ANCHORS: tuple[tuple[str, float, float], ...] = (
    ("2015-01", 1.1621, 1.5146),
    ("2015-02", 1.1350, 1.5328),
    ("2015-03", 1.0838, 1.4972),
    ("2015-04", 1.0779, 1.4963),
    ("2015-05", 1.1150, 1.5448),
    ("2015-06", 1.1213, 1.5583),
    ("2015-07", 1.0996, 1.5567),
    ("2015-08", 1.1139, 1.5588),
    ("2015-09", 1.1221, 1.5330),
    ("2015-10", 1.1235, 1.5322),
    ("2015-11", 1.0736, 1.5198),
    ("2015-12", 1.0877, 1.4983),
    ("2016-01", 1.0860, 1.4378),
    ("2016-02", 1.1093, 1.4297),
    ("2016-03", 1.1100, 1.4221),
    ("2016-04", 1.1339, 1.4314),
    ("2016-05", 1.1311, 1.4510),
    ("2016-06", 1.1229, 1.4224),
    ("2016-07", 1.1069, 1.3153),
    ("2016-08", 1.1212, 1.3106),
    ("2016-09", 1.1212, 1.3188),
    ("2016-10", 1.1026, 1.2359),
    ("2016-11", 1.0799, 1.2400),
    ("2016-12", 1.0543, 1.2405),
    ("2017-01", 1.0614, 1.2348),
    ("2017-02", 1.0643, 1.2482),
    ("2017-03", 1.0685, 1.2364),
    ("2017-04", 1.0723, 1.2638),
    ("2017-05", 1.1058, 1.2936),
    ("2017-06", 1.1229, 1.2785),
    ("2017-07", 1.1511, 1.2994),
    ("2017-08", 1.1807, 1.2941),
    ("2017-09", 1.1915, 1.3345),
    ("2017-10", 1.1756, 1.3196),
    ("2017-11", 1.1738, 1.3214),
    ("2017-12", 1.1836, 1.3409),
    ("2018-01", 1.2200, 1.3821),
    ("2018-02", 1.2348, 1.3978),
    ("2018-03", 1.2336, 1.3990),
    ("2018-04", 1.2276, 1.4085),
    ("2018-05", 1.1812, 1.3479),
    ("2018-06", 1.1678, 1.3282),
    ("2018-07", 1.1686, 1.3160),
    ("2018-08", 1.1549, 1.2898),
    ("2018-09", 1.1659, 1.3037),
    ("2018-10", 1.1484, 1.3004),
    ("2018-11", 1.1367, 1.2897),
    ("2018-12", 1.1384, 1.2658),
    ("2019-01", 1.1416, 1.2902),
    ("2019-02", 1.1351, 1.2959),
    ("2019-03", 1.1302, 1.3172),
    ("2019-04", 1.1238, 1.3036),
    ("2019-05", 1.1185, 1.2853),
    ("2019-06", 1.1293, 1.2699),
    ("2019-07", 1.1218, 1.2475),
    ("2019-08", 1.1126, 1.2151),
    ("2019-09", 1.1004, 1.2356),
    ("2019-10", 1.1053, 1.2658),
    ("2019-11", 1.1051, 1.2877),
    ("2019-12", 1.1113, 1.3105),
    ("2020-01", 1.1100, 1.3076),
    ("2020-02", 1.0905, 1.2951),
    ("2020-03", 1.1063, 1.2419),
    ("2020-04", 1.0862, 1.2422),
    ("2020-05", 1.0902, 1.2312),
    ("2020-06", 1.1255, 1.2519),
    ("2020-07", 1.1463, 1.2657),
    ("2020-08", 1.1828, 1.3127),
    ("2020-09", 1.1792, 1.2977),
    ("2020-10", 1.1775, 1.2975),
    ("2020-11", 1.1838, 1.3198),
    ("2020-12", 1.2170, 1.3423),
    ("2021-01", 1.2171, 1.3637),
    ("2021-02", 1.2098, 1.3866),
    ("2021-03", 1.1899, 1.3870),
    ("2021-04", 1.1979, 1.3834),
    ("2021-05", 1.2146, 1.4086),
    ("2021-06", 1.2047, 1.4002),
    ("2021-07", 1.1822, 1.3802),
    ("2021-08", 1.1772, 1.3803),
    ("2021-09", 1.1770, 1.3739),
    ("2021-10", 1.1601, 1.3705),
    ("2021-11", 1.1414, 1.3463),
    ("2021-12", 1.1304, 1.3262),
    ("2022-01", 1.1314, 1.3556),
    ("2022-02", 1.1342, 1.3532),
    ("2022-03", 1.1019, 1.3169),
    ("2022-04", 1.0819, 1.2911),
    ("2022-05", 1.0579, 1.2473),
    ("2022-06", 1.0566, 1.2346),
    ("2022-07", 1.0179, 1.1997),
    ("2022-08", 1.0128, 1.1967),
    ("2022-09", 0.9904, 1.1331),
    ("2022-10", 0.9826, 1.1297),
    ("2022-11", 1.0201, 1.1729),
    ("2022-12", 1.0589, 1.2148),
    ("2023-01", 1.0785, 1.2237),
    ("2023-02", 1.0707, 1.2085),
    ("2023-03", 1.0706, 1.2149),
    ("2023-04", 1.0968, 1.2429),
    ("2023-05", 1.0868, 1.2446),
    ("2023-06", 1.0840, 1.2621),
    ("2023-07", 1.1058, 1.2852),
    ("2023-08", 1.0909, 1.2702),
    ("2023-09", 1.0684, 1.2388),
    ("2023-10", 1.0563, 1.2170),
    ("2023-11", 1.0808, 1.2422),
    ("2023-12", 1.0903, 1.2636),
    ("2024-01", 1.0905, 1.2706),
    ("2024-02", 1.0795, 1.2628),
    ("2024-03", 1.0872, 1.2717),
    ("2024-04", 1.0728, 1.2514),
    ("2024-05", 1.0812, 1.2639),
    ("2024-06", 1.0759, 1.2714),
    ("2024-07", 1.0844, 1.2850),
    ("2024-08", 1.1012, 1.2937),
    ("2024-09", 1.1106, 1.3218),
    ("2024-10", 1.0904, 1.3043),
    ("2024-11", 1.0630, 1.2735),
    ("2024-12", 1.0479, 1.2643),
    ("2025-01", 1.0354, 1.2355),
    ("2025-02", 1.0413, 1.2530),
    ("2025-03", 1.0807, 1.2913),
    ("2025-04", 1.1214, 1.3136),
    ("2025-05", 1.1278, 1.3363),
    ("2025-06", 1.1520, 1.3550),
    ("2025-07", 1.1677, 1.3515),
    ("2025-08", 1.1646, 1.3455),
    ("2025-09", 1.1729, 1.3500),
)


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def is_business_day(day: date) -> bool:
    """Monday to Friday, except TARGET closing days."""
    if day.weekday() >= 5:
        return False
    if (day.month, day.day) in {(1, 1), (5, 1), (12, 25), (12, 26)}:
        return False
    easter = easter_sunday(day.year)
    return day not in {easter - timedelta(days=2), easter + timedelta(days=1)}


def month_midpoint(month: str) -> float:
    """Proleptic ordinal of the middle of a YYYY-MM month (e.g. 16 Jan, 14.5 Feb)."""
    year, mon = (int(part) for part in month.split("-"))
    first = date(year, mon, 1).toordinal()
    return first + (monthrange(year, mon)[1] - 1) / 2


class Interpolator:
    """Piecewise-linear curve through (month midpoint, monthly average), flat at both ends."""

    def __init__(self, points: list[tuple[float, float]]) -> None:
        self.xs = [x for x, _ in points]
        self.ys = [y for _, y in points]

    def __call__(self, x: float) -> float:
        if x <= self.xs[0]:
            return self.ys[0]
        if x >= self.xs[-1]:
            return self.ys[-1]
        j = bisect_right(self.xs, x)
        x0, x1 = self.xs[j - 1], self.xs[j]
        y0, y1 = self.ys[j - 1], self.ys[j]
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def build_rows() -> list[tuple[str, str, str]]:
    """All (rate_date, currency, usd_per_unit) rows, ordered by date then currency."""
    curves = {
        "EUR": Interpolator([(month_midpoint(m), eur) for m, eur, _ in MONTHLY_ANCHORS]),
        "GBP": Interpolator([(month_midpoint(m), gbp) for m, _, gbp in MONTHLY_ANCHORS]),
    }
    rows: list[tuple[str, str, str]] = []
    day = START
    while day <= END:
        fixing_day = day
        while not is_business_day(fixing_day):
            fixing_day -= timedelta(days=1)
        for currency in CURRENCIES:
            rate = 1.0 if currency == "USD" else curves[currency](fixing_day.toordinal())
            rows.append((day.isoformat(), currency, f"{rate:.6f}"))
        day += timedelta(days=1)
    return rows


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    rows = build_rows()
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("rate_date", "currency", "usd_per_unit"))
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
