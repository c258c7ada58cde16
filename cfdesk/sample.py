"""Builds the bundled sample workbook (cfdesk/data/sample.xlsx): ``python -m cfdesk.sample``.

Three sheets a small business might keep, deterministic from a fixed seed: Sales (a title
above the header, dates, regions, currency, percentages, some blank discounts), Staff
(IDs, departments, hire dates, salaries, blank managers) and Inventory (stock levels,
reorder points, costs, restock dates).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

SAMPLE_PATH = Path(__file__).parent / "data" / "sample.xlsx"

REGIONS = ["East", "West", "North", "South", "Central"]
REPS = ["Ana Lopez", "Ben Carter", "Chen Wei", "Dana Scott", "Eli Novak", "Farah Khan",
        "Gus Miller", "Hana Sato"]
PRODUCTS = [("Laptop", 1150.0), ("Monitor", 239.99), ("Keyboard", 49.5), ("Mouse", 19.99),
            ("Dock", 189.0), ("Headset", 79.0), ("Webcam", 64.25), ("Chair", 310.0)]
DEPTS = ["Finance", "Sales", "Engineering", "Support", "Marketing", "HR"]
FIRST = ["Liam", "Olivia", "Noah", "Emma", "Ava", "Lucas", "Mia", "Zoe", "Omar", "Ivy", "Kai",
         "Nora", "Raj", "Lena", "Tom", "Sara"]
LAST = ["Smith", "Jones", "Brown", "Garcia", "Patel", "Kim", "Nguyen", "Rossi", "Silva",
        "Dubois", "Meyer", "Costa"]
CATEGORIES = ["Electronics", "Furniture", "Office", "Cleaning", "Kitchen"]
SUPPLIERS = ["Acme Corp", "Globex", "Initech", "Umbrella Ltd", "Stark Supply"]


def build(path: str | Path = SAMPLE_PATH, seed: int = 7) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    rnd = random.Random(seed)
    wb = Workbook()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")

    ws = wb.active
    ws.title = "Sales"
    ws["A1"] = "Sales 2024 - order lines"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:H1")
    ws["A1"].alignment = Alignment(horizontal="center")
    headers = ["Order Date", "Region", "Sales Rep", "Product", "Units", "Unit Price",
               "Discount", "Revenue"]
    ws.append([])
    ws.append(headers)
    start = dt.date(2024, 1, 2)
    for _ in range(250):
        d = start + dt.timedelta(days=rnd.randint(0, 360))
        prod, price = rnd.choice(PRODUCTS)
        units = rnd.randint(1, 40)
        disc = rnd.choice([None, None, 0.05, 0.1, 0.15, 0.2])
        revenue = round(units * price * (1 - (disc or 0)), 2)
        ws.append([d, rnd.choice(REGIONS), rnd.choice(REPS), prod, units, price, disc, revenue])
    for r in range(4, 254):
        ws.cell(r, 1).number_format = "yyyy-mm-dd"
        ws.cell(r, 6).number_format = '"$"#,##0.00'
        ws.cell(r, 7).number_format = "0%"
        ws.cell(r, 8).number_format = '"$"#,##0.00'

    ws2 = wb.create_sheet("Staff")
    ws2.append(["Employee ID", "Name", "Department", "Hire Date", "Salary", "Bonus %", "Manager",
                "Remote"])
    names = []
    for i in range(60):
        name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
        names.append(name)
        manager = rnd.choice(names[:max(1, i // 3)]) if i > 2 and rnd.random() < 0.8 else None
        ws2.append([f"E{1001 + i}", name, rnd.choice(DEPTS),
                    dt.date(2012, 1, 1) + dt.timedelta(days=rnd.randint(0, 4500)),
                    rnd.randrange(42000, 135000, 500), rnd.choice([0.0, 0.03, 0.05, 0.08, 0.1]),
                    manager, rnd.random() < 0.35])
    for r in range(2, 62):
        ws2.cell(r, 4).number_format = "dd/mm/yyyy"
        ws2.cell(r, 5).number_format = '"$"#,##0'
        ws2.cell(r, 6).number_format = "0%"

    ws3 = wb.create_sheet("Inventory")
    ws3.append(["SKU", "Item", "Category", "In Stock", "Reorder Level", "Unit Cost",
                "Supplier", "Last Restock"])
    for i in range(120):
        cat = rnd.choice(CATEGORIES)
        ws3.append([f"SKU-{2000 + i * 7}", f"{cat[:4]} item {i + 1}", cat, rnd.randint(0, 250),
                    rnd.choice([10, 20, 25, 50]), round(rnd.uniform(0.8, 420), 2),
                    rnd.choice(SUPPLIERS) if rnd.random() > 0.05 else None,
                    dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randint(0, 330))])
    for r in range(2, 122):
        ws3.cell(r, 6).number_format = '"$"#,##0.00'
        ws3.cell(r, 8).number_format = "yyyy-mm-dd"

    for sheet, row in ((ws, 3), (ws2, 1), (ws3, 1)):
        for c in sheet[row]:
            c.font = bold
            c.fill = head_fill
        for col, width in zip("ABCDEFGH", (13, 12, 14, 13, 9, 12, 10, 12)):
            sheet.column_dimensions[col].width = width
        sheet.freeze_panes = sheet.cell(row + 1, 1)
    wb.properties.creator = "cfdesk"
    wb.properties.created = dt.datetime(2024, 1, 1)
    wb.properties.modified = dt.datetime(2024, 1, 1)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


if __name__ == "__main__":
    out = build(sys.argv[1] if len(sys.argv) > 1 else SAMPLE_PATH)
    print(f"wrote {out}")
