"""Synthetic tables: 20 business domains, their columns, header styles and values.

A column is a *concept* (what it holds, how users call it) rendered with one of several
header spellings and styles, so that the same table reads "Unit Price", "unit_price",
"UNIT PRICE", "Price ($)" or "Unit Pr." from one workbook to the next.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass, field

FIRST = [
    "Liam",
    "Olivia",
    "Noah",
    "Emma",
    "Ava",
    "Lucas",
    "Mia",
    "Zoe",
    "Omar",
    "Ivy",
    "Kai",
    "Nora",
    "Raj",
    "Lena",
    "Tom",
    "Sara",
    "Yuki",
    "Carlos",
    "Fatima",
    "Jonas",
    "Priya",
    "Mateo",
    "Aisha",
    "Hugo",
    "Elena",
    "Wei",
    "Sofia",
    "Ben",
    "Chloe",
    "Dmitri",
    "Grace",
    "Ivan",
    "Julia",
    "Kofi",
]
LAST = [
    "Smith",
    "Jones",
    "Brown",
    "Garcia",
    "Patel",
    "Kim",
    "Nguyen",
    "Rossi",
    "Silva",
    "Dubois",
    "Meyer",
    "Costa",
    "Khan",
    "Lopez",
    "Novak",
    "Sato",
    "Müller",
    "O'Brien",
    "Haddad",
    "Berg",
]
CITIES = [
    "Austin",
    "Boston",
    "Chicago",
    "Denver",
    "Seattle",
    "Miami",
    "Atlanta",
    "Phoenix",
    "Dallas",
    "Portland",
    "New York",
    "San Diego",
    "Toronto",
    "London",
    "Berlin",
    "Madrid",
    "Lyon",
    "Oslo",
]


@dataclass
class Concept:
    key: str
    kind: str  # id name category text int dec money pct date bool
    headers: list[str]  # header spellings (Title Case)
    synonyms: list[str] = field(default_factory=list)  # how users refer to it
    choices: list[str] = field(default_factory=list)  # category values
    lo: float = 0
    hi: float = 100
    prefix: str = ""  # id prefix
    blank: float = 0.0  # probability of a blank cell


def C(key, kind, headers, synonyms=(), choices=(), lo=0, hi=100, prefix="", blank=0.0) -> Concept:
    return Concept(key, kind, list(headers), list(synonyms), list(choices), lo, hi, prefix, blank)


DOMAINS: dict[str, list[Concept]] = {
    "sales": [
        C("order_id", "id", ["Order ID", "Order No", "Order #"], ["order", "order number"], prefix="SO-"),
        C("date", "date", ["Order Date", "Date", "Sale Date"], ["date", "order date"]),
        C(
            "region",
            "category",
            ["Region", "Territory", "Area"],
            ["region", "territory"],
            ["East", "West", "North", "South", "Central"],
        ),
        C("rep", "name", ["Sales Rep", "Salesperson", "Rep"], ["rep", "salesperson", "seller"]),
        C(
            "product",
            "category",
            ["Product", "Item", "SKU Name"],
            ["product", "item"],
            ["Laptop", "Monitor", "Keyboard", "Mouse", "Dock", "Headset", "Webcam", "Chair"],
        ),
        C("units", "int", ["Units", "Quantity", "Qty"], ["units", "quantity", "qty"], lo=1, hi=60),
        C("price", "money", ["Unit Price", "Price", "Price Each"], ["price", "unit price"], lo=5, hi=1500),
        C(
            "sales",
            "money",
            ["Sales", "Revenue", "Amount", "Total Sales"],
            ["sales", "revenue", "amount"],
            lo=50,
            hi=40000,
        ),
        C("discount", "pct", ["Discount", "Disc %", "Discount Rate"], ["discount"], lo=0, hi=0.3, blank=0.2),
    ],
    "payroll": [
        C("emp_id", "id", ["Employee ID", "Emp ID", "Staff No"], ["employee id", "id"], prefix="E"),
        C("name", "name", ["Employee", "Name", "Full Name"], ["employee", "name", "staff member"]),
        C(
            "dept",
            "category",
            ["Department", "Dept", "Team"],
            ["department", "dept", "team"],
            ["Finance", "Sales", "Engineering", "Support", "Marketing", "HR", "Legal"],
        ),
        C("hours", "dec", ["Hours", "Hours Worked", "Hrs"], ["hours", "hours worked"], lo=10, hi=60),
        C("rate", "money", ["Hourly Rate", "Rate", "Pay Rate"], ["rate", "hourly rate", "pay rate"], lo=15, hi=95),
        C(
            "salary",
            "money",
            ["Salary", "Annual Salary", "Base Pay"],
            ["salary", "pay", "base pay"],
            lo=30000,
            hi=180000,
        ),
        C("bonus", "pct", ["Bonus %", "Bonus Rate", "Bonus"], ["bonus", "bonus rate"], lo=0, hi=0.15),
        C("hire", "date", ["Hire Date", "Start Date", "Joined"], ["hire date", "start date"]),
        C(
            "overtime",
            "dec",
            ["Overtime", "OT Hours", "Overtime Hrs"],
            ["overtime", "ot hours"],
            lo=0,
            hi=15,
            blank=0.3,
        ),
    ],
    "inventory": [
        C("sku", "id", ["SKU", "Item Code", "Part No"], ["sku", "item code", "part number"], prefix="SKU-"),
        C("item", "text", ["Item", "Description", "Product Name"], ["item", "description", "product"]),
        C(
            "category",
            "category",
            ["Category", "Type", "Group"],
            ["category", "type"],
            ["Electronics", "Furniture", "Office", "Cleaning", "Kitchen", "Tools"],
        ),
        C(
            "stock",
            "int",
            ["In Stock", "Stock", "On Hand", "Qty On Hand"],
            ["stock", "on hand", "inventory"],
            lo=0,
            hi=300,
        ),
        C("reorder", "int", ["Reorder Level", "Min Stock", "Reorder Point"], ["reorder level", "minimum"], lo=5, hi=50),
        C("cost", "money", ["Unit Cost", "Cost", "Cost Price"], ["cost", "unit cost"], lo=1, hi=400),
        C(
            "supplier",
            "category",
            ["Supplier", "Vendor"],
            ["supplier", "vendor"],
            ["Acme Corp", "Globex", "Initech", "Umbrella", "Stark Supply"],
            blank=0.05,
        ),
        C("restock", "date", ["Last Restock", "Restocked", "Last Order"], ["last restock", "restock date"]),
    ],
    "grades": [
        C("student", "name", ["Student", "Name", "Student Name"], ["student", "name", "pupil"]),
        C("class", "category", ["Class", "Section", "Group"], ["class", "section"], ["A", "B", "C", "D"]),
        C("math", "int", ["Math", "Maths Score", "Math Score"], ["math", "math score"], lo=30, hi=100),
        C("english", "int", ["English", "English Score"], ["english", "english score"], lo=30, hi=100),
        C("science", "int", ["Science", "Science Score"], ["science"], lo=30, hi=100),
        C("attendance", "pct", ["Attendance", "Attendance %"], ["attendance"], lo=0.6, hi=1.0),
        C("exam_date", "date", ["Exam Date", "Test Date"], ["exam date", "test date"]),
    ],
    "expenses": [
        C("date", "date", ["Date", "Expense Date", "Txn Date"], ["date", "expense date"]),
        C("employee", "name", ["Employee", "Submitted By", "Claimant"], ["employee", "claimant"]),
        C(
            "category",
            "category",
            ["Category", "Expense Type", "Type"],
            ["category", "type", "expense type"],
            ["Travel", "Meals", "Lodging", "Supplies", "Software", "Training"],
        ),
        C("amount", "money", ["Amount", "Cost", "Expense"], ["amount", "cost", "expense"], lo=5, hi=2500),
        C("status", "category", ["Status", "Approval"], ["status"], ["Approved", "Pending", "Rejected"]),
        C("receipt", "bool", ["Receipt", "Has Receipt"], ["receipt"]),
        C("note", "text", ["Notes", "Description", "Memo"], ["notes", "memo", "description"], blank=0.3),
    ],
    "projects": [
        C("project", "text", ["Project", "Project Name", "Initiative"], ["project", "project name"]),
        C("owner", "name", ["Owner", "Project Manager", "Lead"], ["owner", "manager", "lead"]),
        C("start", "date", ["Start Date", "Start", "Kickoff"], ["start date", "start"]),
        C("end", "date", ["End Date", "Due Date", "Deadline"], ["end date", "due date", "deadline"]),
        C("budget", "money", ["Budget", "Planned Cost"], ["budget"], lo=5000, hi=500000),
        C(
            "spent",
            "money",
            ["Spent", "Actual Cost", "Actual"],
            ["spent", "actual cost", "actuals"],
            lo=1000,
            hi=500000,
        ),
        C("progress", "pct", ["Progress", "% Complete", "Completion"], ["progress", "completion"], lo=0, hi=1),
        C("status", "category", ["Status", "Phase"], ["status"], ["Not Started", "In Progress", "Complete", "On Hold"]),
    ],
    "crm": [
        C("account", "text", ["Account", "Company", "Customer"], ["account", "company", "customer"]),
        C("contact", "name", ["Contact", "Contact Name"], ["contact"]),
        C("email", "text", ["Email", "E-mail", "Email Address"], ["email", "email address"]),
        C(
            "stage",
            "category",
            ["Stage", "Deal Stage", "Pipeline Stage"],
            ["stage", "deal stage"],
            ["Lead", "Qualified", "Proposal", "Negotiation", "Won", "Lost"],
        ),
        C(
            "value",
            "money",
            ["Deal Value", "Value", "Amount"],
            ["deal value", "value", "deal size"],
            lo=1000,
            hi=250000,
        ),
        C("probability", "pct", ["Probability", "Win Prob", "Close %"], ["probability", "win probability"], lo=0, hi=1),
        C("close", "date", ["Close Date", "Expected Close"], ["close date"]),
        C("city", "category", ["City", "Location"], ["city", "location"], CITIES),
    ],
    "logistics": [
        C("shipment", "id", ["Shipment ID", "Tracking No", "Shipment"], ["shipment", "tracking number"], prefix="SHP"),
        C("origin", "category", ["Origin", "From", "Ship From"], ["origin"], CITIES),
        C("destination", "category", ["Destination", "To", "Ship To"], ["destination"], CITIES),
        C("weight", "dec", ["Weight (kg)", "Weight", "Kg"], ["weight"], lo=0.5, hi=900),
        C("shipped", "date", ["Ship Date", "Shipped", "Dispatch Date"], ["ship date", "dispatch date"]),
        C("delivered", "date", ["Delivery Date", "Delivered", "Arrival"], ["delivery date", "arrival"], blank=0.15),
        C(
            "carrier",
            "category",
            ["Carrier", "Courier"],
            ["carrier", "courier"],
            ["DHL", "UPS", "FedEx", "USPS", "Maersk"],
        ),
        C(
            "freight",
            "money",
            ["Freight Cost", "Shipping Cost", "Freight"],
            ["freight", "shipping cost"],
            lo=10,
            hi=5000,
        ),
    ],
    "budget": [
        C(
            "line",
            "category",
            ["Line Item", "Category", "Account"],
            ["line item", "category"],
            ["Rent", "Salaries", "Marketing", "Utilities", "Travel", "Software", "Insurance", "Training"],
        ),
        C("budget", "money", ["Budget", "Budgeted", "Plan"], ["budget", "plan"], lo=1000, hi=90000),
        C("actual", "money", ["Actual", "Actual Spend", "Spent"], ["actual", "actual spend"], lo=800, hi=95000),
        C("month", "date", ["Month", "Period"], ["month", "period"]),
        C("owner", "name", ["Owner", "Cost Owner"], ["owner"]),
        C("q", "category", ["Quarter", "Qtr"], ["quarter"], ["Q1", "Q2", "Q3", "Q4"]),
    ],
    "realestate": [
        C("listing", "id", ["Listing ID", "MLS #", "Property ID"], ["listing", "property"], prefix="MLS"),
        C("city", "category", ["City", "Town"], ["city"], CITIES),
        C("beds", "int", ["Bedrooms", "Beds", "BR"], ["bedrooms", "beds"], lo=1, hi=6),
        C("sqft", "int", ["Sq Ft", "Square Feet", "Area (sqft)"], ["square feet", "size", "area"], lo=400, hi=5000),
        C(
            "price",
            "money",
            ["List Price", "Price", "Asking Price"],
            ["price", "list price", "asking price"],
            lo=90000,
            hi=2500000,
        ),
        C("listed", "date", ["Listed", "List Date"], ["list date"]),
        C("agent", "name", ["Agent", "Listing Agent"], ["agent"]),
        C("sold", "bool", ["Sold", "Is Sold"], ["sold"]),
    ],
    "fitness": [
        C("member", "name", ["Member", "Name", "Athlete"], ["member", "athlete"]),
        C("date", "date", ["Date", "Session Date", "Workout Date"], ["date", "session date"]),
        C(
            "activity",
            "category",
            ["Activity", "Workout", "Exercise"],
            ["activity", "workout"],
            ["Run", "Cycle", "Swim", "Yoga", "Weights", "Rowing"],
        ),
        C("minutes", "int", ["Minutes", "Duration (min)", "Duration"], ["minutes", "duration"], lo=10, hi=120),
        C("calories", "int", ["Calories", "Kcal", "Calories Burned"], ["calories"], lo=50, hi=1200),
        C("heart", "int", ["Avg HR", "Heart Rate", "Avg Heart Rate"], ["heart rate"], lo=90, hi=185),
        C("distance", "dec", ["Distance (km)", "Distance", "Km"], ["distance"], lo=0, hi=42, blank=0.25),
    ],
    "marketing": [
        C("campaign", "text", ["Campaign", "Campaign Name"], ["campaign"]),
        C(
            "channel",
            "category",
            ["Channel", "Medium", "Source"],
            ["channel", "medium"],
            ["Email", "Search", "Social", "Display", "Video", "Affiliate"],
        ),
        C("spend", "money", ["Spend", "Ad Spend", "Cost"], ["spend", "ad spend", "cost"], lo=100, hi=80000),
        C("clicks", "int", ["Clicks"], ["clicks"], lo=10, hi=90000),
        C("impressions", "int", ["Impressions", "Impr."], ["impressions", "views"], lo=1000, hi=2000000),
        C("conversions", "int", ["Conversions", "Conv."], ["conversions", "sales"], lo=0, hi=3000),
        C("launch", "date", ["Launch Date", "Start"], ["launch date"]),
        C("ctr", "pct", ["CTR", "Click Rate"], ["ctr", "click rate", "click-through rate"], lo=0.001, hi=0.12),
    ],
    "support": [
        C("ticket", "id", ["Ticket", "Ticket ID", "Case #"], ["ticket", "case"], prefix="T-"),
        C("opened", "date", ["Opened", "Created", "Date Opened"], ["open date", "created date"]),
        C("closed", "date", ["Closed", "Resolved", "Date Closed"], ["close date", "resolved date"], blank=0.25),
        C(
            "priority",
            "category",
            ["Priority", "Severity"],
            ["priority", "severity"],
            ["Low", "Medium", "High", "Urgent"],
        ),
        C("agent", "name", ["Agent", "Assignee", "Owner"], ["agent", "assignee"]),
        C("csat", "int", ["CSAT", "Satisfaction", "Rating"], ["csat", "satisfaction", "rating"], lo=1, hi=5, blank=0.2),
        C("channel", "category", ["Channel"], ["channel"], ["Email", "Phone", "Chat", "Web"]),
    ],
    "manufacturing": [
        C("batch", "id", ["Batch", "Lot No", "Batch ID"], ["batch", "lot"], prefix="B"),
        C("line", "category", ["Line", "Production Line", "Machine"], ["line", "machine"], ["L1", "L2", "L3", "L4"]),
        C("produced", "int", ["Produced", "Units Produced", "Output"], ["produced", "output"], lo=100, hi=5000),
        C("defects", "int", ["Defects", "Rejects", "Defective"], ["defects", "rejects"], lo=0, hi=150),
        C("date", "date", ["Date", "Run Date", "Prod Date"], ["date", "run date"]),
        C("shift", "category", ["Shift"], ["shift"], ["Day", "Night", "Swing"]),
        C("downtime", "dec", ["Downtime (h)", "Downtime", "Hours Down"], ["downtime"], lo=0, hi=8),
    ],
    "attendance": [
        C("student", "name", ["Student", "Name"], ["student", "name"]),
        C("grade", "category", ["Grade", "Year", "Form"], ["grade", "year"], ["7", "8", "9", "10", "11", "12"]),
        C("present", "int", ["Days Present", "Present"], ["days present", "present"], lo=120, hi=180),
        C("absent", "int", ["Days Absent", "Absent", "Absences"], ["absences", "days absent"], lo=0, hi=30),
        C("late", "int", ["Late", "Tardies", "Times Late"], ["tardies", "late arrivals"], lo=0, hi=20),
        C("enrolled", "date", ["Enrolled", "Enrollment Date"], ["enrollment date"]),
    ],
    "events": [
        C("attendee", "name", ["Attendee", "Name", "Guest"], ["attendee", "guest"]),
        C("email", "text", ["Email", "Email Address"], ["email"]),
        C(
            "ticket",
            "category",
            ["Ticket Type", "Ticket", "Pass"],
            ["ticket type", "pass"],
            ["General", "VIP", "Student", "Speaker"],
        ),
        C("fee", "money", ["Fee", "Price Paid", "Amount Paid"], ["fee", "price paid"], lo=0, hi=900),
        C(
            "registered",
            "date",
            ["Registered", "Registration Date", "Signup Date"],
            ["registration date", "signup date"],
        ),
        C("checked_in", "bool", ["Checked In", "Attended"], ["checked in", "attended"]),
        C("city", "category", ["City", "Home City"], ["city"], CITIES),
    ],
    "restaurant": [
        C("order", "id", ["Order", "Ticket No", "Check #"], ["order", "check"], prefix="#"),
        C("date", "date", ["Date", "Order Date"], ["date"]),
        C("server", "name", ["Server", "Waiter", "Staff"], ["server", "waiter"]),
        C("table", "int", ["Table", "Table No"], ["table"], lo=1, hi=40),
        C("guests", "int", ["Guests", "Covers", "Party Size"], ["guests", "covers", "party size"], lo=1, hi=12),
        C("bill", "money", ["Bill", "Total", "Check Total"], ["bill", "total", "check"], lo=8, hi=900),
        C("tip", "money", ["Tip", "Gratuity"], ["tip", "gratuity"], lo=0, hi=150, blank=0.1),
        C("meal", "category", ["Meal", "Service"], ["meal"], ["Breakfast", "Lunch", "Dinner", "Brunch"]),
    ],
    "fleet": [
        C("vehicle", "id", ["Vehicle", "Plate", "Unit No"], ["vehicle", "plate", "unit"], prefix="V"),
        C("driver", "name", ["Driver", "Operator"], ["driver"]),
        C("make", "category", ["Make", "Brand"], ["make", "brand"], ["Ford", "Toyota", "Volvo", "Tesla", "Honda"]),
        C("odometer", "int", ["Odometer", "Mileage", "Km Driven"], ["mileage", "odometer"], lo=1000, hi=250000),
        C("fuel", "dec", ["Fuel (L)", "Fuel", "Liters"], ["fuel", "litres"], lo=10, hi=900),
        C("service", "date", ["Last Service", "Serviced", "Service Date"], ["service date", "last service"]),
        C(
            "cost",
            "money",
            ["Maintenance Cost", "Repair Cost", "Cost"],
            ["maintenance cost", "repair cost"],
            lo=0,
            hi=9000,
        ),
    ],
    "utilities": [
        C("account", "id", ["Account", "Account No", "Meter ID"], ["account", "meter"], prefix="AC"),
        C("customer", "name", ["Customer", "Name", "Account Holder"], ["customer"]),
        C("kwh", "int", ["Usage (kWh)", "kWh", "Consumption"], ["usage", "consumption", "kwh"], lo=50, hi=3000),
        C("rate", "money", ["Rate", "Price per kWh", "Tariff"], ["rate", "tariff"], lo=0.08, hi=0.45),
        C("due", "date", ["Due Date", "Due", "Payment Due"], ["due date"]),
        C("paid", "money", ["Paid", "Amount Paid", "Payment"], ["amount paid", "payment"], lo=0, hi=1200, blank=0.2),
        C("plan", "category", ["Plan", "Tariff Plan"], ["plan"], ["Basic", "Green", "Flex", "Business"]),
    ],
    "library": [
        C("title", "text", ["Title", "Book Title", "Book"], ["title", "book"]),
        C("author", "name", ["Author", "Writer"], ["author"]),
        C("genre", "category", ["Genre", "Category"], ["genre"], ["Fiction", "History", "Science", "Poetry", "Travel"]),
        C("borrowed", "date", ["Borrowed", "Checkout Date", "Loan Date"], ["checkout date", "loan date"]),
        C("returned", "date", ["Returned", "Return Date"], ["return date"], blank=0.3),
        C("pages", "int", ["Pages", "Page Count"], ["pages"], lo=80, hi=900),
        C("fine", "money", ["Fine", "Late Fee"], ["fine", "late fee"], lo=0, hi=25, blank=0.4),
    ],
}

# Lookup sheets a workbook may carry beside its main table: (sheet name, key concept of the
# main table, value header, value kind).
LOOKUPS = {
    "sales": ("Prices", "product", "List Price", "money"),
    "payroll": ("Departments", "dept", "Cost Center", "id"),
    "inventory": ("Suppliers", "supplier", "Lead Time (days)", "int"),
    "expenses": ("Limits", "category", "Limit", "money"),
    "crm": ("Regions", "city", "Region", "category"),
    "logistics": ("Zones", "destination", "Zone", "category"),
    "marketing": ("Targets", "channel", "Target CPA", "money"),
    "support": ("SLA", "priority", "SLA Hours", "int"),
    "restaurant": ("Menu", "meal", "Service Charge", "pct"),
    "utilities": ("Plans", "plan", "Monthly Fee", "money"),
}


def style_header(h: str, rng: random.Random, style: str) -> str:
    if style == "snake":
        return "_".join(w.lower().strip("().%#$") for w in h.split() if w.strip("().%#$")) or h.lower()
    if style == "lower":
        return h.lower()
    if style == "upper":
        return h.upper()
    if style == "camel":
        words = [w.strip("().%#$") for w in h.split()]
        words = [w for w in words if w]
        return words[0].lower() + "".join(w.capitalize() for w in words[1:]) if words else h
    return h


HEADER_STYLES = ["title"] * 5 + ["snake", "lower", "upper", "camel"]


@dataclass
class Column:
    concept: Concept
    header: str
    letter: str = ""
    index: int = 0  # 0-based within the table


@dataclass
class Table:
    domain: str
    columns: list[Column]
    rows: list[list[object]]  # data rows, None for blank
    header_row: int
    first_col: int
    title: str | None = None
    lookup: dict | None = None  # {"name", "key_header", "value_header", "rows"}

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.header_row + len(self.rows)

    def col(self, key: str) -> Column | None:
        for c in self.columns:
            if c.concept.key == key:
                return c
        return None

    def by_kind(self, *kinds: str) -> list[Column]:
        return [c for c in self.columns if c.concept.kind in kinds]

    def values(self, col: Column) -> list[object]:
        return [r[col.index] for r in self.rows]


def _value(c: Concept, rng: random.Random, i: int, base: dt.date) -> object:
    if c.blank and rng.random() < c.blank:
        return None
    k = c.kind
    if k == "id":
        return f"{c.prefix}{1000 + i * rng.randint(1, 3) + rng.randint(0, 2)}"
    if k == "name":
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if k == "category":
        return rng.choice(c.choices)
    if k == "text":
        if c.key == "email":
            return (
                f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower().replace(chr(39), '')}@"
                f"{rng.choice(['example.com', 'mail.org', 'corp.net'])}"
            )
        words = [
            "Alpha",
            "Blue",
            "North",
            "Prime",
            "Delta",
            "Summit",
            "River",
            "Nova",
            "Atlas",
            "Quick",
            "Green",
            "Silver",
            "Bright",
            "Metro",
            "Core",
        ]
        nouns = [
            "Project",
            "Launch",
            "Upgrade",
            "Review",
            "Plan",
            "Desk",
            "Lamp",
            "Cable",
            "Kit",
            "Report",
            "Study",
            "Guide",
            "Pack",
            "Series",
            "Portal",
        ]
        if rng.random() < 0.1:
            return f"  {rng.choice(words)}  {rng.choice(nouns)} "  # untidy spacing, for TRIM
        return f"{rng.choice(words)} {rng.choice(nouns)}" + (f" {rng.randint(2, 9)}" if rng.random() < 0.3 else "")
    if k == "int":
        return rng.randint(int(c.lo), int(c.hi))
    if k == "dec":
        return round(rng.uniform(c.lo, c.hi), rng.choice([1, 2]))
    if k == "money":
        v = rng.uniform(c.lo, c.hi)
        return round(v, 2) if c.hi < 5000 or rng.random() < 0.5 else float(round(v))
    if k == "pct":
        return round(rng.uniform(c.lo, c.hi), 3)
    if k == "date":
        return dt.datetime.combine(base + dt.timedelta(days=rng.randint(-400, 200)), dt.time())
    if k == "bool":
        return rng.random() < 0.5
    raise ValueError(k)


def make_table(domain: str, rng: random.Random, *, n_rows: int | None = None) -> Table:
    concepts = DOMAINS[domain]
    # Keep most columns, in order; drop a few so tables of one domain differ in width.
    keep = [c for c in concepts if rng.random() < 0.85] or concepts[:3]
    if len(keep) < 3:
        keep = concepts[:4]
    style = rng.choice(HEADER_STYLES)
    cols = []
    for i, c in enumerate(keep):
        h = rng.choice(c.headers)
        if c.kind == "money" and rng.random() < 0.15 and "(" not in h:
            h += rng.choice([" ($)", " (USD)", " (€)"])
        cols.append(Column(c, style_header(h, rng, style), index=i))
    if n_rows is None:
        u = rng.random()
        n_rows = rng.randint(5, 30) if u < 0.6 else rng.randint(31, 120) if u < 0.92 else rng.randint(121, 500)
    base = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
    rows = [[_value(c.concept, rng, i, base) for c in cols] for i in range(n_rows)]
    header_row = 1 if rng.random() < 0.8 else rng.randint(2, 4)
    first_col = 1 if rng.random() < 0.85 else rng.randint(2, 3)
    from openpyxl.utils import get_column_letter

    for c in cols:
        c.letter = get_column_letter(first_col + c.index)
    title = None
    if header_row > 1 and rng.random() < 0.7:
        title = f"{domain.title()} {rng.choice(['report', 'log', 'tracker', 'list', 'data'])} {base.year}"
    t = Table(domain, cols, rows, header_row, first_col, title)
    if domain in LOOKUPS and rng.random() < 0.35:
        name, key, vh, vkind = LOOKUPS[domain]
        kc = t.col(key)
        if kc is not None:
            keys = sorted({v for v in t.values(kc) if v is not None})
            if keys:
                vc = Concept(
                    "lookup_value",
                    vkind,
                    [vh],
                    lo=1,
                    hi=500 if vkind != "pct" else 0.2,
                    choices=["Zone 1", "Zone 2", "Zone 3"] if vkind == "category" else [],
                    prefix="CC",
                )
                t.lookup = {
                    "name": name,
                    "key_header": kc.header,
                    "value_header": vh,
                    "rows": [[k, _value(vc, rng, i, base)] for i, k in enumerate(keys)],
                }
    return t


def random_id(rng: random.Random, n: int = 6) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(n))
