"""A benchmark of hand-written requests on the bundled sample workbook, phrased the way people
type them (number before the labels, "say X else Y", explicit cells, percentages), which the
generated test splits do not cover. Writes benchmark-format JSONL (docs: benchmark-format.md)
with ``expected`` filled in by the project's evaluator:

    python scripts/natural_set.py --out /tmp/natural.jsonl [--set 2..30]
    cfdesk bench /tmp/natural.jsonl --engine both

The requests and reference answers below were written before the models were run on them.
Several have more than one right answer; execution match accepts any formula or rule that
gives the same value or highlights the same rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# (sheet, target, request, gold): formulas go into the first empty column, on a row where the
# answer tells right from wrong (In Stock 0 for the Reorder test, a bonus % above 0); rules
# apply to the whole data range.
FORMULAS = [
    ("Inventory", "I41", "if In Stock is below 10 say Reorder else OK", '=IF(D41<10,"Reorder","OK")'),
    ("Inventory", "I31", 'if In Stock < Reorder Level then "Reorder" else "OK"', '=IF(D31<E31,"Reorder","OK")'),
    ("Inventory", "I2", "stock value = In Stock times Unit Cost", "=D2*F2"),
    ("Inventory", "I2", "how many items are in the Furniture category", '=COUNTIF(C2:C121,"Furniture")'),
    ("Inventory", "I2", "total units in stock from supplier Umbrella Ltd",
     '=SUMIF(G2:G121,"Umbrella Ltd",D2:D121)'),
    ("Inventory", "I2", "average unit cost", "=AVERAGE(F2:F121)"),
    ("Inventory", "I2", "unit cost plus 8% tax", "=F2*(1+8%)"),
    ("Inventory", "I2", "what's the most expensive unit cost", "=MAX(F2:F121)"),
    ("Inventory", "I2", "number of items with fewer than 20 in stock", '=COUNTIF(D2:D121,"<20")'),
    ("Inventory", "I2", "round the unit cost to a whole number", "=ROUND(F2,0)"),
    ("Inventory", "I2", "first 4 characters of the SKU", "=LEFT(A2,4)"),
    ("Inventory", "I2", "category in capitals", "=UPPER(C2)"),
    ("Inventory", "I2", "month of last restock", "=MONTH(H2)"),
    ("Inventory", "I2", "how far above the reorder level is the stock", "=D2-E2"),
    ("Inventory", "I3", "Low when In Stock is 50 or less, otherwise Fine", '=IF(D3<=50,"Low","Fine")'),
    ("Staff", "I3", "year they were hired", "=YEAR(D3)"),
    ("Staff", "I3", "bonus amount = salary x bonus %", "=E3*F3"),
    ("Staff", "I2", "total salary for Finance", '=SUMIF(C2:C61,"Finance",E2:E61)'),
    ("Staff", "I2", "average salary in the Engineering department", '=AVERAGEIF(C2:C61,"Engineering",E2:E61)'),
    ("Staff", "I3", 'if Remote is TRUE show "Home", otherwise "Office"', '=IF(H3,"Home","Office")'),
    ("Staff", "I3", "salary over 100,000 gets Senior, else Staff", '=IF(E3>100000,"Senior","Staff")'),
    ("Staff", "I2", "how many people work in HR", '=COUNTIF(C2:C61,"HR")'),
    ("Staff", "I2", "highest salary", "=MAX(E2:E61)"),
    ("Staff", "I3", "salary after a 10% raise", "=E3*1.1"),
    ("Staff", "I3", "monthly salary", "=E3/12"),
    ("Staff", "I3", "name in lower case", "=LOWER(B3)"),
    ("Staff", "I2", "number of employees", "=COUNTA(A2:A61)"),
    ("Staff", "I3", "combine name and department with a dash", '=B3&" - "&C3'),
    ("Staff", "I2", "count remote staff", "=COUNTIF(H2:H61,TRUE)"),
    ("Staff", "I2", "smallest salary in the company", "=MIN(E2:E61)"),
    ("Sales", "I6", "Units times Unit Price", "=E6*F6"),
    ("Sales", "I4", "total revenue for the East region", '=SUMIF(B4:B253,"East",H4:H253)'),
    ("Sales", "I6", "10% commission on revenue over 5,000", "=IF(H6>5000,H6*10%,0)"),
    ("Sales", "I4", "number of orders from West", '=COUNTIF(B4:B253,"West")'),
    ("Sales", "I4", "average units per order", "=AVERAGE(E4:E253)"),
    ("Sales", "I4", "sum of H4 to H20", "=SUM(H4:H20)"),
    ("Sales", "I6", "revenue per unit", "=H6/E6"),
    ("Sales", "I6", "year of the order date", "=YEAR(A6)"),
    ("Sales", "I4", "largest single revenue", "=MAX(H4:H253)"),
    ("Sales", "I4", "total units sold of Laptop", '=SUMIF(D4:D253,"Laptop",E4:E253)'),
    ("Sales", "I6", "if revenue is more than 2000 return Big otherwise Small", '=IF(H6>2000,"Big","Small")'),
    ("Sales", "I6", "price with the discount taken off", "=F6*(1-G6)"),
    ("Sales", "I4", "how many orders did Ben Carter take", '=COUNTIF(C4:C253,"Ben Carter")'),
    ("Sales", "I4", "total revenue", "=SUM(H4:H253)"),
    ("Sales", "I4", "average unit price of Monitor", '=AVERAGEIF(D4:D253,"Monitor",F4:F253)'),
]

RULES = [
    ("Inventory", "A2:H121", "highlight rows where stock is below 10", "LessThan(c[3], 10)"),
    ("Inventory", "A2:H121", "colour items whose unit cost is above 300", "GreaterThan(c[5], 300)"),
    ("Inventory", "A2:H121", "highlight items from Acme Corp", "TextContains(c[6], 'Acme Corp')"),
    ("Inventory", "A2:H121", "mark rows with no supplier", "Blanks(c[6])"),
    ("Inventory", "A2:H121", "highlight the 5 items with the most stock", "Top(c[3], 5)"),
    ("Staff", "A2:H61", "highlight salaries above 100000", "GreaterThan(c[4], 100000)"),
    ("Staff", "A2:H61", "shade the top 10% of salaries", "Top(c[4], 10%)"),
    ("Staff", "A2:H61", "highlight people in Marketing", "TextContains(c[2], 'Marketing')"),
    ("Staff", "A2:H61", "salary below average in red", "BelowAverage(c[4])"),
    ("Staff", "A2:H61", "highlight salaries between 50000 and 70000", "Between(c[4], 50000, 70000)"),
    ("Sales", "A4:H253", "highlight revenue over 5000", "GreaterThan(c[7], 5000)"),
    ("Sales", "A4:H253", "color the rows where units are less than 5", "LessThan(c[4], 5)"),
    ("Sales", "A4:H253", "highlight orders in the South region", "TextContains(c[1], 'South')"),
    ("Sales", "A4:H253", "flag above-average revenue", "AboveAverage(c[7])"),
    ("Sales", "A4:H253", "highlight the bottom 3 unit prices", "Bottom(c[5], 3)"),
]


# A second set, written at the same time and run once, after the changes the first set
# prompted (the first is a development set from then on; this one stays held out).
FORMULAS_2 = [
    ("Inventory", "I41", 'show "Out" if In Stock equals 0, else "In"', '=IF(D41=0,"Out","In")'),
    ("Inventory", "I2", "In Stock minus Reorder Level", "=D2-E2"),
    ("Inventory", "I2", "total stock of Cleaning items", '=SUMIF(C2:C121,"Cleaning",D2:D121)'),
    ("Inventory", "I2", "how many items does Globex supply", '=COUNTIF(G2:G121,"Globex")'),
    ("Inventory", "I2", "average In Stock", "=AVERAGE(D2:D121)"),
    ("Inventory", "I2", "unit cost times 1.2", "=F2*1.2"),
    ("Inventory", "I3", "if stock is under 40 return Order else Skip", '=IF(D3<40,"Order","Skip")'),
    ("Inventory", "I2", "lowest unit cost", "=MIN(F2:F121)"),
    ("Inventory", "I2", "year of last restock", "=YEAR(H2)"),
    ("Inventory", "I2", "last 4 characters of SKU", "=RIGHT(A2,4)"),
    ("Inventory", "I2", "length of the item name", "=LEN(B2)"),
    ("Inventory", "I2", "count of items with more than 100 in stock", '=COUNTIF(D2:D121,">100")'),
    ("Staff", "I3", "salary plus bonus", "=E3+E3*F3"),
    ("Staff", "I2", "count employees in Support", '=COUNTIF(C2:C61,"Support")'),
    ("Staff", "I2", "total payroll", "=SUM(E2:E61)"),
    ("Staff", "I3", "department in upper case", "=UPPER(C3)"),
    ("Staff", "I3", 'Remote or not: "Yes" if Remote else "No"', '=IF(H3,"Yes","No")'),
    ("Staff", "I3", "salary below 60000: Junior, otherwise Senior", '=IF(E3<60000,"Junior","Senior")'),
    ("Staff", "I2", "average salary", "=AVERAGE(E2:E61)"),
    ("Staff", "I3", "hire month", "=MONTH(D3)"),
    ("Staff", "I3", "weekly pay", "=E3/52"),
    ("Staff", "I2", "maximum bonus %", "=MAX(F2:F61)"),
    ("Staff", "I2", "sum of salaries in Marketing", '=SUMIF(C2:C61,"Marketing",E2:E61)'),
    ("Sales", "I6", "revenue times 5%", "=H6*5%"),
    ("Sales", "I4", "total units", "=SUM(E4:E253)"),
    ("Sales", "I4", "orders in the North region", '=COUNTIF(B4:B253,"North")'),
    ("Sales", "I4", "average revenue for Chair", '=AVERAGEIF(D4:D253,"Chair",H4:H253)'),
    ("Sales", "I6", "if units are at least 25 show Bulk otherwise Single", '=IF(E6>=25,"Bulk","Single")'),
    ("Sales", "I6", "month of order", "=MONTH(A6)"),
    ("Sales", "I4", "total revenue from Dana Scott", '=SUMIF(C4:C253,"Dana Scott",H4:H253)'),
    ("Sales", "I6", "unit price minus 10", "=F6-10"),
    ("Sales", "I4", "smallest order revenue", "=MIN(H4:H253)"),
    ("Sales", "I6", "Revenue over 10000 is Large, else Normal", '=IF(H6>10000,"Large","Normal")'),
    ("Sales", "I4", "sum of E4 through E10", "=SUM(E4:E10)"),
]

RULES_2 = [
    ("Inventory", "A2:H121", "highlight items with In Stock over 150", "GreaterThan(c[3], 150)"),
    ("Inventory", "A2:H121", "highlight Furniture rows", "TextContains(c[2], 'Furniture')"),
    ("Inventory", "A2:H121", "highlight unit costs below average", "BelowAverage(c[5])"),
    ("Staff", "A2:H61", "highlight the 3 highest salaries", "Top(c[4], 3)"),
    ("Staff", "A2:H61", "color salaries under 50000", "LessThan(c[4], 50000)"),
    ("Sales", "A4:H253", "highlight units between 10 and 20", "Between(c[4], 10, 20)"),
    ("Sales", "A4:H253", "highlight the top 5% of revenue", "Top(c[7], 5%)"),
    ("Sales", "A4:H253", "mark orders by Gus Miller", "TextContains(c[2], 'Gus Miller')"),
    ("Sales", "A4:H253", "highlight blank discounts", "Blanks(c[6])"),
    ("Inventory", "A2:H121", "highlight duplicate suppliers", "Duplicates(c[6])"),
]


# A third set, written in a later session after its ranking changes and before any model ran
# on it, and run once at its end.
FORMULAS_3 = [
    ("Inventory", "I2", "count items with at least 100 in stock", '=COUNTIF(D2:D121,">=100")'),
    ("Inventory", "I2", "how many items have no supplier", "=COUNTBLANK(G2:G121)"),
    ("Inventory", "I2", "total value of all stock (In Stock x Unit Cost)", "=SUMPRODUCT(D2:D121,F2:F121)"),
    ("Inventory", "I2", "the SKU number without the SKU- prefix", "=RIGHT(A2,4)"),
    ("Inventory", "I3", "Reorder if stock is at or below the reorder level, otherwise blank",
     '=IF(D3<=E3,"Reorder","")'),
    ("Inventory", "I2", "unit cost rounded to 1 decimal", "=ROUND(F2,1)"),
    ("Inventory", "I2", "how many Office items", '=COUNTIF(C2:C121,"Office")'),
    ("Inventory", "I2", "average stock for Furniture", '=AVERAGEIF(C2:C121,"Furniture",D2:D121)'),
    ("Inventory", "I2", "most stock of any item", "=MAX(D2:D121)"),
    ("Inventory", "I31", "flag items under 20 in stock as Low, otherwise OK", '=IF(D31<20,"Low","OK")'),
    ("Staff", "I2", "how many staff earn more than 90000", '=COUNTIF(E2:E61,">90000")'),
    ("Staff", "I3", "first name only", '=LEFT(B3,FIND(" ",B3)-1)'),
    ("Staff", "I3", "bonus in dollars", "=E3*F3"),
    ("Staff", "I2", "number of people with a manager", "=COUNTA(G2:G61)"),
    ("Staff", "I3", "Yes if salary is above 80000 else No", '=IF(E3>80000,"Yes","No")'),
    ("Staff", "I2", "average bonus %", "=AVERAGE(F2:F61)"),
    ("Staff", "I2", "total salary of remote employees", "=SUMIF(H2:H61,TRUE,E2:E61)"),
    ("Staff", "I3", "employee ID in lower case", "=LOWER(A3)"),
    ("Staff", "I2", "salary of the highest paid person in Engineering", '=MAXIFS(E2:E61,C2:C61,"Engineering")'),
    ("Staff", "I3", "day of the week they were hired", '=TEXT(D3,"dddd")'),
    ("Sales", "I4", "total units sold in the West", '=SUMIF(B4:B253,"West",E4:E253)'),
    ("Sales", "I6", "units x price", "=E6*F6"),
    ("Sales", "I4", "how many orders had a discount", "=COUNT(G4:G253)"),
    ("Sales", "I4", "average revenue per order", "=AVERAGE(H4:H253)"),
    ("Sales", "I4", "count orders with revenue of 5000 or more", '=COUNTIF(H4:H253,">=5000")'),
    ("Sales", "I6", "quarter of the order date", "=ROUNDUP(MONTH(A6)/3,0)"),
    ("Sales", "I4", "average of F4 to F30", "=AVERAGE(F4:F30)"),
    ("Sales", "I6", "High if revenue above 3000 otherwise Low", '=IF(H6>3000,"High","Low")'),
    ("Sales", "I4", "biggest discount given", "=MAX(G4:G253)"),
    ("Sales", "I6", "name of the rep in capitals", "=UPPER(C6)"),
]

RULES_3 = [
    ("Inventory", "A2:H121", "highlight items with less than 20 in stock", "LessThan(c[3], 20)"),
    ("Inventory", "A2:H121", "color rows where the unit cost is at least 250", "GreaterThanEqual(c[5], 250)"),
    ("Inventory", "A2:H121", "highlight Office items", "TextContains(c[2], 'Office')"),
    ("Staff", "A2:H61", "highlight the five lowest salaries", "Bottom(c[4], 5)"),
    ("Staff", "A2:H61", "highlight employees without a manager", "Blanks(c[6])"),
    ("Staff", "A2:H61", "shade bonus % above average", "AboveAverage(c[5])"),
    ("Sales", "A4:H253", "highlight revenue of 8000 or more", "GreaterThanEqual(c[7], 8000)"),
    ("Sales", "A4:H253", "mark the top ten revenues", "Top(c[7], 10)"),
    ("Sales", "A4:H253", "highlight Webcam orders", "TextContains(c[3], 'Webcam')"),
    ("Sales", "A4:H253", "highlight orders with no discount", "Blanks(c[6])"),
]


# A fourth set, written at the start of a later session, before its generator and training
# changes and before any model ran on it; run once before and once after those changes.
FORMULAS_4 = [
    ("Inventory", "I2", "stock value for each item", "=D2*F2"),
    ("Inventory", "I2", "total stock across all items", "=SUM(D2:D121)"),
    ("Inventory", "I31", "is this item below its reorder level? Yes or No", '=IF(D31<E31,"Yes","No")'),
    ("Inventory", "I2", "last restock year", "=YEAR(H2)"),
    ("Inventory", "I2", "lowest unit cost", "=MIN(F2:F121)"),
    ("Inventory", "I2", "total stock held by Initech", '=SUMIF(G2:G121,"Initech",D2:D121)'),
    ("Inventory", "I2", "number of Kitchen items", '=COUNTIF(C2:C121,"Kitchen")'),
    ("Inventory", "I2", "the item name in upper case", "=UPPER(B2)"),
    ("Inventory", "I2", "unit cost with a 20% markup", "=F2*(1+20%)"),
    ("Inventory", "I2", "average unit cost of Cleaning items", '=AVERAGEIF(C2:C121,"Cleaning",F2:F121)'),
    ("Staff", "I3", "surname", '=MID(B3,FIND(" ",B3)+1,100)'),
    ("Staff", "I3", "salary per week", "=E3/52"),
    ("Staff", "I3", "name of the month they were hired", '=TEXT(D3,"mmmm")'),
    ("Staff", "I2", "how many employees are not remote", "=COUNTIF(H2:H61,FALSE)"),
    ("Staff", "I3", "salary plus bonus", "=E3*(1+F3)"),
    ("Staff", "I2", "average salary", "=AVERAGE(E2:E61)"),
    ("Staff", "I2", "number of people in Marketing", '=COUNTIF(C2:C61,"Marketing")'),
    ("Staff", "I3", "Senior if hired before 2015 else Junior", '=IF(YEAR(D3)<2015,"Senior","Junior")'),
    ("Staff", "I2", "highest bonus %", "=MAX(F2:F61)"),
    ("Staff", "I3", "salary rounded to the nearest thousand", "=ROUND(E3,-3)"),
    ("Sales", "I6", "revenue before discount", "=E6*F6"),
    ("Sales", "I4", "total revenue", "=SUM(H4:H253)"),
    ("Sales", "I4", "number of orders from the South", '=COUNTIF(B4:B253,"South")'),
    ("Sales", "I6", "the year of each order", "=YEAR(A6)"),
    ("Sales", "I4", "highest unit price", "=MAX(F4:F253)"),
    ("Sales", "I6", "discount amount in dollars", "=E6*F6*G6"),
    ("Sales", "I4", "average discount", "=AVERAGE(G4:G253)"),
    ("Sales", "I6", "Big if units over 30, otherwise Small", '=IF(E6>30,"Big","Small")'),
    ("Sales", "I4", "total revenue for Monitor", '=SUMIF(D4:D253,"Monitor",H4:H253)'),
    ("Sales", "I4", "how many orders did Ben Carter make", '=COUNTIF(C4:C253,"Ben Carter")'),
]

RULES_4 = [
    ("Inventory", "A2:H121", "highlight items with more than 180 in stock", "GreaterThan(c[3], 180)"),
    ("Inventory", "A2:H121", "highlight Kitchen items", "TextContains(c[2], 'Kitchen')"),
    ("Inventory", "A2:H121", "highlight the 10 most expensive items", "Top(c[5], 10)"),
    ("Inventory", "A2:H121", "highlight items supplied by Initech", "TextContains(c[6], 'Initech')"),
    ("Staff", "A2:H61", "highlight salaries above 120000", "GreaterThan(c[4], 120000)"),
    ("Staff", "A2:H61", "highlight the Finance department", "TextContains(c[2], 'Finance')"),
    ("Staff", "A2:H61", "highlight bonus % below average", "BelowAverage(c[5])"),
    ("Sales", "A4:H253", "highlight orders with revenue under 500", "LessThan(c[7], 500)"),
    ("Sales", "A4:H253", "highlight the bottom 5 revenues", "Bottom(c[7], 5)"),
    ("Sales", "A4:H253", "highlight orders from the West region", "TextContains(c[1], 'West')"),
]


# A fifth set, written later in that session, after its pipeline changes (the repairs and
# marks of the request's words) and before any model ran on it; run once.
FORMULAS_5 = [
    ("Inventory", "I2", "count items from Stark Supply", '=COUNTIF(G2:G121,"Stark Supply")'),
    ("Inventory", "I2", "In Stock minus Reorder Level", "=D2-E2"),
    ("Inventory", "I2", "unit cost times 2", "=F2*2"),
    ("Inventory", "I2", "median unit cost", "=MEDIAN(F2:F121)"),
    ("Inventory", "I2", "the month of the last restock", "=MONTH(H2)"),
    ("Inventory", "I2", "total in stock for Office and Kitchen items",
     '=SUMIF(C2:C121,"Office",D2:D121)+SUMIF(C2:C121,"Kitchen",D2:D121)'),
    ("Inventory", "I2", "days since the last restock", "=TODAY()-H2"),
    ("Inventory", "I2", "unit cost rounded to 1 decimal", "=ROUND(F2,1)"),
    ("Inventory", "I2", "number of characters in the item name", "=LEN(B2)"),
    ("Inventory", "I31", "OK if In Stock is at least the reorder level, otherwise Low", '=IF(D31>=E31,"OK","Low")'),
    ("Staff", "I3", "first name", '=LEFT(B3,FIND(" ",B3)-1)'),
    ("Staff", "I3", "years of service", '=DATEDIF(D3,TODAY(),"y")'),
    ("Staff", "I3", "bonus amount", "=E3*F3"),
    ("Staff", "I2", "total salary in Engineering", '=SUMIF(C2:C61,"Engineering",E2:E61)'),
    ("Staff", "I2", "how many people have no manager", "=COUNTBLANK(G2:G61)"),
    ("Staff", "I3", "Yes if remote, No otherwise", '=IF(H3,"Yes","No")'),
    ("Staff", "I2", "lowest salary", "=MIN(E2:E61)"),
    ("Staff", "I3", "salary to the nearest hundred", "=ROUND(E3,-2)"),
    ("Staff", "I3", "hire year", "=YEAR(D3)"),
    ("Staff", "I2", "count staff earning at least 100000", '=COUNTIF(E2:E61,">=100000")'),
    ("Sales", "I6", "units times unit price", "=E6*F6"),
    ("Sales", "I4", "average revenue in the East", '=AVERAGEIF(B4:B253,"East",H4:H253)'),
    ("Sales", "I4", "number of Keyboard orders", '=COUNTIF(D4:D253,"Keyboard")'),
    ("Sales", "I4", "largest order by units", "=MAX(E4:E253)"),
    ("Sales", "I6", "revenue with 5% added", "=H6*(1+5%)"),
    ("Sales", "I6", "month name of the order date", '=TEXT(A6,"mmmm")'),
    ("Sales", "I4", "total units sold by Dana Scott", '=SUMIF(C4:C253,"Dana Scott",E4:E253)'),
    ("Sales", "I4", "sum of H4 through H50", "=SUM(H4:H50)"),
    ("Sales", "I4", "High if the discount is over 10%, else Normal", '=IF(G4>10%,"High","Normal")'),
    ("Sales", "I6", "revenue divided by units", "=H6/E6"),
]

RULES_5 = [
    ("Inventory", "A2:H121", "highlight Office and Cleaning items",
     "OR(TextEquals(c[2], 'Office'), TextEquals(c[2], 'Cleaning'))"),
    ("Inventory", "A2:H121", "highlight unit costs between 100 and 200", "Between(c[5], 100, 200)"),
    ("Inventory", "A2:H121", "highlight items whose stock is exactly 37", "Equals(c[3], 37)"),
    ("Staff", "A2:H61", "highlight people not in Finance", "NOT(TextContains(c[2], 'Finance'))"),
    ("Staff", "A2:H61", "highlight the 3 highest salaries", "Top(c[4], 3)"),
    ("Staff", "A2:H61", "highlight salaries lower than E2", "LessThan(c[4], $E$2)"),
    ("Sales", "A4:H253", "highlight Monitor and Webcam orders",
     "OR(TextEquals(c[3], 'Monitor'), TextEquals(c[3], 'Webcam'))"),
    ("Sales", "A4:H253", "highlight orders where units are at most 5", "LessThanEqual(c[4], 5)"),
    ("Sales", "A4:H253", "highlight revenue above average", "AboveAverage(c[7])"),
    ("Sales", "A4:H253", "highlight orders with a 20% discount", "Equals(c[6], 0.2)"),
]


# A sixth set, written at the start of the eleventh session before any model or pipeline
# change ran on it (the models were last trained in the ninth); run once per change.
FORMULAS_6 = [
    ("Inventory", "I2", "how many units do we have in total", "=SUM(D2:D121)"),
    ("Inventory", "I2", "value of the stock on hand for this row", "=D2*F2"),
    ("Inventory", "I2", "cheapest unit cost", "=MIN(F2:F121)"),
    ("Inventory", "I2", "number of items supplied by Globex", '=COUNTIF(G2:G121,"Globex")'),
    ("Inventory", "I2", "average stock level for Kitchen items", '=AVERAGEIF(C2:C121,"Kitchen",D2:D121)'),
    ("Inventory", "I2", "stock as a multiple of the reorder level", "=D2/E2"),
    ("Inventory", "I2", "the SKU in lower case", "=LOWER(A2)"),
    ("Inventory", "I2", "year of the last restock", "=YEAR(H2)"),
    ("Inventory", "I2", "unit cost with 15% off", "=F2*(1-15%)"),
    ("Inventory", "I2", "total stock held by Acme Corp", '=SUMIF(G2:G121,"Acme Corp",D2:D121)'),
    ("Staff", "I5", "monthly salary", "=E5/12"),
    ("Staff", "I2", "how many people work in Support", '=COUNTIF(C2:C61,"Support")'),
    ("Staff", "I2", "highest bonus %", "=MAX(F2:F61)"),
    ("Staff", "I2", "average salary of the Sales department", '=AVERAGEIF(C2:C61,"Sales",E2:E61)'),
    ("Staff", "I5", "salary including bonus", "=E5*(1+F5)"),
    ("Staff", "I2", "number of remote employees", "=COUNTIF(H2:H61,TRUE)"),
    ("Staff", "I5", "last name of the employee", '=MID(B5,FIND(" ",B5)+1,100)'),
    ("Staff", "I5", "Senior if hired before 2015, otherwise Junior", '=IF(YEAR(D5)<2015,"Senior","Junior")'),
    ("Staff", "I5", "name in upper case", "=UPPER(B5)"),
    ("Staff", "I2", "count employees earning more than 100k", '=COUNTIF(E2:E61,">100000")'),
    ("Sales", "I4", "total revenue for the North region", '=SUMIF(B4:B253,"North",H4:H253)'),
    ("Sales", "I4", "how many orders did Chen Wei take", '=COUNTIF(C4:C253,"Chen Wei")'),
    ("Sales", "I6", "price after discount", "=F6*(1-G6)"),
    ("Sales", "I4", "average units per order for Laptops", '=AVERAGEIF(D4:D253,"Laptop",E4:E253)'),
    ("Sales", "I5", "quarter of the order date", "=ROUNDUP(MONTH(A5)/3,0)"),
    ("Sales", "I6", "weekday name of the order", '=TEXT(A6,"dddd")'),
    ("Sales", "I6", "revenue rounded to the nearest 10", "=ROUND(H6,-1)"),
    ("Sales", "I4", "largest discount given", "=MAX(G4:G253)"),
    ("Sales", "I4", "units sold by Ben Carter in total", '=SUMIF(C4:C253,"Ben Carter",E4:E253)'),
    ("Sales", "I6", "Big if units are 25 or more, Small otherwise", '=IF(E6>=25,"Big","Small")'),
]

RULES_6 = [
    ("Inventory", "A2:H121", "highlight items with fewer than 15 in stock", "LessThan(c[3], 15)"),
    ("Inventory", "A2:H121", "color rows where the supplier is Initech", "TextEquals(c[6], 'Initech')"),
    ("Inventory", "A2:H121", "highlight unit costs over 400", "GreaterThan(c[5], 400)"),
    ("Staff", "A2:H61", "highlight the lowest 5 salaries", "Bottom(c[4], 5)"),
    ("Staff", "A2:H61", "highlight staff with a salary of at least 120,000", "GreaterThanEqual(c[4], 120000)"),
    ("Staff", "A2:H61", "highlight bonus % of 10% or more", "GreaterThanEqual(c[5], 0.1)"),
    ("Sales", "A4:H253", "highlight orders by Farah Khan", "TextEquals(c[2], 'Farah Khan')"),
    ("Sales", "A4:H253", "highlight revenue below average", "BelowAverage(c[7])"),
    ("Sales", "A4:H253", "shade the 5 biggest orders by units", "Top(c[4], 5)"),
    ("Sales", "A4:H253", "highlight orders in the North or South",
     "OR(TextEquals(c[1], 'North'), TextEquals(c[1], 'South'))"),
]


# A seventh set, on a second workbook the project has never seen (built below: a gradebook, a
# project tracker and an expense log, headers and values the generator's domains do not hold),
# written at the start of the twelfth session before any model or pipeline ran on it. Every
# earlier set used the bundled sample workbook; this one asks whether the pipeline carries to
# sheets it was not tuned on.
FORMULAS_7 = [
    ("Grades", "H2", "average of the three scores", "=AVERAGE(C2:E2)"),
    ("Grades", "H2", "total marks for the student", "=SUM(C2:E2)"),
    ("Grades", "H4", "Pass if math is at least 50, Fail otherwise", '=IF(C4>=50,"Pass","Fail")'),
    ("Grades", "H2", "how many students are in 7B", '=COUNTIF(B2:B41,"7B")'),
    ("Grades", "H2", "highest science score", "=MAX(E2:E41)"),
    ("Grades", "H2", "average English mark for class 7A", '=AVERAGEIF(B2:B41,"7A",D2:D41)'),
    ("Grades", "H2", "best of the three subjects", "=MAX(C2:E2)"),
    ("Grades", "H2", "number of students scoring above 90 in maths", '=COUNTIF(C2:C41,">90")'),
    ("Grades", "H6", 'attendance under 80% gets "Warning", otherwise "OK"', '=IF(F6<80%,"Warning","OK")'),
    ("Grades", "H2", "year the student enrolled", "=YEAR(G2)"),
    ("Projects", "H2", "remaining budget", "=E2-F2"),
    ("Projects", "H2", "percent of budget spent", "=F2/E2"),
    ("Projects", "H2", "days between start and due date", "=D2-C2"),
    ("Projects", "H3", "Over if spent is more than budget, else Within", '=IF(F3>E3,"Over","Within")'),
    ("Projects", "H2", "how many projects are still Open", '=COUNTIF(G2:G31,"Open")'),
    ("Projects", "H2", "total budget for projects owned by Dana Lee", '=SUMIF(B2:B31,"Dana Lee",E2:E31)'),
    ("Projects", "H2", "sum of spending across all projects", "=SUM(F2:F31)"),
    ("Projects", "H2", "year it is due", "=YEAR(D2)"),
    ("Projects", "H2", "project name in upper case", "=UPPER(A2)"),
    ("Projects", "H2", "average budget", "=AVERAGE(E2:E31)"),
    ("Expenses", "G2", "total spent on Travel", '=SUMIF(C2:C61,"Travel",D2:D61)'),
    ("Expenses", "G2", "amount including 20% VAT", "=D2*1.2"),
    ("Expenses", "G2", "how many expenses are not reimbursed yet", "=COUNTIF(E2:E61,FALSE)"),
    ("Expenses", "G2", "biggest expense", "=MAX(D2:D61)"),
    ("Expenses", "G5", "if amount is over 500 say Approve otherwise Auto", '=IF(D5>500,"Approve","Auto")'),
    ("Expenses", "G2", "which month was it spent", "=MONTH(A2)"),
    ("Expenses", "G2", "average Meals expense", '=AVERAGEIF(C2:C61,"Meals",D2:D61)'),
    ("Expenses", "G2", "how many expenses did Omar Haddad file", '=COUNTIF(B2:B61,"Omar Haddad")'),
    ("Expenses", "G2", "sum of D2:D10", "=SUM(D2:D10)"),
    ("Expenses", "G2", "amount rounded to the nearest dollar", "=ROUND(D2,0)"),
]

RULES_7 = [
    ("Grades", "A2:G41", "highlight students with math under 50", "LessThan(c[2], 50)"),
    ("Grades", "A2:G41", "shade the rows for class 7C", "TextEquals(c[1], '7C')"),
    ("Grades", "A2:G41", "highlight attendance below 75%", "LessThan(c[5], 0.75)"),
    ("Grades", "A2:G41", "colour the top 5 science scores", "Top(c[4], 5)"),
    ("Projects", "A2:G31", "mark projects that are On Hold", "TextEquals(c[6], 'On Hold')"),
    ("Projects", "A2:G31", "highlight budgets of 50,000 or more", "GreaterThanEqual(c[4], 50000)"),
    ("Projects", "A2:G31", "highlight projects owned by Sam Ortiz", "TextEquals(c[1], 'Sam Ortiz')"),
    ("Expenses", "A2:F61", "highlight expenses with no notes", "Blanks(c[5])"),
    ("Expenses", "A2:F61", "highlight Software purchases", "TextEquals(c[2], 'Software')"),
    ("Expenses", "A2:F61", "highlight amounts between 100 and 300", "Between(c[3], 100, 300)"),
]


# An eighth set, on a third workbook (a timesheet, car rentals, gym members), written in the
# twelfth session after the changes set 7 prompted and before any model or pipeline ran on it:
# the held-out measure of those changes.
FORMULAS_8 = [
    ("Timesheet", "G2", "pay for the row = hours x hourly rate", "=D2*E2"),
    ("Timesheet", "G2", "total hours worked by Priya Shah", '=SUMIF(B2:B51,"Priya Shah",D2:D51)'),
    ("Timesheet", "G2", "how many entries are billable", "=COUNTIF(F2:F51,TRUE)"),
    ("Timesheet", "G3", "overtime: hours above 8", "=MAX(0,D3-8)"),
    ("Timesheet", "G2", "average hours per entry", "=AVERAGE(D2:D51)"),
    ("Timesheet", "G2", "name of the weekday", '=TEXT(A2,"dddd")'),
    ("Timesheet", "G3", "if hours are more than 8 write Long else Normal", '=IF(D3>8,"Long","Normal")'),
    ("Timesheet", "G2", "largest number of hours in one entry", "=MAX(D2:D51)"),
    ("Timesheet", "G2", "total billable hours", "=SUMIF(F2:F51,TRUE,D2:D51)"),
    ("Timesheet", "G2", "hourly rate rounded up to a whole number", "=ROUNDUP(E2,0)"),
    ("Rentals", "I2", "number of days rented", "=E2-D2"),
    ("Rentals", "I2", "rental cost = days times daily rate", "=(E2-D2)*F2"),
    ("Rentals", "I2", "how many rentals are not paid", '=COUNTIF(H2:H41,"No")'),
    ("Rentals", "I2", "average km driven", "=AVERAGE(G2:G41)"),
    ("Rentals", "I2", "total km for the Tesla Model 3", '=SUMIF(C2:C41,"Tesla Model 3",G2:G41)'),
    ("Rentals", "I2", "month of pickup", "=MONTH(D2)"),
    ("Rentals", "I2", "km per day", "=G2/(E2-D2)"),
    ("Rentals", "I4", "extra charge of 0.25 per km over 500", "=IF(G4>500,(G4-500)*0.25,0)"),
    ("Rentals", "I2", "last 4 characters of the rental ID", "=RIGHT(A2,4)"),
    ("Rentals", "I2", "count rentals of the Ford Focus", '=COUNTIF(C2:C41,"Ford Focus")'),
    ("Members", "H2", "yearly fee", "=F2*12"),
    ("Members", "H2", "how many Gold members", '=COUNTIF(B2:B46,"Gold")'),
    ("Members", "H2", "average age of members in Leeds", '=AVERAGEIF(G2:G46,"Leeds",D2:D46)'),
    ("Members", "H2", "youngest member's age", "=MIN(D2:D46)"),
    ("Members", "H2", "Active if visits are 10 or more, otherwise Inactive", '=IF(E2>=10,"Active","Inactive")'),
    ("Members", "H2", "year joined", "=YEAR(C2)"),
    ("Members", "H2", "total monthly fees from Platinum plans", '=SUMIF(B2:B46,"Platinum",F2:F46)'),
    ("Members", "H2", "first name of the member", '=LEFT(A2,FIND(" ",A2)-1)'),
    ("Members", "H2", "city in capital letters", "=UPPER(G2)"),
    ("Members", "H2", "fee per visit", "=F2/E2"),
]

RULES_8 = [
    ("Timesheet", "A2:F51", "highlight entries over 10 hours", "GreaterThan(c[3], 10)"),
    ("Timesheet", "A2:F51", "highlight Luis Gomez's entries", "TextEquals(c[1], 'Luis Gomez')"),
    ("Rentals", "A2:H41", "highlight unpaid rentals", "TextEquals(c[7], 'No')"),
    ("Rentals", "A2:H41", "highlight rentals with more than 800 km", "GreaterThan(c[6], 800)"),
    ("Rentals", "A2:H41", "colour the 3 rentals with the most km", "Top(c[6], 3)"),
    ("Rentals", "A2:H41", "highlight rentals of the VW Golf", "TextEquals(c[2], 'VW Golf')"),
    ("Members", "A2:G46", "highlight Platinum members", "TextEquals(c[1], 'Platinum')"),
    ("Members", "A2:G46", "highlight members under 25", "LessThan(c[3], 25)"),
    ("Members", "A2:G46", "highlight visits below average", "BelowAverage(c[4])"),
    ("Members", "A2:G46", "highlight members not in London", "TextNotContains(c[6], 'London')"),
]


def _seeded_book(seed: int, title: str):
    """(a random generator seeded with ``seed``, a new workbook, its first sheet titled
    ``title``): how each held-out set's workbook builder starts."""
    import random

    import openpyxl

    rng = random.Random(seed)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    return rng, wb, ws


def third_workbook():
    """The workbook set 8 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, t = _seeded_book(8, "Timesheet")
    t.append(["Date", "Employee", "Task", "Hours", "Hourly Rate", "Billable"])
    staff = {"Priya Shah": 42.5, "Luis Gomez": 38.0, "Anna Berg": 55.25, "Kofi Mensah": 47.75}
    for _ in range(50):
        who = rng.choice(list(staff))
        t.append([dt.datetime(2025, 3, 1) + dt.timedelta(days=rng.randint(0, 60)), who,
                  rng.choice(["Design", "Testing", "Meetings", "Support", "Coding"]),
                  rng.choice([2, 3.5, 4, 5, 6, 7.5, 8, 9, 10.5, 11]), staff[who], rng.random() < 0.7])
    t["D3"] = 9.5  # more than 8 hours, for the overtime and Long/Normal requests
    r = wb.create_sheet("Rentals")
    r.append(["Rental ID", "Customer", "Car", "Pickup", "Return", "Daily Rate", "Km Driven", "Paid"])
    customers = ["J. Okafor", "M. Lindqvist", "S. Patel", "R. Costa", "H. Nakamura", "E. Dubois",
                 "T. Brennan", "A. Haddad", "L. Novak", "C. Mwangi", "P. Ruiz", "D. Kowalski"]
    cars = {"Toyota Corolla": 45, "Tesla Model 3": 89, "Ford Focus": 39, "VW Golf": 42}
    for i in range(40):
        car = rng.choice(list(cars))
        pickup = dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 25))
        r.append([f"R-{1001 + i}", rng.choice(customers), car, pickup,
                  pickup + dt.timedelta(days=rng.randint(1, 14)), cars[car], rng.randint(40, 1500),
                  "Yes" if rng.random() < 0.75 else "No"])
    r["G4"] = 730  # over 500 km, for the extra-charge request
    m = wb.create_sheet("Members")
    m.append(["Member", "Plan", "Joined", "Age", "Visits", "Monthly Fee", "City"])
    fees = {"Basic": 19.99, "Gold": 34.99, "Platinum": 54.99}
    people = ["Nora Quinn", "Oscar Reyes", "Ines Silva", "Victor Hale", "Zara Malik", "Felix Wong",
              "Lucy Hart", "Samir Aziz", "Greta Olsen", "Ibrahim Sow", "Hannah Cole", "Mateo Cruz",
              "Elena Petrova", "Kwame Boateng", "Julia Frank"]
    for i in range(45):
        plan = rng.choice(list(fees))
        m.append([f"{people[i % 15]}" if i < 15 else f"{people[i % 15].split()[0]} {chr(65 + i % 26)}. Lee",
                  plan, dt.datetime(rng.randint(2018, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                  rng.randint(18, 70), rng.randint(0, 30), fees[plan],
                  rng.choice(["London", "Leeds", "Bristol", "Manchester"])])
    return wb


# A ninth set, on a fourth workbook (invoices, a customer survey, shipments), written in the
# twelfth session after the changes sets 7 and 8 prompted, before any model or pipeline ran
# on it: the held-out measure of those changes.
FORMULAS_9 = [
    ("Invoices", "H2", "tax on the invoice", "=E2*F2"),
    ("Invoices", "H2", "total including tax", "=E2*(1+F2)"),
    ("Invoices", "H2", "how many days between issued and due", "=D2-C2"),
    ("Invoices", "H2", "total amount billed to Northwind", '=SUMIF(B2:B41,"Northwind",E2:E41)'),
    ("Invoices", "H2", "how many invoices are unpaid", '=COUNTIF(G2:G41,"No")'),
    ("Invoices", "H2", "sum of unpaid invoice amounts", '=SUMIF(G2:G41,"No",E2:E41)'),
    ("Invoices", "H2", "largest invoice", "=MAX(E2:E41)"),
    ("Invoices", "H3", "Late if the due date is after 2025-06-30, else OK", '=IF(D3>DATE(2025,6,30),"Late","OK")'),
    ("Invoices", "H2", "invoice number without the INV- prefix", '=SUBSTITUTE(A2,"INV-","")'),
    ("Invoices", "H2", "average invoice amount for Contoso", '=AVERAGEIF(B2:B41,"Contoso",E2:E41)'),
    ("Survey", "G2", "average rating", "=AVERAGE(C2:C61)"),
    ("Survey", "G2", "how many gave a rating of 5", "=COUNTIF(C2:C61,5)"),
    ("Survey", "G2", "share of respondents who would recommend",
     '=COUNTIF(D2:D61,"Yes")/COUNTA(D2:D61)'),
    ("Survey", "G4", "Promoter if rating is 5, Detractor if 2 or less, else Passive",
     '=IF(C4=5,"Promoter",IF(C4<=2,"Detractor","Passive"))'),
    ("Survey", "G2", "number of respondents aged 18-24", '=COUNTIF(B2:B61,"18-24")'),
    ("Survey", "G2", "visits per year", "=E2*12"),
    ("Survey", "G2", "lowest rating", "=MIN(C2:C61)"),
    ("Survey", "G2", "rating out of 100", "=C2/5*100"),
    ("Survey", "G2", "first 3 letters of the city in capitals", "=UPPER(LEFT(F2,3))"),
    ("Survey", "G2", "average rating in Porto", '=AVERAGEIF(F2:F61,"Porto",C2:C61)'),
    ("Shipments", "H2", "transit time in days", "=F2-E2"),
    ("Shipments", "H2", "cost per kg", "=G2/D2"),
    ("Shipments", "H2", "total weight shipped to Berlin", '=SUMIF(C2:C51,"Berlin",D2:D51)'),
    ("Shipments", "H2", "heaviest shipment", "=MAX(D2:D51)"),
    ("Shipments", "H2", "how many shipments came from Rotterdam", '=COUNTIF(B2:B51,"Rotterdam")'),
    ("Shipments", "H2", "weight in lb (x 2.2046)", "=D2*2.2046"),
    ("Shipments", "H3", "Heavy if over 500 kg, otherwise Standard", '=IF(D3>500,"Heavy","Standard")'),
    ("Shipments", "H2", "origin and destination joined with ' to '", '=B2&" to "&C2'),
    ("Shipments", "H2", "average cost of shipments to Madrid", '=AVERAGEIF(C2:C51,"Madrid",G2:G51)'),
    ("Shipments", "H2", "month it was delivered", "=MONTH(F2)"),
]

RULES_9 = [
    ("Invoices", "A2:G41", "highlight unpaid invoices", "TextEquals(c[6], 'No')"),
    ("Invoices", "A2:G41", "highlight invoices over 10,000", "GreaterThan(c[4], 10000)"),
    ("Invoices", "A2:G41", "highlight Fabrikam invoices", "TextEquals(c[1], 'Fabrikam')"),
    ("Survey", "A2:F61", "highlight ratings of 2 or below", "LessThanEqual(c[2], 2)"),
    ("Survey", "A2:F61", "highlight respondents who would not recommend", "TextEquals(c[3], 'No')"),
    ("Survey", "A2:F61", "shade the 18-24 age group", "TextEquals(c[1], '18-24')"),
    ("Shipments", "A2:G51", "highlight shipments heavier than 800 kg", "GreaterThan(c[3], 800)"),
    ("Shipments", "A2:G51", "highlight the 5 most expensive shipments", "Top(c[6], 5)"),
    ("Shipments", "A2:G51", "highlight shipments to Berlin or Madrid",
     "OR(TextEquals(c[2], 'Berlin'), TextEquals(c[2], 'Madrid'))"),
    ("Shipments", "A2:G51", "highlight costs above average", "AboveAverage(c[6])"),
]


# A tenth set, on a fifth workbook (payroll, hotel bookings, library loans), written in the
# thirteenth session before any model or pipeline ran on it: the held-out measure of the
# twelfth session's changes.
FORMULAS_10 = [
    ("Payroll", "H2", "gross pay: hourly rate x hours", "=D2*E2"),
    ("Payroll", "H2", "overtime pay at 1.5x the hourly rate", "=F2*D2*1.5"),
    ("Payroll", "H2", "how many employees are in Finance", '=COUNTIF(B2:B41,"Finance")'),
    ("Payroll", "H2", "average hourly rate in the Warehouse department",
     '=AVERAGEIF(B2:B41,"Warehouse",D2:D41)'),
    ("Payroll", "H2", "the year they were hired", "=YEAR(C2)"),
    ("Payroll", "H2", "top hourly rate", "=MAX(D2:D41)"),
    ("Payroll", "H3", "label each person Full-time or Part-time", '=IF(G3,"Full-time","Part-time")'),
    ("Payroll", "H2", "how many part-time staff are there", "=COUNTIF(G2:G41,FALSE)"),
    ("Payroll", "H2", "total hours for Sales", '=SUMIF(B2:B41,"Sales",E2:E41)'),
    ("Payroll", "H2", "first name only", '=LEFT(A2,FIND(" ",A2)-1)'),
    ("Payroll", "H4", "mark Review when overtime is over 10 hours, otherwise leave blank",
     '=IF(F4>10,"Review","")'),
    ("Payroll", "H2", "total overtime hours across everyone", "=SUM(F2:F41)"),
    ("Bookings", "H2", "number of nights", "=E2-D2"),
    ("Bookings", "H2", "total for the stay (nights times the nightly rate)", "=(E2-D2)*F2"),
    ("Bookings", "H2", "how many bookings came from Expedia", '=COUNTIF(G2:G51,"Expedia")'),
    ("Bookings", "H2", "average rate for a Suite", '=AVERAGEIF(C2:C51,"Suite",F2:F51)'),
    ("Bookings", "H2", "check-in month", "=MONTH(D2)"),
    ("Bookings", "H2", "weekday name of the check-in date", '=TEXT(D2,"dddd")'),
    ("Bookings", "H2", "guest name in uppercase", "=UPPER(B2)"),
    ("Bookings", "H2", "nightly rate less 15%", "=F2*(1-15%)"),
    ("Bookings", "H2", "cheapest nightly rate", "=MIN(F2:F51)"),
    ("Bookings", "H2", "number of Double rooms booked Direct",
     '=COUNTIFS(C2:C51,"Double",G2:G51,"Direct")'),
    ("Loans", "H2", "days on loan", "=E2-D2"),
    ("Loans", "H2", "how many books haven't been returned yet", "=COUNTBLANK(E2:E46)"),
    ("Loans", "H2", "author surname", '=RIGHT(B2,LEN(B2)-FIND(" ",B2))'),
    ("Loans", "H5", 'Late if kept more than 21 days, else On time', '=IF(E5-D5>21,"Late","On time")'),
    ("Loans", "H2", "total pages Nina Patel has borrowed", '=SUMIF(C2:C46,"Nina Patel",G2:G46)'),
    ("Loans", "H2", "count of Fantasy loans", '=COUNTIF(F2:F46,"Fantasy")'),
    ("Loans", "H2", "average number of pages", "=AVERAGE(G2:G46)"),
    ("Loans", "H2", "title by author, e.g. Dune by Frank Herbert", '=A2&" by "&B2'),
]

RULES_10 = [
    ("Payroll", "A2:G41", "highlight people earning more than 30 an hour", "GreaterThan(c[3], 30)"),
    ("Payroll", "A2:G41", "highlight the Finance department", "TextEquals(c[1], 'Finance')"),
    ("Payroll", "A2:G41", "highlight anyone with no overtime", "Equals(c[5], 0)"),
    ("Bookings", "A2:G51", "highlight suites", "TextEquals(c[2], 'Suite')"),
    ("Bookings", "A2:G51", "highlight the 3 highest nightly rates", "Top(c[5], 3)"),
    ("Bookings", "A2:G51", "highlight bookings not made through Expedia", "NOT(TextEquals(c[6], 'Expedia'))"),
    ("Loans", "A2:G46", "highlight books that are still out", "Blanks(c[4])"),
    ("Loans", "A2:G46", "highlight books over 500 pages", "GreaterThan(c[6], 500)"),
    ("Loans", "A2:G46", "highlight loans by Omar Said", "TextEquals(c[2], 'Omar Said')"),
    ("Loans", "A2:G46", "highlight Sci-Fi and Mystery titles",
     "OR(TextEquals(c[5], 'Sci-Fi'), TextEquals(c[5], 'Mystery'))"),
]


def fifth_workbook():
    """The workbook set 10 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, pay = _seeded_book(10, "Payroll")
    pay.append(["Employee", "Department", "Hire Date", "Hourly Rate", "Hours", "Overtime Hours", "Full Time"])
    first = ["Alice", "Bruno", "Carmen", "Dmitri", "Elif", "Farid", "Greta", "Hassan", "Ines", "Jonas"]
    last = ["Novak", "Silva", "Berg", "Okafor", "Kowalski", "Moreau", "Lindqvist", "Reyes"]
    for i in range(40):
        pay.append([f"{first[i % 10]} {last[(i * 3) % 8]}",
                    rng.choice(["Finance", "Sales", "Warehouse", "IT"]),
                    dt.datetime(rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                    round(rng.uniform(14, 48), 2), rng.choice([20, 25, 30, 38, 40]),
                    rng.choice([0, 0, 0, 2, 4, 6, 8, 11, 14]), rng.random() < 0.7])
    pay["F2"], pay["G3"], pay["F4"] = 6, False, 12  # the rows the overtime and label requests are asked on
    bk = wb.create_sheet("Bookings")
    bk.append(["Booking", "Guest", "Room Type", "Check In", "Check Out", "Nightly Rate", "Channel"])
    guests = ["Anna Schmidt", "Luca Bianchi", "Mei Chen", "Sean Murphy", "Zoe Martin", "Raj Patel",
              "Elena Petrova", "Tariq Aziz"]
    for i in range(50):
        check_in = dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 27))
        room = rng.choice(["Single", "Double", "Suite"])
        rate = {"Single": 80, "Double": 120, "Suite": 260}[room] + rng.randint(-15, 40)
        bk.append([f"BK-{1001 + i}", rng.choice(guests), room, check_in,
                   check_in + dt.timedelta(days=rng.randint(1, 9)), rate,
                   rng.choice(["Direct", "Expedia", "Booking.com"])])
    ln = wb.create_sheet("Loans")
    ln.append(["Title", "Author", "Member", "Borrowed", "Returned", "Genre", "Pages"])
    books = [("Dune", "Frank Herbert", "Sci-Fi", 612), ("Emma", "Jane Austen", "Classic", 474),
             ("Rebecca", "Daphne du Maurier", "Mystery", 410), ("The Hobbit", "J. R. R. Tolkien", "Fantasy", 310),
             ("Neuromancer", "William Gibson", "Sci-Fi", 271), ("Gone Girl", "Gillian Flynn", "Mystery", 422),
             ("Circe", "Madeline Miller", "Fantasy", 393), ("Middlemarch", "George Eliot", "Classic", 880),
             ("Mistborn", "Brandon Sanderson", "Fantasy", 541), ("Solaris", "Stanislaw Lem", "Sci-Fi", 204)]
    members = ["Nina Patel", "Omar Said", "Kai Tanaka", "Lotte Visser", "Ben Carter"]
    for _ in range(45):
        title, author, genre, pages = books[rng.randrange(len(books))]
        borrowed = dt.datetime(2025, rng.randint(1, 11), rng.randint(1, 28))
        returned = borrowed + dt.timedelta(days=rng.randint(3, 35)) if rng.random() < 0.75 else None
        ln.append([title, author, rng.choice(members), borrowed, returned, genre, pages])
    # row 2, where the surname and title requests are asked, is Dune (one space in the author)
    ln["A2"], ln["B2"], ln["F2"], ln["G2"] = "Dune", "Frank Herbert", "Sci-Fi", 612
    ln["D2"], ln["E2"] = dt.datetime(2025, 3, 4), dt.datetime(2025, 3, 18)
    ln["D5"], ln["E5"] = dt.datetime(2025, 5, 2), dt.datetime(2025, 6, 1)  # 30 days: Late
    return wb


# An eleventh set, on a sixth workbook (sales orders, clinic appointments, a vehicle fleet),
# written in the thirteenth session after set 10's changes and before any model or pipeline
# ran on it: the held-out measure of those changes.
FORMULAS_11 = [
    ("Orders", "I2", "line total = qty times unit price", "=D2*E2"),
    ("Orders", "I2", "line total after the discount", "=D2*E2*(1-F2)"),
    ("Orders", "I2", "how many orders from the North region", '=COUNTIF(H2:H51,"North")'),
    ("Orders", "I2", "total quantity of Widgets sold", '=SUMIF(C2:C51,"Widget",D2:D51)'),
    ("Orders", "I2", "biggest order quantity", "=MAX(D2:D51)"),
    ("Orders", "I2", "average unit price for Gizmo", '=AVERAGEIF(C2:C51,"Gizmo",E2:E51)'),
    ("Orders", "I2", "order year", "=YEAR(G2)"),
    ("Orders", "I2", "quarter of the order date", "=ROUNDUP(MONTH(G2)/3,0)"),
    ("Orders", "I3", "Bulk if qty is 50 or more, otherwise Standard", '=IF(D3>=50,"Bulk","Standard")'),
    ("Orders", "I2", "number of orders with a discount", '=COUNTIF(F2:F51,">0")'),
    ("Orders", "I2", "customer name in lower case", "=LOWER(B2)"),
    ("Orders", "I2", "revenue from Acme Corp (qty x price)", '=SUMPRODUCT((B2:B51="Acme Corp")*D2:D51*E2:E51)'),
    ("Appointments", "H2", "duration in hours", "=D2/60"),
    ("Appointments", "H2", "how many appointments were cancelled", '=COUNTIF(G2:G41,"Cancelled")'),
    ("Appointments", "H2", "total fees for Dr Okoye", '=SUMIF(B2:B41,"Dr Okoye",E2:E41)'),
    ("Appointments", "H2", "average appointment length", "=AVERAGE(D2:D41)"),
    ("Appointments", "H2", "fee per minute", "=E2/D2"),
    ("Appointments", "H2", "how many patients are insured", '=COUNTIF(F2:F41,"Yes")'),
    ("Appointments", "H2", "day of the week of the appointment", '=TEXT(C2,"dddd")'),
    ("Appointments", "H2", "patient's initials", '=LEFT(A2,1)&MID(A2,FIND(" ",A2)+1,1)'),
    ("Appointments", "H2", "Long if over 45 minutes else Short", '=IF(D2>45,"Long","Short")'),
    ("Appointments", "H2", "average length of no-show appointments", '=AVERAGEIF(G2:G41,"No-show",D2:D41)'),
    ("Vehicles", "H2", "days between last and next service", "=E2-D2"),
    ("Vehicles", "H2", "mileage in thousands", "=C2/1000"),
    ("Vehicles", "H2", "how many electric vehicles", '=COUNTIF(G2:G31,"Electric")'),
    ("Vehicles", "H2", "total service cost for Diesel vehicles", '=SUMIF(G2:G31,"Diesel",F2:F31)'),
    ("Vehicles", "H2", "highest mileage", "=MAX(C2:C31)"),
    ("Vehicles", "H2", "service cost rounded to the nearest 10", "=ROUND(F2,-1)"),
    ("Vehicles", "H2", "make and plate, e.g. Toyota AB-101", '=B2&" "&A2'),
    ("Vehicles", "H2", "service cost per mile", "=F2/C2"),
]

RULES_11 = [
    ("Orders", "A2:H51", "highlight orders of 100 units or more", "GreaterThanEqual(c[3], 100)"),
    ("Orders", "A2:H51", "highlight the South region", "TextEquals(c[7], 'South')"),
    ("Orders", "A2:H51", "highlight discounted orders", "GreaterThan(c[5], 0)"),
    ("Orders", "A2:H51", "highlight Gadget orders", "TextEquals(c[2], 'Gadget')"),
    ("Appointments", "A2:G41", "highlight no-shows", "TextEquals(c[6], 'No-show')"),
    ("Appointments", "A2:G41", "highlight uninsured patients", "TextEquals(c[5], 'No')"),
    ("Appointments", "A2:G41", "highlight fees above 150", "GreaterThan(c[4], 150)"),
    ("Vehicles", "A2:G31", "highlight electric cars", "TextEquals(c[6], 'Electric')"),
    ("Vehicles", "A2:G31", "highlight vehicles with over 100,000 miles", "GreaterThan(c[2], 100000)"),
    ("Vehicles", "A2:G31", "highlight the 3 most expensive services", "Top(c[5], 3)"),
]


def sixth_workbook():
    """The workbook set 11 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, od = _seeded_book(11, "Orders")
    od.append(["Order ID", "Customer", "Product", "Qty", "Unit Price", "Discount", "Order Date", "Region"])
    prices = {"Widget": 4.5, "Gadget": 12.0, "Sprocket": 2.25, "Gizmo": 30.0}
    for i in range(50):
        product = rng.choice(sorted(prices))
        od.append([f"SO-{5001 + i}", rng.choice(["Acme Corp", "Globex", "Initech", "Umbrella", "Stark Ltd"]),
                   product, rng.choice([5, 10, 20, 40, 60, 120, 150]),
                   round(prices[product] * rng.choice([0.9, 1.0, 1.1]), 2),
                   rng.choice([0, 0, 0.05, 0.1]), dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 28)),
                   rng.choice(["North", "South", "East", "West"])])
    od["D3"], od["F2"] = 60, 0.1  # a Bulk row, and a discount on the row the total is asked on
    ap = wb.create_sheet("Appointments")
    ap.append(["Patient", "Doctor", "Date", "Duration (min)", "Fee", "Insured", "Status"])
    patients = ["Maria Lopez", "John Carter", "Aisha Bello", "Wei Zhang", "Olga Ivanova", "Sam Taylor"]
    for _ in range(40):
        minutes = rng.choice([15, 20, 30, 45, 60, 90])
        ap.append([rng.choice(patients), rng.choice(["Dr Okoye", "Dr Lindgren", "Dr Alvarez"]),
                   dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 28)), minutes,
                   round(minutes * rng.uniform(2.0, 3.5), 2), rng.choice(["Yes", "Yes", "No"]),
                   rng.choice(["Completed", "Completed", "Completed", "Cancelled", "No-show"])])
    ap["D2"] = 90  # over 45 minutes: Long
    vh = wb.create_sheet("Vehicles")
    vh.append(["Vehicle", "Make", "Mileage", "Last Service", "Next Service", "Service Cost", "Fuel Type"])
    for i in range(30):
        last = dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 28))
        vh.append([f"{chr(65 + i % 26)}{chr(66 + i % 20)}-{101 + i * 3}", rng.choice(["Ford", "Toyota", "VW", "Kia"]),
                   rng.randint(8000, 190000), last, last + dt.timedelta(days=rng.choice([90, 180, 365])),
                   round(rng.uniform(80, 1400), 2), rng.choice(["Diesel", "Petrol", "Electric"])])
    vh["A2"], vh["B2"] = "AB-101", "Toyota"  # the row the example request is asked on
    return wb


# A twelfth set, on a seventh workbook (property listings, staff leave, marketing campaigns),
# written in the thirteenth session after set 11's changes and before any model or pipeline
# ran on it: the held-out measure of those changes.
FORMULAS_12 = [
    ("Listings", "I2", "asking price per bedroom", "=D2/C2"),
    ("Listings", "I2", "difference between asking and sale price", "=D2-E2"),
    ("Listings", "I2", "sale price as a percentage of asking", "=E2/D2"),
    ("Listings", "I2", "days on the market", "=G2-F2"),
    ("Listings", "I2", "how many listings in Leeds", '=COUNTIF(B2:B41,"Leeds")'),
    ("Listings", "I2", "average sale price for 3-bedroom homes", "=AVERAGEIF(C2:C41,3,E2:E41)"),
    ("Listings", "I2", "how many homes haven't sold yet", "=COUNTBLANK(G2:G41)"),
    ("Listings", "I2", "top sale price handled by Priya Kaur", '=MAXIFS(E2:E41,H2:H41,"Priya Kaur")'),
    ("Listings", "I2", "agent's commission at 1.5% of the sale price", "=E2*1.5%"),
    ("Listings", "I2", "city in capitals", "=UPPER(B2)"),
    ("Staff", "H2", "leave days remaining", "=D2-E2"),
    ("Staff", "H2", "monthly salary", "=F2/12"),
    ("Staff", "H2", "how many remote workers", "=COUNTIF(G2:G36,TRUE)"),
    ("Staff", "H2", "average salary in the Data team", '=AVERAGEIF(B2:B36,"Data",F2:F36)'),
    ("Staff", "H2", "year they started", "=YEAR(C2)"),
    ("Staff", "H2", "salary after a 4% raise", "=F2*(1+4%)"),
    ("Staff", "H2", "Yes if they've used more than 20 days of leave, otherwise No", '=IF(E2>20,"Yes","No")'),
    ("Staff", "H2", "total leave taken by the Sales team", '=SUMIF(B2:B36,"Sales",E2:E36)'),
    ("Staff", "H2", "highest salary", "=MAX(F2:F36)"),
    ("Staff", "H2", "share of allowance used", "=E2/D2"),
    ("Campaigns", "I2", "conversion rate", "=H2/G2"),
    ("Campaigns", "I2", "cost per click", "=F2/G2"),
    ("Campaigns", "I2", "campaign length in days", "=D2-C2"),
    ("Campaigns", "I2", "budget left", "=E2-F2"),
    ("Campaigns", "I2", "total clicks from Email campaigns", '=SUMIF(B2:B26,"Email",G2:G26)'),
    ("Campaigns", "I2", "how many campaigns went over budget", "=SUMPRODUCT(--(F2:F26>E2:E26))"),
    ("Campaigns", "I3", "Over if spend is more than budget, else Under", '=IF(F3>E3,"Over","Under")'),
    ("Campaigns", "I2", "average conversions", "=AVERAGE(H2:H26)"),
    ("Campaigns", "I2", "number of Social campaigns", '=COUNTIF(B2:B26,"Social")'),
    ("Campaigns", "I2", "spend rounded to the nearest hundred", "=ROUND(F2,-2)"),
]

RULES_12 = [
    ("Listings", "A2:H41", "highlight homes in York", "TextEquals(c[1], 'York')"),
    ("Listings", "A2:H41", "highlight listings with 4 or more bedrooms", "GreaterThanEqual(c[2], 4)"),
    ("Listings", "A2:H41", "highlight unsold homes", "Blanks(c[6])"),
    ("Listings", "A2:H41", "highlight Priya Kaur's listings", "TextEquals(c[7], 'Priya Kaur')"),
    ("Staff", "A2:G36", "highlight salaries above 60,000", "GreaterThan(c[5], 60000)"),
    ("Staff", "A2:G36", "highlight the Data team", "TextEquals(c[1], 'Data')"),
    ("Staff", "A2:G36", "highlight people with fewer than 5 days of leave taken", "LessThan(c[4], 5)"),
    ("Campaigns", "A2:H26", "highlight the top 3 campaigns by conversions", "Top(c[7], 3)"),
    ("Campaigns", "A2:H26", "highlight Email and Search campaigns",
     "OR(TextEquals(c[1], 'Email'), TextEquals(c[1], 'Search'))"),
    ("Campaigns", "A2:H26", "highlight clicks below average", "BelowAverage(c[6])"),
]


def seventh_workbook():
    """The workbook set 12 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, ls = _seeded_book(12, "Listings")
    ls.append(["Address", "City", "Bedrooms", "Asking Price", "Sale Price", "Listed", "Sold", "Agent"])
    streets = ["Mill Lane", "Park Road", "Church Street", "Station Road", "High Street", "Grove Avenue"]
    for _ in range(40):
        beds = rng.choice([1, 2, 2, 3, 3, 3, 4, 5])
        asking = rng.randrange(90_000, 160_000, 5000) + beds * 40_000
        listed = dt.datetime(2025, rng.randint(1, 10), rng.randint(1, 28))
        sold = listed + dt.timedelta(days=rng.randint(10, 120)) if rng.random() < 0.7 else None
        ls.append([f"{rng.randint(1, 120)} {rng.choice(streets)}", rng.choice(["Leeds", "York", "Hull", "Bradford"]),
                   beds, asking, round(asking * rng.uniform(0.9, 1.05), -2) if sold else None, listed, sold,
                   rng.choice(["Priya Kaur", "Tom Hughes", "Ana Ruiz"])])
    if ls["G2"].value is None:  # the row the sale requests are asked on has sold
        ls["G2"] = ls["F2"].value + dt.timedelta(days=45)
        ls["E2"] = round(ls["D2"].value * 0.97, -2)
    st = wb.create_sheet("Staff")
    st.append(["Employee", "Team", "Start Date", "Leave Allowance", "Leave Taken", "Salary", "Remote"])
    names = ["Amara Obi", "Lukas Weber", "Sofia Rossi", "Kenji Sato", "Nadia Haddad", "Oscar Lind", "Ruth Cohen"]
    for i in range(35):
        st.append([f"{names[i % 7]} {i // 7 + 1}", rng.choice(["Data", "Sales", "Ops", "Design"]),
                   dt.datetime(rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                   rng.choice([25, 28, 30]), rng.randint(0, 26), rng.randrange(32_000, 95_000, 500),
                   rng.random() < 0.4])
    st["E2"] = 22  # more than 20 days used: Yes
    cp = wb.create_sheet("Campaigns")
    cp.append(["Campaign", "Channel", "Start", "End", "Budget", "Spend", "Clicks", "Conversions"])
    for i in range(25):
        start = dt.datetime(2025, rng.randint(1, 11), rng.randint(1, 28))
        budget = rng.randrange(2000, 20000, 500)
        clicks = rng.randint(300, 9000)
        cp.append([f"CMP-{301 + i}", rng.choice(["Email", "Search", "Social", "Display"]), start,
                   start + dt.timedelta(days=rng.choice([14, 21, 30, 45, 60])), budget,
                   round(budget * rng.uniform(0.6, 1.25), 2), clicks, int(clicks * rng.uniform(0.01, 0.08))])
    cp["F3"] = cp["E3"].value + 730.5  # over budget: Over
    return wb


# A thirteenth set, on an eighth workbook (helpdesk tickets, energy bills, a football league),
# written in the thirteenth session after set 12's changes and before any model or pipeline
# ran on it: the held-out measure of those changes.
FORMULAS_13 = [
    ("Tickets", "H2", "days to close", "=D2-C2"),
    ("Tickets", "H2", "how many tickets are still open", "=COUNTBLANK(D2:D46)"),
    ("Tickets", "H2", "how many Urgent tickets", '=COUNTIF(B2:B46,"Urgent")'),
    ("Tickets", "H2", "average satisfaction for Network tickets", '=AVERAGEIF(F2:F46,"Network",G2:G46)'),
    ("Tickets", "H2", "number of tickets handled by Lena Park", '=COUNTIF(E2:E46,"Lena Park")'),
    ("Tickets", "H2", "month the ticket was opened", "=MONTH(C2)"),
    ("Tickets", "H2", "Escalate if priority is Urgent, otherwise Normal", '=IF(B2="Urgent","Escalate","Normal")'),
    ("Tickets", "H2", "lowest satisfaction score", "=MIN(G2:G46)"),
    ("Tickets", "H2", "ticket number without the T- prefix", '=SUBSTITUTE(A2,"T-","")'),
    ("Tickets", "H2", "satisfaction as a percentage of 5", "=G2/5"),
    ("Energy", "H2", "units used", "=D2-C2"),
    ("Energy", "H2", "cost of the units used", "=(D2-C2)*E2"),
    ("Energy", "H2", "total bill including the standing charge", "=(D2-C2)*E2+F2"),
    ("Energy", "H2", "how many bills are unpaid", '=COUNTIF(G2:G37,"No")'),
    ("Energy", "H2", "average tariff", "=AVERAGE(E2:E37)"),
    ("Energy", "H2", "highest current reading for meter M-02", '=MAXIFS(D2:D37,B2:B37,"M-02")'),
    ("Energy", "H2", "tariff in pence", "=E2*100"),
    ("Energy", "H2", "year of the reading", "=YEAR(A2)"),
    ("Energy", "H2", "standing charge plus 5% VAT", "=F2*(1+5%)"),
    ("Energy", "H2", "number of readings for meter M-03", '=COUNTIF(B2:B37,"M-03")'),
    ("League", "H2", "points: 3 for a win and 1 for a draw", "=C2*3+D2"),
    ("League", "H2", "goal difference", "=F2-G2"),
    ("League", "H2", "win percentage", "=C2/B2"),
    ("League", "H2", "most goals scored", "=MAX(F2:F21)"),
    ("League", "H2", "average goals against", "=AVERAGE(G2:G21)"),
    ("League", "H2", "how many teams have more wins than losses", "=SUMPRODUCT(--(C2:C21>E2:E21))"),
    ("League", "H2", "team name in upper case", "=UPPER(A2)"),
    ("League", "H2", "goals per game", "=F2/B2"),
    ("League", "H2", "Promoted if won 15 or more, else blank", '=IF(C2>=15,"Promoted","")'),
    ("League", "H2", "total goals scored in the league", "=SUM(F2:F21)"),
]

RULES_13 = [
    ("Tickets", "A2:G46", "highlight High and Urgent tickets",
     "OR(TextEquals(c[1], 'High'), TextEquals(c[1], 'Urgent'))"),
    ("Tickets", "A2:G46", "highlight open tickets", "Blanks(c[3])"),
    ("Tickets", "A2:G46", "highlight satisfaction of 4 or more", "GreaterThanEqual(c[6], 4)"),
    ("Tickets", "A2:G46", "highlight Lena Park's tickets", "TextEquals(c[4], 'Lena Park')"),
    ("Energy", "A2:G37", "highlight unpaid bills", "TextEquals(c[6], 'No')"),
    ("Energy", "A2:G37", "highlight tariffs above 0.30", "GreaterThan(c[4], 0.3)"),
    ("Energy", "A2:G37", "highlight meter M-01", "TextEquals(c[1], 'M-01')"),
    ("League", "A2:G21", "highlight the top 4 teams by wins", "Top(c[2], 4)"),
    ("League", "A2:G21", "highlight teams with more than 40 goals against", "GreaterThan(c[6], 40)"),
    ("League", "A2:G21", "highlight teams that lost fewer than 5 games", "LessThan(c[4], 5)"),
]


def eighth_workbook():
    """The workbook set 13 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, tk = _seeded_book(13, "Tickets")
    tk.append(["Ticket", "Priority", "Opened", "Closed", "Agent", "Category", "Satisfaction"])
    for i in range(45):
        opened = dt.datetime(2025, rng.randint(1, 11), rng.randint(1, 28))
        closed = opened + dt.timedelta(days=rng.randint(0, 14)) if rng.random() < 0.75 else None
        tk.append([f"T-{9001 + i}", rng.choice(["Low", "Medium", "High", "Urgent"]), opened, closed,
                   rng.choice(["Lena Park", "Raj Mehta", "Eva Novak"]),
                   rng.choice(["Hardware", "Software", "Network", "Access"]),
                   rng.randint(1, 5) if closed else None])
    tk["B2"] = "Urgent"  # the row the Escalate request is asked on
    tk["D2"], tk["G2"] = tk["C2"].value + dt.timedelta(days=3), 4  # closed, rated
    en = wb.create_sheet("Energy")
    en.append(["Month", "Meter", "Previous Reading", "Current Reading", "Tariff", "Standing Charge", "Paid"])
    for i in range(36):
        prev = rng.randint(1000, 60000)
        en.append([dt.datetime(2023 + i // 12, i % 12 + 1, 1), f"M-0{i % 3 + 1}", prev, prev + rng.randint(90, 900),
                   rng.choice([0.24, 0.27, 0.31, 0.34]), rng.choice([12.5, 15.0, 18.75]),
                   rng.choice(["Yes", "Yes", "No"])])
    lg = wb.create_sheet("League")
    lg.append(["Team", "Played", "Won", "Drawn", "Lost", "Goals For", "Goals Against"])
    teams = ["Ashford", "Brookfield", "Castleton", "Dunmore", "Eastwick", "Fairhaven", "Glenbrook", "Hollowell",
             "Ironbridge", "Kingsmere", "Lakeside", "Millbrook", "Northgate", "Oakridge", "Pinecrest", "Queensbury",
             "Riverside", "Stonehill", "Thornbury", "Westfield"]
    for name in teams:
        won = rng.randint(3, 22)
        drawn = rng.randint(2, 10)
        lost = 30 - won - drawn
        if lost < 0:
            won, lost = won + lost, 0
        lg.append([name, 30, won, drawn, lost, rng.randint(20, 75), rng.randint(18, 70)])
    lg["C2"], lg["D2"], lg["E2"] = 16, 6, 8  # 16 wins: Promoted
    return wb


# A fourteenth set, on a ninth workbook (flights, donations, a café's orders), written at the
# end of the thirteenth session after set 13's changes and before any model or pipeline ran on
# it: the held-out measure of those changes, run once and not read for changes.
FORMULAS_14 = [
    ("Flights", "I3", "load factor", "=F3/G3"),
    ("Flights", "I3", "empty seats", "=G3-F3"),
    ("Flights", "I2", "revenue for the flight (passengers times fare)", "=F2*H2"),
    ("Flights", "I2", "how many flights to Lisbon", '=COUNTIF(C2:C41,"Lisbon")'),
    ("Flights", "I2", "average fare from Dublin", '=AVERAGEIF(B2:B41,"Dublin",H2:H41)'),
    ("Flights", "I2", "busiest flight's passenger count", "=MAX(F2:F41)"),
    ("Flights", "I2", "Full if passengers equal capacity, else Seats left", '=IF(F2=G2,"Full","Seats left")'),
    ("Flights", "I2", "departure month name", '=TEXT(D2,"mmmm")'),
    ("Flights", "I2", "fare including a 12 euro airport tax", "=H2+12"),
    ("Flights", "I2", "total passengers on flights to Rome", '=SUMIF(C2:C41,"Rome",F2:F41)'),
    ("Donations", "H2", "amount with gift aid added (25%)", "=D2*(1+25%)"),
    ("Donations", "H2", "how many recurring donors", "=COUNTIF(F2:F51,TRUE)"),
    ("Donations", "H2", "total given to the Winter Appeal", '=SUMIF(B2:B51,"Winter Appeal",D2:D51)'),
    ("Donations", "H2", "largest single donation", "=MAX(D2:D51)"),
    ("Donations", "H2", "average donation from Ireland", '=AVERAGEIF(G2:G51,"Ireland",D2:D51)'),
    ("Donations", "H2", "donor's first name", '=LEFT(A2,FIND(" ",A2)-1)'),
    ("Donations", "H2", "how many donations are eligible for gift aid", '=COUNTIF(E2:E51,"Yes")'),
    ("Donations", "H2", "year of the donation", "=YEAR(C2)"),
    ("Donations", "H3", "Major if the amount is 1000 or more, else Standard", '=IF(D3>=1000,"Major","Standard")'),
    ("Donations", "H2", "donations to the Spring Appeal over 100", '=COUNTIFS(B2:B51,"Spring Appeal",D2:D51,">100")'),
    ("Cafe", "H2", "order total", "=D2*E2"),
    ("Cafe", "H2", "how many Food orders", '=COUNTIF(C2:C61,"Food")'),
    ("Cafe", "H2", "total quantity of Latte sold", '=SUMIF(B2:B61,"Latte",E2:E61)'),
    ("Cafe", "H2", "average price of a Cold Drink", '=AVERAGEIF(C2:C61,"Cold Drink",D2:D61)'),
    ("Cafe", "H2", "item name in lower case", "=LOWER(B2)"),
    ("Cafe", "H2", "price with 10% service added", "=D2*(1+10%)"),
    ("Cafe", "H2", "most expensive item price", "=MAX(D2:D61)"),
    ("Cafe", "H2", "orders taken by Mila", '=COUNTIF(F2:F61,"Mila")'),
    ("Cafe", "H2", "first 3 letters of the item", "=LEFT(B2,3)"),
    ("Cafe", "H2", "price rounded up to the nearest 0.5", "=CEILING(D2,0.5)"),
]

RULES_14 = [
    ("Flights", "A2:H41", "highlight flights to Paris", "TextEquals(c[2], 'Paris')"),
    ("Flights", "A2:H41", "highlight flights with fewer than 100 passengers", "LessThan(c[5], 100)"),
    ("Flights", "A2:H41", "highlight the 5 highest fares", "Top(c[7], 5)"),
    ("Donations", "A2:G51", "highlight donations over 500", "GreaterThan(c[3], 500)"),
    ("Donations", "A2:G51", "highlight donors from Scotland", "TextEquals(c[6], 'Scotland')"),
    ("Donations", "A2:G51", "highlight donations without gift aid", "TextEquals(c[4], 'No')"),
    ("Cafe", "A2:G61", "highlight Hot Drink orders", "TextEquals(c[2], 'Hot Drink')"),
    ("Cafe", "A2:G61", "highlight orders of 3 or more items", "GreaterThanEqual(c[4], 3)"),
    ("Cafe", "A2:G61", "highlight Mila's and Theo's orders",
     "OR(TextEquals(c[5], 'Mila'), TextEquals(c[5], 'Theo'))"),
    ("Cafe", "A2:G61", "highlight prices below average", "BelowAverage(c[3])"),
]


# A fifteenth set, on a tenth workbook (shipments, exam results, subscriptions), written in the
# fourteenth session after the catalogue of common shapes (cfdesk.catalog) was built and before
# any model or pipeline ran on it.
FORMULAS_15 = [
    ("Shipments", "H2", "days in transit", "=E2-D2"),
    ("Shipments", "H2", "cost per kg", "=G2/F2"),
    ("Shipments", "H2", "how many shipments went with DHL", '=COUNTIF(B2:B46,"DHL")'),
    ("Shipments", "H2", "total shipping cost for UPS", '=SUMIF(B2:B46,"UPS",G2:G46)'),
    ("Shipments", "H2", "heaviest shipment", "=MAX(F2:F46)"),
    ("Shipments", "H2", "weight rounded down to a whole kg", "=INT(F2)"),
    ("Shipments", "H2", "destination city in upper case", "=UPPER(C2)"),
    ("Shipments", "H3", "Late if it took more than 5 days, otherwise On time", '=IF(E3-D3>5,"Late","On time")'),
    ("Shipments", "H2", "average weight of shipments to Oslo", '=AVERAGEIF(C2:C46,"Oslo",F2:F46)'),
    ("Shipments", "H2", "the weekday it shipped", '=TEXT(D2,"dddd")'),
    ("Results", "H2", "average of the two tests", "=AVERAGE(C2:D2)"),
    ("Results", "H2", "change from test 1 to test 2", "=D2-C2"),
    ("Results", "H2", "how many students passed", "=COUNTIF(G2:G41,TRUE)"),
    ("Results", "H2", "highest final exam mark", "=MAX(E2:E41)"),
    ("Results", "H2", "final exam as a percentage of 80", "=E2/80"),
    ("Results", "H3", "if absences are over 6 show Warning, else leave it blank", '=IF(F3>6,"Warning","")'),
    ("Results", "H2", "average final mark for class 10B", '=AVERAGEIF(B2:B41,"10B",E2:E41)'),
    ("Results", "H2", "how spread out are the final marks", "=STDEV(E2:E41)"),
    ("Results", "H2", "student's surname", '=MID(A2,FIND(" ",A2)+1,100)'),
    ("Results", "H2", "number of students in class 10A", '=COUNTIF(B2:B41,"10A")'),
    ("Subscriptions", "H2", "total paid so far = monthly price x months", "=D2*E2"),
    ("Subscriptions", "H2", "annual price", "=D2*12"),
    ("Subscriptions", "H2", "how many subscriptions renew automatically", "=COUNTIF(F2:F51,TRUE)"),
    ("Subscriptions", "H2", "year the subscription started", "=YEAR(C2)"),
    ("Subscriptions", "H2", "total monthly revenue from Premium plans", '=SUMIF(B2:B51,"Premium",D2:D51)'),
    ("Subscriptions", "H2", "cheapest monthly price", "=MIN(D2:D51)"),
    ("Subscriptions", "H2", "monthly price with 20% VAT", "=D2*1.2"),
    ("Subscriptions", "H2", "number of customers in Norway", '=COUNTIF(G2:G51,"Norway")'),
    ("Subscriptions", "H2", "first 3 letters of the country", "=LEFT(G2,3)"),
    ("Subscriptions", "H2", "median number of months", "=MEDIAN(E2:E51)"),
]

RULES_15 = [
    ("Shipments", "A2:G46", "highlight shipments heavier than 40 kg", "GreaterThan(c[5], 40)"),
    ("Shipments", "A2:G46", "highlight FedEx shipments", "TextEquals(c[1], 'FedEx')"),
    ("Shipments", "A2:G46", "colour the 5 most expensive shipments", "Top(c[6], 5)"),
    ("Results", "A2:G41", "highlight students who failed", "TextEquals(c[6], 'FALSE')"),
    ("Results", "A2:G41", "highlight final marks below 40", "LessThan(c[4], 40)"),
    ("Results", "A2:G41", "shade class 10C", "TextEquals(c[1], '10C')"),
    ("Subscriptions", "A2:G51", "highlight Basic plans", "TextEquals(c[1], 'Basic')"),
    ("Subscriptions", "A2:G51", "highlight subscriptions longer than 24 months", "GreaterThan(c[4], 24)"),
    ("Subscriptions", "A2:G51", "highlight monthly prices above average", "AboveAverage(c[3])"),
    ("Subscriptions", "A2:G51", "highlight customers outside Sweden", "TextNotContains(c[6], 'Sweden')"),
]


# A sixteenth set, on an eleventh workbook (work orders, invoices, volunteers), written in the
# fourteenth session after its changes (the catalogue and set 15's findings) and before any
# model or pipeline ran on it: the held-out measure of those changes.
FORMULAS_16 = [
    ("Orders", "H2", "hours spent times 45 per hour", "=E2*45"),
    ("Orders", "H2", "days the work order stayed open", "=D2-C2"),
    ("Orders", "H2", "how many urgent work orders", "=COUNTIF(G2:G41,TRUE)"),
    ("Orders", "H2", "total parts cost for Ines", '=SUMIF(B2:B41,"Ines",F2:F41)'),
    ("Orders", "H2", "average hours per order", "=AVERAGE(E2:E41)"),
    ("Orders", "H2", "parts cost rounded to whole euros", "=ROUND(F2,0)"),
    ("Orders", "H3", "Long job when hours exceed 6, otherwise Short", '=IF(E3>6,"Long","Short")'),
    ("Orders", "H2", "labour plus parts = hours x 45 + parts cost", "=E2*45+F2"),
    ("Orders", "H2", "month the order was opened", "=MONTH(C2)"),
    ("Orders", "H2", "most hours on a single order", "=MAX(E2:E41)"),
    ("Invoices", "H2", "amount with 25% VAT", "=E2*1.25"),
    ("Invoices", "H2", "how many invoices are unpaid", '=COUNTIF(F2:F51,"No")'),
    ("Invoices", "H2", "total invoiced to Nordlys AS", '=SUMIF(B2:B51,"Nordlys AS",E2:E51)'),
    ("Invoices", "H2", "days allowed for payment", "=D2-C2"),
    ("Invoices", "H2", "year of the invoice date", "=YEAR(C2)"),
    ("Invoices", "H2", "smallest invoice amount", "=MIN(E2:E51)"),
    ("Invoices", "H2", "number of invoices in the West region", '=COUNTIF(G2:G51,"West")'),
    ("Invoices", "H2", "amount as a share of all invoices", "=E2/SUM($E$2:$E$51)"),
    ("Invoices", "H2", "client name in capitals", "=UPPER(B2)"),
    ("Invoices", "H2", "average amount for the North region", '=AVERAGEIF(G2:G51,"North",E2:E51)'),
    ("Volunteers", "H2", "hours per shift", "=D2/E2"),
    ("Volunteers", "H2", "first name", '=LEFT(A2,FIND(" ",A2)-1)'),
    ("Volunteers", "H2", "how many volunteers are in the Kitchen team", '=COUNTIF(B2:B36,"Kitchen")'),
    ("Volunteers", "H2", "total hours given by the Garden team", '=SUMIF(B2:B36,"Garden",D2:D36)'),
    ("Volunteers", "H2", "year they joined", "=YEAR(C2)"),
    ("Volunteers", "H2", "count the active volunteers", '=COUNTIF(F2:F36,"Yes")'),
    ("Volunteers", "H3", "Star if hours are 100 or more, else leave blank", '=IF(D3>=100,"Star","")'),
    ("Volunteers", "H2", "median hours", "=MEDIAN(D2:D36)"),
    ("Volunteers", "H2", "city in lower case", "=LOWER(G2)"),
    ("Volunteers", "H2", "number of shifts rounded up to the next 10", "=CEILING(E2,10)"),
]

RULES_16 = [
    ("Orders", "A2:G41", "highlight urgent orders", "TextEquals(c[6], 'TRUE')"),
    ("Orders", "A2:G41", "highlight orders with more than 8 hours", "GreaterThan(c[4], 8)"),
    ("Orders", "A2:G41", "shade the work done by Tomas", "TextEquals(c[1], 'Tomas')"),
    ("Invoices", "A2:G51", "highlight unpaid invoices", "TextEquals(c[5], 'No')"),
    ("Invoices", "A2:G51", "highlight invoices of 5,000 or more", "GreaterThanEqual(c[4], 5000)"),
    ("Invoices", "A2:G51", "colour the 3 largest invoices", "Top(c[4], 3)"),
    ("Invoices", "A2:G51", "highlight invoices not from the East region", "TextNotContains(c[6], 'East')"),
    ("Volunteers", "A2:G36", "highlight inactive volunteers", "TextEquals(c[5], 'No')"),
    ("Volunteers", "A2:G36", "highlight volunteers in Bergen", "TextEquals(c[6], 'Bergen')"),
    ("Volunteers", "A2:G36", "highlight hours below average", "BelowAverage(c[3])"),
]



# A seventeenth set, on a twelfth workbook (harvest fields, training courses, mileage claims),
# written in the fifteenth session after its first change (rules for TRUE/FALSE, symbols and
# codes) and before any model or pipeline ran on it.
FORMULAS_17 = [
    ("Harvest", "H2", "yield per hectare", "=F2/E2"),
    ("Harvest", "H2", "how many days between planting and harvest", "=D2-C2"),
    ("Harvest", "H2", "total yield of wheat", '=SUMIF(B2:B46,"Wheat",F2:F46)'),
    ("Harvest", "H2", "number of organic fields", "=COUNTIF(G2:G46,TRUE)"),
    ("Harvest", "H2", "the biggest field area", "=MAX(E2:E46)"),
    ("Harvest", "H2", "yield in kg", "=F2*1000"),
    ("Harvest", "H2", "Good if yield per ha is above 5, else Poor", '=IF(F2/E2>5,"Good","Poor")'),
    ("Harvest", "H2", "average area of the barley fields", '=AVERAGEIF(B2:B46,"Barley",E2:E46)'),
    ("Harvest", "H2", "week number of the harvest date", "=WEEKNUM(D2)"),
    ("Harvest", "H2", "yield rounded to the nearest tonne", "=ROUND(F2,0)"),
    ("Courses", "I2", "free seats", "=E2-F2"),
    ("Courses", "I2", "fill rate", "=F2/E2"),
    ("Courses", "I2", "revenue = fee times enrolled", "=G2*F2"),
    ("Courses", "I2", "course fee including 12% VAT", "=G2*1.12"),
    ("Courses", "I2", "how many courses are online", '=COUNTIF(H2:H31,"Yes")'),
    ("Courses", "I2", "total enrolled on Bea's courses", '=SUMIF(B2:B31,"Bea",F2:F31)'),
    ("Courses", "I2", "Full if enrolled equals seats otherwise Open", '=IF(F2=E2,"Full","Open")'),
    ("Courses", "I2", "day of the week the course starts", '=TEXT(C2,"dddd")'),
    ("Courses", "I2", "highest fee", "=MAX(G2:G31)"),
    ("Courses", "I2", "average number of days per course", "=AVERAGE(D2:D31)"),
    ("Mileage", "G2", "reimbursement at 0.35 per km", "=C2*0.35"),
    ("Mileage", "G2", "reimbursement at 0.35 per km plus toll", "=C2*0.35+F2"),
    ("Mileage", "G2", "total km driven", "=SUM(C2:C41)"),
    ("Mileage", "G2", "how many trips were approved", '=COUNTIF(E2:E41,"Y")'),
    ("Mileage", "G2", "km driven by Pia Holm", '=SUMIF(A2:A41,"Pia Holm",C2:C41)'),
    ("Mileage", "G2", "last name of the employee", '=RIGHT(A2,LEN(A2)-FIND(" ",A2))'),
    ("Mileage", "G2", "month name of the trip", '=TEXT(B2,"mmmm")'),
    ("Mileage", "G2", "Long trip if km is over 300, else blank", '=IF(C2>300,"Long trip","")'),
    ("Mileage", "G2", "number of client visits", '=COUNTIF(D2:D41,"Client visit")'),
    ("Mileage", "G2", "average toll paid", "=AVERAGE(F2:F41)"),
]

RULES_17 = [
    ("Harvest", "A2:G46", "highlight organic fields", "TextEquals(c[6], 'TRUE')"),
    ("Harvest", "A2:G46", "highlight fields larger than 20 hectares", "GreaterThan(c[4], 20)"),
    ("Harvest", "A2:G46", "colour the rye rows", "TextEquals(c[1], 'Rye')"),
    ("Harvest", "A2:G46", "highlight the 5 best yields", "Top(c[5], 5)"),
    ("Courses", "A2:H31", "highlight courses with fees under 500", "LessThan(c[6], 500)"),
    ("Courses", "A2:H31", "shade courses run by Dina", "TextEquals(c[1], 'Dina')"),
    ("Courses", "A2:H31", "highlight classroom courses, the ones not online", "TextEquals(c[7], 'No')"),
    ("Mileage", "A2:F41", "highlight trips that are not approved", "TextEquals(c[4], 'N')"),
    ("Mileage", "A2:F41", "highlight trips of 500 km or more", "GreaterThanEqual(c[2], 500)"),
    ("Mileage", "A2:F41", "highlight tolls above average", "AboveAverage(c[5])"),
]


# An eighteenth set, on a thirteenth workbook (tenants, recipes, bike repairs), written in the
# fifteenth session after set 17's fixes and before any model or pipeline ran on it: the
# held-out measure of those fixes.
FORMULAS_18 = [
    ("Tenants", "H2", "lease length in days", "=D2-C2"),
    ("Tenants", "H2", "yearly rent", "=E2*12"),
    ("Tenants", "H2", "deposit as a multiple of the monthly rent", "=F2/E2"),
    ("Tenants", "H2", "how many tenants have pets", "=COUNTIF(G2:G37,TRUE)"),
    ("Tenants", "H2", "total monthly rent of all units", "=SUM(E2:E37)"),
    ("Tenants", "H2", "tenant's first name", '=LEFT(B2,FIND(" ",B2)-1)'),
    ("Tenants", "H2", "rent after a 3% increase", "=E2*(1+3%)"),
    ("Tenants", "H2", "Expiring if the lease ends before 2026-06-30, otherwise Active",
     '=IF(D2<DATE(2026,6,30),"Expiring","Active")'),
    ("Tenants", "H2", "year the lease ends", "=YEAR(D2)"),
    ("Tenants", "H2", "average rent for units with pets", "=AVERAGEIF(G2:G37,TRUE,E2:E37)"),
    ("Recipes", "H2", "total time = prep + cook", "=C2+D2"),
    ("Recipes", "H2", "cost for the whole recipe", "=F2*E2"),
    ("Recipes", "H2", "number of vegan dishes", '=COUNTIF(G2:G31,"Yes")'),
    ("Recipes", "H2", "average cook time of desserts", '=AVERAGEIF(B2:B31,"Dessert",D2:D31)'),
    ("Recipes", "H2", "Quick if prep plus cook is under 30 minutes, else Slow", '=IF(C2+D2<30,"Quick","Slow")'),
    ("Recipes", "H2", "longest cook time", "=MAX(D2:D31)"),
    ("Recipes", "H2", "cost per serving rounded to 2 decimals", "=ROUND(F2,2)"),
    ("Recipes", "H2", "dish name in upper case", "=UPPER(A2)"),
    ("Recipes", "H2", "cheapest cost per serving among mains", '=MINIFS(F2:F31,B2:B31,"Main")'),
    ("Recipes", "H2", "C2 divided by D2", "=C2/D2"),
    ("Repairs", "H2", "turnaround in days", "=D2-C2"),
    ("Repairs", "H2", "labour cost at 65 per hour", "=E2*65"),
    ("Repairs", "H2", "total bill: labour at 65/h plus parts", "=E2*65+F2"),
    ("Repairs", "H2", "how many repairs were under warranty", '=COUNTIF(G2:G41,"Y")'),
    ("Repairs", "H2", "parts spent on Maja Dahl's repairs", '=SUMIF(B2:B41,"Maja Dahl",F2:F41)'),
    ("Repairs", "H2", "month the repair came in", "=MONTH(C2)"),
    ("Repairs", "H2", "weekday name it was done", '=TEXT(D2,"dddd")'),
    ("Repairs", "H2", "average labour hours", "=AVERAGE(E2:E41)"),
    ("Repairs", "H2", "Warranty if column G is Y, otherwise Paid", '=IF(G2="Y","Warranty","Paid")'),
    ("Repairs", "H2", "number of repairs with more than 3 labour hours", '=COUNTIF(E2:E41,">3")'),
]

RULES_18 = [
    ("Tenants", "A2:G37", "highlight units with pets", "TextEquals(c[6], 'TRUE')"),
    ("Tenants", "A2:G37", "highlight rents over 1,500", "GreaterThan(c[4], 1500)"),
    ("Tenants", "A2:G37", "highlight the 3 lowest deposits", "Bottom(c[5], 3)"),
    ("Recipes", "A2:G31", "highlight vegan dishes", "TextEquals(c[6], 'Yes')"),
    ("Recipes", "A2:G31", "shade desserts", "TextEquals(c[1], 'Dessert')"),
    ("Recipes", "A2:G31", "highlight dishes that serve at least 6", "GreaterThanEqual(c[4], 6)"),
    ("Recipes", "A2:G31", "highlight costs per serving above average", "AboveAverage(c[5])"),
    ("Repairs", "A2:G41", "highlight repairs not under warranty", "TextEquals(c[6], 'N')"),
    ("Repairs", "A2:G41", "highlight jobs with more than 4 labour hours", "GreaterThan(c[4], 4)"),
    ("Repairs", "A2:G41", "colour Tomas Berg's repairs", "TextEquals(c[1], 'Tomas Berg')"),
]


# A nineteenth set, on a fourteenth workbook (clinic patients, gym classes, export shipments),
# written at the start of the sixteenth session before any model or pipeline ran on it: the
# held-out measure of the fifteenth session's fixes.
FORMULAS_19 = [
    ("Patients", "I2", "age at the visit in years", '=DATEDIF(C2,D2,"y")'),
    ("Patients", "I2", "BMI from weight and height in cm", "=E2/(F2/100)^2"),
    ("Patients", "I2", "weight in pounds, kg times 2.2046", "=E2*2.2046"),
    ("Patients", "I2", "number of smokers", '=COUNTIF(H2:H41,"Yes")'),
    ("Patients", "I2", "average systolic of smokers", '=AVERAGEIF(H2:H41,"Yes",G2:G41)'),
    ("Patients", "I5", "High if systolic is 140 or more, otherwise Normal", '=IF(G5>=140,"High","Normal")'),
    ("Patients", "I2", "patient's last name", '=MID(B2,FIND(" ",B2)+1,100)'),
    ("Patients", "I2", "days since the visit as of 2026-11-01", "=DATE(2026,11,1)-D2"),
    ("Patients", "I2", "tallest height", "=MAX(F2:F41)"),
    ("Patients", "I2", "E2 divided by F2", "=E2/F2"),
    ("Classes", "H2", "free spots", "=D2-E2"),
    ("Classes", "H2", "revenue from bookings", "=E2*F2"),
    ("Classes", "H2", "how full the class is as a percentage", "=E2/D2"),
    ("Classes", "H2", "total bookings for Yoga classes", '=SUMIF(A2:A31,"Yoga",E2:E31)'),
    ("Classes", "H2", "number of cancelled classes", "=COUNTIF(G2:G31,TRUE)"),
    ("Classes", "H9", "Waitlist if booked is more than 90% of capacity, otherwise blank",
     '=IF(E9>0.9*D9,"Waitlist","")'),
    ("Classes", "H2", "day of the week of the class", '=TEXT(C2,"dddd")'),
    ("Classes", "H2", "how many classes Nina teaches", '=COUNTIF(B2:B31,"Nina")'),
    ("Classes", "H2", "price with a 25% member discount", "=F2*(1-25%)"),
    ("Classes", "H2", "highest price", "=MAX(F2:F31)"),
    ("Exports", "H2", "value per tonne", "=E2/D2"),
    ("Exports", "H2", "freight as a share of value", "=F2/E2"),
    ("Exports", "H2", "total value shipped to Germany", '=SUMIF(B2:B41,"Germany",E2:E41)'),
    ("Exports", "H2", "number of CIF orders", '=COUNTIF(G2:G41,"CIF")'),
    ("Exports", "H2", "quarter of the ship date", "=ROUNDUP(MONTH(C2)/3,0)"),
    ("Exports", "H2", "value in euros at 0.92", "=E2*0.92"),
    ("Exports", "H2", "Heavy if weight is over 20 t, else Light", '=IF(D2>20,"Heavy","Light")'),
    ("Exports", "H2", "landed cost: value plus freight", "=E2+F2"),
    ("Exports", "H2", "average freight", "=AVERAGE(F2:F41)"),
    ("Exports", "H2", "first 3 letters of the country in capitals", "=UPPER(LEFT(B2,3))"),
]

RULES_19 = [
    ("Patients", "A2:H41", "highlight smokers", "TextEquals(c[7], 'Yes')"),
    ("Patients", "A2:H41", "flag systolic readings of 140 and above", "GreaterThanEqual(c[6], 140)"),
    ("Patients", "A2:H41", "highlight the 5 heaviest patients", "Top(c[4], 5)"),
    ("Classes", "A2:G31", "highlight cancelled classes", "TextEquals(c[6], 'TRUE')"),
    ("Classes", "A2:G31", "highlight classes with fewer than 5 bookings", "LessThan(c[4], 5)"),
    ("Classes", "A2:G31", "mark Pilates sessions", "TextEquals(c[0], 'Pilates')"),
    ("Exports", "A2:G41", "highlight shipments to Japan", "TextEquals(c[1], 'Japan')"),
    ("Exports", "A2:G41", "highlight orders worth more than 50,000", "GreaterThan(c[4], 50000)"),
    ("Exports", "A2:G41", "highlight freight costs below average", "BelowAverage(c[5])"),
    ("Exports", "A2:G41", "highlight FOB orders", "TextEquals(c[6], 'FOB')"),
]



# A twentieth set, on a fifteenth workbook (library loans, solar sites, lab samples), written
# in the sixteenth session after set 19's fixes and before any model or pipeline ran on it:
# the held-out measure of those fixes.
FORMULAS_20 = [
    ("Library", "H3", "days late", "=MAX(0,E3-D3)"),
    ("Library", "H3", "fine: 0.25 per day late", "=MAX(0,E3-D3)*0.25"),
    ("Library", "H3", "Late if returned after the due date, otherwise On time",
     '=IF(E3>D3,"Late","On time")'),
    ("Library", "H2", "loan period in days", "=D2-C2"),
    ("Library", "H2", "how many books has Ida Sund borrowed", '=COUNTIF(B2:B36,"Ida Sund")'),
    ("Library", "H2", "average pages of crime books", '=AVERAGEIF(G2:G36,"Crime",F2:F36)'),
    ("Library", "H2", "longest book in pages", "=MAX(F2:F36)"),
    ("Library", "H2", "title in capitals", "=UPPER(A2)"),
    ("Library", "H2", "name of the month it was borrowed", '=TEXT(C2,"mmmm")'),
    ("Library", "H2", "pages read per day while on loan", "=F2/(E2-C2)"),
    ("Solar", "H2", "kWh per kW of capacity", "=D2/C2"),
    ("Solar", "H2", "value of the power generated at the tariff", "=D2*E2"),
    ("Solar", "H2", "year installed", "=YEAR(B2)"),
    ("Solar", "H2", "total capacity in the North region", '=SUMIF(G2:G31,"North",C2:C31)'),
    ("Solar", "H2", "number of sites not yet inspected", "=COUNTIF(F2:F31,FALSE)"),
    ("Solar", "H10", "Large if capacity is 50 kW or more, else Small", '=IF(C10>=50,"Large","Small")'),
    ("Solar", "H2", "generation in MWh", "=D2/1000"),
    ("Solar", "H2", "average tariff", "=AVERAGE(E2:E31)"),
    ("Solar", "H2", "share of all generation", "=D2/SUM(D2:D31)"),
    ("Solar", "H2", "site name without the SOL- prefix", '=SUBSTITUTE(A2,"SOL-","")'),
    ("Samples", "H2", "days from collection to testing", "=D2-C2"),
    ("Samples", "H2", "temperature in Fahrenheit", "=F2*9/5+32"),
    ("Samples", "H6", "Acidic if pH is below 7, otherwise Alkaline", '=IF(E6<7,"Acidic","Alkaline")'),
    ("Samples", "H2", "how many samples are contaminated", '=COUNTIF(G2:G41,"Y")'),
    ("Samples", "H2", "highest pH at the Oslo lab", '=MAXIFS(E2:E41,B2:B41,"Oslo")'),
    ("Samples", "H2", "pH rounded to 1 decimal", "=ROUND(E2,1)"),
    ("Samples", "H2", "E2 minus 7", "=E2-7"),
    ("Samples", "H2", "average temperature", "=AVERAGE(F2:F41)"),
    ("Samples", "H2", "weekday the sample was tested", '=TEXT(D2,"dddd")'),
    ("Samples", "H2", "number of samples tested after 2026-03-01", '=COUNTIF(D2:D41,">"&DATE(2026,3,1))'),
]

RULES_20 = [
    ("Library", "A2:G36", "highlight crime novels", "TextEquals(c[6], 'Crime')"),
    ("Library", "A2:G36", "highlight books over 500 pages", "GreaterThan(c[5], 500)"),
    ("Library", "A2:G36", "mark Ida Sund's loans", "TextEquals(c[1], 'Ida Sund')"),
    ("Solar", "A2:G31", "highlight sites that haven't been inspected", "TextEquals(c[5], 'FALSE')"),
    ("Solar", "A2:G31", "highlight the top 3 generating sites", "Top(c[3], 3)"),
    ("Solar", "A2:G31", "colour tariffs below 0.10", "LessThan(c[4], 0.1)"),
    ("Samples", "A2:G41", "highlight contaminated samples", "TextEquals(c[6], 'Y')"),
    ("Samples", "A2:G41", "flag pH under 6.5", "LessThan(c[4], 6.5)"),
    ("Samples", "A2:G41", "highlight temperatures above average", "AboveAverage(c[5])"),
    ("Samples", "A2:G41", "highlight samples from the Bergen lab", "TextEquals(c[1], 'Bergen')"),
]


FORMULAS_21 = [
    ("Hotel", "I2", "number of nights", "=E2-D2"),
    ("Hotel", "I2", "total cost of the stay", "=(E2-D2)*F2"),
    ("Hotel", "I2", "how many bookings include breakfast", "=COUNTIF(H2:H36,TRUE)"),
    ("Hotel", "I2", "average nightly rate for suites", '=AVERAGEIF(C2:C36,"Suite",F2:F36)'),
    ("Hotel", "I4", "Long stay if 7 nights or more, otherwise Short", '=IF(E4-D4>=7,"Long stay","Short")'),
    ("Hotel", "I2", "guest's surname", '=MID(B2,FIND(" ",B2)+1,100)'),
    ("Hotel", "I2", "day of the week they check in", '=TEXT(D2,"dddd")'),
    ("Hotel", "I2", "rate including 12% VAT", "=F2*1.12"),
    ("Hotel", "I2", "total number of guests", "=SUM(G2:G36)"),
    ("Hotel", "I2", "price per guest per night", "=F2/G2"),
    ("Stores", "H2", "sales per square metre", "=E2/D2"),
    ("Stores", "H2", "did the store hit its target? Yes or No", '=IF(E2>=F2,"Yes","No")'),
    ("Stores", "H2", "% of target achieved", "=E2/F2"),
    ("Stores", "H2", "how many stores are in Leeds", '=COUNTIF(B2:B31,"Leeds")'),
    ("Stores", "H2", "total sales across all stores", "=SUM(E2:E31)"),
    ("Stores", "H2", "sales per employee", "=E2/G2"),
    ("Stores", "H2", "year the store opened", "=YEAR(C2)"),
    ("Stores", "H2", "gap between target and sales", "=F2-E2"),
    ("Stores", "H2", "largest floor area", "=MAX(D2:D31)"),
    ("Stores", "H2", "rank of the store by sales", "=RANK(E2,$E$2:$E$31)"),
    ("Rides", "H2", "average ride length in minutes", "=AVERAGE(D2:D41)"),
    ("Rides", "H2", "speed in km/h", "=E2/(D2/60)"),
    ("Rides", "H2", "number of rides on electric bikes", '=COUNTIF(G2:G41,"Electric")'),
    ("Rides", "H2", "total distance ridden by members", '=SUMIF(F2:F41,"Yes",E2:E41)'),
    ("Rides", "H2", "fare: 1 plus 0.15 per minute", "=1+0.15*D2"),
    ("Rides", "H2", "longest ride in km from Central station", '=MAXIFS(E2:E41,B2:B41,"Central")'),
    ("Rides", "H2", "distance in miles", "=E2/1.609344"),
    ("Rides", "H5", "Short if under 10 minutes, otherwise Normal", '=IF(D5<10,"Short","Normal")'),
    ("Rides", "H2", "D2 divided by 60", "=D2/60"),
    ("Rides", "H2", "month of the ride", "=MONTH(C2)"),
]

RULES_21 = [
    ("Hotel", "A2:H36", "highlight suites", "TextEquals(c[2], 'Suite')"),
    ("Hotel", "A2:H36", "highlight bookings with more than 2 guests", "GreaterThan(c[6], 2)"),
    ("Hotel", "A2:H36", "colour stays that include breakfast", "TextEquals(c[7], 'TRUE')"),
    ("Stores", "A2:G31", "highlight stores that missed their target", "=$E2<$F2"),
    ("Stores", "A2:G31", "highlight the 5 stores with the lowest sales", "Bottom(c[4], 5)"),
    ("Stores", "A2:G31", "highlight stores in Bristol", "TextEquals(c[1], 'Bristol')"),
    ("Rides", "A2:G41", "highlight rides longer than 45 minutes", "GreaterThan(c[3], 45)"),
    ("Rides", "A2:G41", "flag rides by non-members", "TextEquals(c[5], 'No')"),
    ("Rides", "A2:G41", "highlight distances below average", "BelowAverage(c[4])"),
    ("Rides", "A2:G41", "highlight rides that started at Harbour", "TextEquals(c[1], 'Harbour')"),
]


FORMULAS_22 = [
    ("Events", "H2", "tickets still available", "=E2-D2"),
    ("Events", "H2", "how full is the event, as a percentage", "=D2/E2"),
    ("Events", "H2", "ticket revenue", "=D2*F2"),
    ("Events", "H3", "Sold out if tickets sold equals capacity, otherwise Available",
     '=IF(D3=E3,"Sold out","Available")'),
    ("Events", "H2", "number of events at the Arena", '=COUNTIF(B2:B31,"Arena")'),
    ("Events", "H2", "average ticket price", "=AVERAGE(F2:F31)"),
    ("Events", "H2", "total tickets sold at the Theatre", '=SUMIF(B2:B31,"Theatre",D2:D31)'),
    ("Events", "H2", "event name in upper case", "=UPPER(A2)"),
    ("Events", "H2", "days between 2026-01-01 and the event", "=C2-DATE(2026,1,1)"),
    ("Events", "H2", "price after a 15% discount", "=F2*(1-15%)"),
    ("Payments", "H2", "days taken to pay", "=C2-B2"),
    ("Payments", "H4", "Late if paid more than 30 days after the invoice, else On time",
     '=IF(C4-B4>30,"Late","On time")'),
    ("Payments", "H2", "total paid by card", '=SUMIF(E2:E41,"Card",D2:D41)'),
    ("Payments", "H2", "how many payments were made in cash", '=COUNTIF(E2:E41,"Cash")'),
    ("Payments", "H2", "amount plus the late fee", "=D2+F2"),
    ("Payments", "H2", "largest payment from Germany", '=MAXIFS(D2:D41,G2:G41,"Germany")'),
    ("Payments", "H2", "average amount", "=AVERAGE(D2:D41)"),
    ("Payments", "H2", "amount in thousands", "=D2/1000"),
    ("Payments", "H2", "first 3 letters of the country", "=LEFT(G2,3)"),
    ("Payments", "H2", "year of the invoice", "=YEAR(B2)"),
    ("Runners", "H2", "pace in minutes per km", "=D2/E2"),
    ("Runners", "H2", "how many sponsored runners", "=COUNTIF(G2:G36,TRUE)"),
    ("Runners", "H3", "did they beat their personal best? Yes/No", '=IF(D3<F3,"Yes","No")'),
    ("Runners", "H2", "minutes slower than personal best", "=D2-F2"),
    ("Runners", "H2", "average age of runners from Kenya", '=AVERAGEIF(C2:C36,"Kenya",B2:B36)'),
    ("Runners", "H2", "fastest finish time", "=MIN(D2:D36)"),
    ("Runners", "H2", "finish time in hours", "=D2/60"),
    ("Runners", "H5", "Veteran if age is 40 or over, otherwise Open", '=IF(B5>=40,"Veteran","Open")'),
    ("Runners", "H2", "runner's initials", '=LEFT(A2,1)&MID(A2,FIND(" ",A2)+1,1)'),
    ("Runners", "H2", "number of runners under 25", '=COUNTIF(B2:B36,"<25")'),
]

RULES_22 = [
    ("Events", "A2:G31", "highlight events with fewer than 100 tickets sold", "LessThan(c[3], 100)"),
    ("Events", "A2:G31", "highlight events at the Stadium", "TextEquals(c[1], 'Stadium')"),
    ("Events", "A2:G31", "highlight the 3 most expensive events", "Top(c[5], 3)"),
    ("Payments", "A2:G41", "highlight payments over 5,000", "GreaterThan(c[3], 5000)"),
    ("Payments", "A2:G41", "flag transfers", "TextEquals(c[4], 'Transfer')"),
    ("Payments", "A2:G41", "highlight payments with a late fee", "GreaterThan(c[5], 0)"),
    ("Runners", "A2:G36", "highlight sponsored runners", "TextEquals(c[6], 'TRUE')"),
    ("Runners", "A2:G36", "highlight finish times below average", "BelowAverage(c[3])"),
    ("Runners", "A2:G36", "highlight runners from Norway", "TextEquals(c[2], 'Norway')"),
    ("Events", "A2:G31", "highlight sold out events", "TextEquals(c[6], 'Yes')"),
]


FORMULAS_23 = [
    ("Claims", "H2", "days to settle", "=D2-C2"),
    ("Claims", "H2", "share of the claim that was approved", "=F2/E2"),
    ("Claims", "H2", "amount not approved", "=E2-F2"),
    ("Claims", "H2", "how many claims are still open", '=COUNTIF(G2:G36,"Open")'),
    ("Claims", "H2", "total claimed by Priya Shah", '=SUMIF(B2:B36,"Priya Shah",E2:E36)'),
    ("Claims", "H2", "average approved amount", "=AVERAGE(F2:F36)"),
    ("Claims", "H3", "Fully paid if approved equals claimed, else Partial", '=IF(F3=E3,"Fully paid","Partial")'),
    ("Claims", "H2", "month the claim was filed", "=MONTH(C2)"),
    ("Claims", "H2", "largest claim", "=MAX(E2:E36)"),
    ("Claims", "H2", "claim number without the CLM- prefix", '=SUBSTITUTE(A2,"CLM-","")'),
    ("Weather", "H2", "daily temperature range", "=C2-D2"),
    ("Weather", "H2", "average of the max and min temperature", "=(C2+D2)/2"),
    ("Weather", "H2", "total rain at the Airport station", '=SUMIF(B2:B32,"Airport",E2:E32)'),
    ("Weather", "H2", "number of dry days", "=COUNTIF(E2:E32,0)"),
    ("Weather", "H2", "wind speed in m/s", "=F2/3.6"),
    ("Weather", "H4", "Frost if the minimum is below 0, otherwise blank", '=IF(D4<0,"Frost","")'),
    ("Weather", "H2", "highest max temperature", "=MAX(C2:C32)"),
    ("Weather", "H3", "rain in inches", "=E3/25.4"),
    ("Weather", "H2", "how many sunny days", "=COUNTIF(G2:G32,TRUE)"),
    ("Weather", "H2", "weekday of the reading", '=TEXT(A2,"dddd")'),
    ("Bakery", "H2", "units left over", "=D2-E2"),
    ("Bakery", "H2", "sales revenue", "=E2*F2"),
    ("Bakery", "H2", "sell-through rate", "=E2/D2"),
    ("Bakery", "H2", "how many gluten-free batches", '=COUNTIF(G2:G31,"Y")'),
    ("Bakery", "H2", "total units made of sourdough", '=SUMIF(B2:B31,"Sourdough",D2:D31)'),
    ("Bakery", "H2", "price with 10% off", "=F2*0.9"),
    ("Bakery", "H2", "waste value: unsold units times price", "=(D2-E2)*F2"),
    ("Bakery", "H2", "average units sold per batch", "=AVERAGE(E2:E31)"),
    ("Bakery", "H3", "Sold out if units sold equals units made, otherwise In stock",
     '=IF(E3=D3,"Sold out","In stock")'),
    ("Bakery", "H2", "product name in lower case", "=LOWER(B2)"),
]

RULES_23 = [
    ("Claims", "A2:G36", "highlight rejected claims", "TextEquals(c[6], 'Rejected')"),
    ("Claims", "A2:G36", "highlight claims over 10,000", "GreaterThan(c[4], 10000)"),
    ("Claims", "A2:G36", "highlight claims where less was approved than claimed", "=$F2<$E2"),
    ("Weather", "A2:G32", "highlight days with more than 10 mm of rain", "GreaterThan(c[4], 10)"),
    ("Weather", "A2:G32", "highlight the 5 windiest days", "Top(c[5], 5)"),
    ("Weather", "A2:G32", "highlight days below freezing", "LessThan(c[3], 0)"),
    ("Weather", "A2:G32", "highlight sunny days", "TextEquals(c[6], 'TRUE')"),
    ("Bakery", "A2:G31", "highlight gluten free batches", "TextEquals(c[6], 'Y')"),
    ("Bakery", "A2:G31", "highlight batches that sold fewer than 20 units", "LessThan(c[4], 20)"),
    ("Bakery", "A2:G31", "highlight croissant batches", "TextEquals(c[1], 'Croissant')"),
]


FORMULAS_24 = [
    ("Parking", "H2", "parking fee", "=E2*F2"),
    ("Parking", "H2", "total hours parked in zone B", '=SUMIF(C2:C36,"B",E2:E36)'),
    ("Parking", "H2", "how many cars had a permit", "=COUNTIF(G2:G36,TRUE)"),
    ("Parking", "H3", "Long if parked more than 8 hours, otherwise Short", '=IF(E3>8,"Long","Short")'),
    ("Parking", "H2", "fee with a 2 euro booking charge", "=E2*F2+2"),
    ("Parking", "H2", "longest stay in hours", "=MAX(E2:E36)"),
    ("Parking", "H2", "plate in lower case", "=LOWER(B2)"),
    ("Parking", "H2", "day of the month they entered", "=DAY(D2)"),
    ("Parking", "H2", "average rate per hour", "=AVERAGE(F2:F36)"),
    ("Parking", "H2", "minutes parked", "=E2*60"),
    ("Recruitment", "H2", "days from application to interview", "=D2-C2"),
    ("Recruitment", "H2", "how many candidates were hired", '=COUNTIF(G2:G31,"Yes")'),
    ("Recruitment", "H2", "average score for the Analyst role", '=AVERAGEIF(B2:B31,"Analyst",E2:E31)'),
    ("Recruitment", "H2", "highest salary ask", "=MAX(F2:F31)"),
    ("Recruitment", "H4", "Shortlist if score is 80 or more, else Reject", '=IF(E4>=80,"Shortlist","Reject")'),
    ("Recruitment", "H2", "candidate's first name", '=LEFT(A2,FIND(" ",A2)-1)'),
    ("Recruitment", "H2", "salary ask in thousands", "=F2/1000"),
    ("Recruitment", "H2", "score as a percentage of 120", "=E2/120"),
    ("Recruitment", "H2", "number of applicants for Designer", '=COUNTIF(B2:B31,"Designer")'),
    ("Recruitment", "H2", "year applied", "=YEAR(C2)"),
    ("Warehouse", "H2", "available quantity", "=C2-D2"),
    ("Warehouse", "H3", "reorder? Yes if on hand is at or below the reorder point, else No",
     '=IF(C3<=E3,"Yes","No")'),
    ("Warehouse", "H2", "total weight on hand", "=C2*F2"),
    ("Warehouse", "H2", "how many hazardous items", "=COUNTIF(G2:G41,TRUE)"),
    ("Warehouse", "H2", "total reserved across the warehouse", "=SUM(D2:D41)"),
    ("Warehouse", "H2", "SKU without the WH- prefix", '=SUBSTITUTE(A2,"WH-","")'),
    ("Warehouse", "H2", "weight in pounds", "=F2/0.45359237"),
    ("Warehouse", "H2", "number of SKUs in aisle 3", "=COUNTIF(B2:B41,3)"),
    ("Warehouse", "H2", "reserved share of on hand stock", "=D2/C2"),
    ("Warehouse", "H2", "average on hand quantity", "=AVERAGE(C2:C41)"),
]

RULES_24 = [
    ("Parking", "A2:G36", "highlight cars without a permit", "TextEquals(c[6], 'FALSE')"),
    ("Parking", "A2:G36", "highlight stays over 10 hours", "GreaterThan(c[4], 10)"),
    ("Parking", "A2:G36", "highlight zone A tickets", "TextEquals(c[2], 'A')"),
    ("Recruitment", "A2:G31", "highlight hired candidates", "TextEquals(c[6], 'Yes')"),
    ("Recruitment", "A2:G31", "highlight the top 5 scores", "Top(c[4], 5)"),
    ("Recruitment", "A2:G31", "highlight salary asks above 60,000", "GreaterThan(c[5], 60000)"),
    ("Warehouse", "A2:G41", "highlight hazardous items", "TextEquals(c[6], 'TRUE')"),
    ("Warehouse", "A2:G41", "highlight items at or below their reorder point", "=$C2<=$E2"),
    ("Warehouse", "A2:G41", "highlight aisle 7", "Equals(c[1], 7)"),
    ("Warehouse", "A2:G41", "highlight items heavier than 20 kg", "GreaterThan(c[5], 20)"),
]


# A twenty-fifth set, on a twentieth workbook (auction lots, podcast episodes, a fitness log),
# written at the start of the eighteenth session before any model or pipeline ran on it: the
# held-out measure of the seventeenth session's fixes.
FORMULAS_25 = [
    ("Auction", "H2", "buyer's premium of 25% on the hammer price", "=E2*0.25"),
    ("Auction", "H2", "amount over the reserve", "=E2-D2"),
    ("Auction", "H2", "total hammer price for Furniture lots", '=SUMIF(C2:C31,"Furniture",E2:E31)'),
    ("Auction", "H2", "how many lots passed", '=COUNTIF(G2:G31,"Passed")'),
    ("Auction", "H3", "Met if the hammer price reached the reserve, otherwise Missed", '=IF(E3>=D3,"Met","Missed")'),
    ("Auction", "H2", "most bids on a single lot", "=MAX(F2:F31)"),
    ("Auction", "H2", "average hammer price", "=AVERAGE(E2:E31)"),
    ("Auction", "H2", "item name in capitals", "=UPPER(B2)"),
    ("Auction", "H2", "hammer price as a multiple of the reserve", "=E2/D2"),
    ("Auction", "H2", "hammer price per bid", "=E2/F2"),
    ("Podcast", "H2", "length in hours", "=D2/60"),
    ("Podcast", "H2", "total downloads", "=SUM(E2:E31)"),
    ("Podcast", "H2", "downloads per minute of audio", "=E2/D2"),
    ("Podcast", "H2", "how many explicit episodes", "=COUNTIF(G2:G31,TRUE)"),
    ("Podcast", "H2", "month released", "=MONTH(C2)"),
    ("Podcast", "H3", "Hit if downloads are over 5000, else blank", '=IF(E3>5000,"Hit","")'),
    ("Podcast", "H2", "average rating", "=AVERAGE(F2:F31)"),
    ("Podcast", "H2", "days since release as of 1 Dec 2026", "=DATE(2026,12,1)-C2"),
    ("Podcast", "H2", "title length in characters", "=LEN(B2)"),
    ("Podcast", "H2", "number of episodes longer than an hour", '=COUNTIF(D2:D31,">60")'),
    ("Fitness", "H2", "distance in miles", "=C2/1.609344"),
    ("Fitness", "H2", "steps per km", "=B2/C2"),
    ("Fitness", "H2", "total steps in the log", "=SUM(B2:B31)"),
    ("Fitness", "H2", "average sleep", "=AVERAGE(E2:E31)"),
    ("Fitness", "H2", "how many rest days", '=COUNTIF(G2:G31,"Rest")'),
    ("Fitness", "H3", "Goal met if steps are 10,000 or more, otherwise Below", '=IF(B3>=10000,"Goal met","Below")'),
    ("Fitness", "H2", "lowest resting heart rate", "=MIN(F2:F31)"),
    ("Fitness", "H2", "calories burned on runs", '=SUMIF(G2:G31,"Run",D2:D31)'),
    ("Fitness", "H2", "weekday name", '=TEXT(A2,"dddd")'),
    ("Fitness", "H2", "sleep in minutes", "=E2*60"),
]

RULES_25 = [
    ("Auction", "A2:G31", "highlight lots that passed", "TextEquals(c[6], 'Passed')"),
    ("Auction", "A2:G31", "highlight lots with more than 20 bids", "GreaterThan(c[5], 20)"),
    ("Auction", "A2:G31", "highlight jewellery lots", "TextEquals(c[2], 'Jewellery')"),
    ("Podcast", "A2:G31", "highlight explicit episodes", "TextEquals(c[6], 'TRUE')"),
    ("Podcast", "A2:G31", "highlight episodes rated below 3.5", "LessThan(c[5], 3.5)"),
    ("Podcast", "A2:G31", "highlight the 3 most downloaded episodes", "Top(c[4], 3)"),
    ("Fitness", "A2:G31", "highlight days with fewer than 5000 steps", "LessThan(c[1], 5000)"),
    ("Fitness", "A2:G31", "highlight nights with under 6 hours of sleep", "LessThan(c[4], 6)"),
    ("Fitness", "A2:G31", "highlight swim days", "TextEquals(c[6], 'Swim')"),
    ("Fitness", "A2:G31", "highlight days with a resting heart rate of 60 or higher", "GreaterThanEqual(c[5], 60)"),
]


# A twenty-sixth set, on a twenty-first workbook (conference sessions, a plant nursery, taxi
# trips), written in the eighteenth session after set 25's fixes and before any model or
# pipeline ran on it: the held-out measure of those fixes.
FORMULAS_26 = [
    ("Sessions", "I2", "end time of the session", "=D2+E2/1440"),
    ("Sessions", "I2", "how full was the room", "=F2/G2"),
    ("Sessions", "I2", "empty seats", "=G2-F2"),
    ("Sessions", "I2", "total attendance on the Data track", '=SUMIF(C2:C31,"Data",F2:F31)'),
    ("Sessions", "I2", "number of recorded sessions", '=COUNTIF(H2:H31,"Yes")'),
    ("Sessions", "I4", "Overflow if attendees exceed capacity, otherwise OK", '=IF(F4>G4,"Overflow","OK")'),
    ("Sessions", "I2", "speaker's surname", '=MID(B2,FIND(" ",B2)+1,100)'),
    ("Sessions", "I2", "average talk length", "=AVERAGE(E2:E31)"),
    ("Sessions", "I2", "hour the session starts", "=HOUR(D2)"),
    ("Sessions", "I2", "largest audience", "=MAX(F2:F31)"),
    ("Nursery", "H2", "stock value", "=C2*D2"),
    ("Nursery", "H2", "price including 20% VAT", "=D2*1.2"),
    ("Nursery", "H2", "how many indoor plants", "=COUNTIF(G2:G31,TRUE)"),
    ("Nursery", "H2", "pot size in inches", "=E2/2.54"),
    ("Nursery", "H2", "waterings per week", "=7/F2"),
    ("Nursery", "H2", "cheapest plant price", "=MIN(D2:D31)"),
    ("Nursery", "H2", "total stock of ferns", '=SUMIF(B2:B31,"Fern",C2:C31)'),
    ("Nursery", "H3", "Low stock when fewer than 5 are left, else blank", '=IF(C3<5,"Low stock","")'),
    ("Nursery", "H2", "plant name in upper case", "=UPPER(A2)"),
    ("Nursery", "H2", "average price of succulents", '=AVERAGEIF(B2:B31,"Succulent",D2:D31)'),
    ("Taxi", "H2", "fare plus tip", "=E2+F2"),
    ("Taxi", "H2", "tip as a percentage of the fare", "=F2/E2"),
    ("Taxi", "H2", "fare per mile", "=E2/D2"),
    ("Taxi", "H2", "distance in km", "=D2*1.609344"),
    ("Taxi", "H2", "total tips for driver Omar", '=SUMIF(B2:B36,"Omar",F2:F36)'),
    ("Taxi", "H2", "how many trips were paid by card", '=COUNTIF(G2:G36,"Card")'),
    ("Taxi", "H2", "longest trip", "=MAX(D2:D36)"),
    ("Taxi", "H2", "date of the pickup without the time", "=INT(C2)"),
    ("Taxi", "H2", "trips over 10 miles", '=COUNTIF(D2:D36,">10")'),
    ("Taxi", "H5", "Good tip if the tip is at least 15% of the fare, otherwise blank",
     '=IF(F5>=0.15*E5,"Good tip","")'),
]

RULES_26 = [
    ("Sessions", "A2:H31", "highlight sessions on the Design track", "TextEquals(c[2], 'Design')"),
    ("Sessions", "A2:H31", "highlight sessions with more attendees than seats", "=$F2>$G2"),
    ("Sessions", "A2:H31", "highlight talks longer than 45 minutes", "GreaterThan(c[4], 45)"),
    ("Nursery", "A2:G31", "highlight plants under 10 pounds", "LessThan(c[3], 10)"),
    ("Nursery", "A2:G31", "highlight indoor plants", "TextEquals(c[6], 'TRUE')"),
    ("Nursery", "A2:G31", "highlight the 5 most expensive plants", "Top(c[3], 5)"),
    ("Taxi", "A2:G36", "highlight cash trips", "TextEquals(c[6], 'Cash')"),
    ("Taxi", "A2:G36", "highlight trips with no tip", "Equals(c[5], 0)"),
    ("Taxi", "A2:G36", "highlight fares above 40", "GreaterThan(c[4], 40)"),
    ("Taxi", "A2:G36", "highlight Priya's trips", "TextEquals(c[1], 'Priya')"),
]


# A twenty-seventh set, on a twenty-second workbook (cinema screenings, a wine cellar, tutoring
# lessons), written at the end of the eighteenth session after all its changes and run once,
# not read for changes: the clean measure of that session's final pipeline.
FORMULAS_27 = [
    ("Cinema", "I2", "seats left unsold", "=G2-F2"),
    ("Cinema", "I2", "box office takings", "=F2*H2"),
    ("Cinema", "I2", "runtime in hours", "=E2/60"),
    ("Cinema", "I2", "total tickets sold for Dune", '=SUMIF(B2:B31,"Dune",F2:F31)'),
    ("Cinema", "I2", "how many screenings in screen 2", "=COUNTIF(C2:C31,2)"),
    ("Cinema", "I3", "Sold out if tickets sold equals seats, otherwise Available", '=IF(F3=G3,"Sold out","Available")'),
    ("Cinema", "I2", "average ticket price", "=AVERAGE(H2:H31)"),
    ("Cinema", "I2", "time the film finishes", "=D2+E2/1440"),
    ("Cinema", "I2", "biggest crowd", "=MAX(F2:F31)"),
    ("Cinema", "I2", "share of seats filled", "=F2/G2"),
    ("Cellar", "H2", "value of the bottles", "=D2*E2"),
    ("Cellar", "H2", "age of the wine in 2026", "=2026-C2"),
    ("Cellar", "H2", "years left to drink it after 2026", "=G2-2026"),
    ("Cellar", "H2", "total bottles from Rioja", '=SUMIF(B2:B31,"Rioja",D2:D31)'),
    ("Cellar", "H2", "how many wines are rated 90 or more", '=COUNTIF(F2:F31,">=90")'),
    ("Cellar", "H3", "Drink now if the drink-by year is 2026 or earlier, else Keep",
     '=IF(G3<=2026,"Drink now","Keep")'),
    ("Cellar", "H2", "most expensive bottle", "=MAX(E2:E31)"),
    ("Cellar", "H2", "wine name in capitals", "=UPPER(A2)"),
    ("Cellar", "H2", "average rating of Bordeaux wines", '=AVERAGEIF(B2:B31,"Bordeaux",F2:F31)'),
    ("Cellar", "H2", "price per glass, 6 glasses a bottle", "=E2/6"),
    ("Tutoring", "H2", "lesson fee", "=D2*E2"),
    ("Tutoring", "H2", "how many lessons are unpaid", "=COUNTIF(F2:F36,FALSE)"),
    ("Tutoring", "H2", "total hours of maths", '=SUMIF(B2:B36,"Maths",D2:D36)'),
    ("Tutoring", "H2", "lesson length in minutes", "=D2*60"),
    ("Tutoring", "H2", "month of the lesson", "=MONTH(C2)"),
    ("Tutoring", "H4", "Long if the lesson is over 1.5 hours, otherwise Short", '=IF(D4>1.5,"Long","Short")'),
    ("Tutoring", "H2", "student's first name", '=LEFT(A2,FIND(" ",A2)-1)'),
    ("Tutoring", "H2", "highest hourly rate", "=MAX(E2:E36)"),
    ("Tutoring", "H2", "number of lessons with Mr Khan", '=COUNTIF(G2:G36,"Mr Khan")'),
    ("Tutoring", "H2", "fee with a 10% sibling discount", "=D2*E2*0.9"),
]

RULES_27 = [
    ("Cinema", "A2:H31", "highlight sold out screenings", "=$F2=$G2"),
    ("Cinema", "A2:H31", "highlight films longer than two hours", "GreaterThan(c[4], 120)"),
    ("Cinema", "A2:H31", "highlight screenings of Dune", "TextEquals(c[1], 'Dune')"),
    ("Cellar", "A2:G31", "highlight wines rated below 85", "LessThan(c[5], 85)"),
    ("Cellar", "A2:G31", "highlight the 3 priciest wines", "Top(c[4], 3)"),
    ("Cellar", "A2:G31", "highlight Champagne", "TextEquals(c[1], 'Champagne')"),
    ("Tutoring", "A2:G36", "highlight unpaid lessons", "TextEquals(c[5], 'FALSE')"),
    ("Tutoring", "A2:G36", "highlight lessons longer than an hour", "GreaterThan(c[3], 1)"),
    ("Tutoring", "A2:G36", "highlight physics lessons", "TextEquals(c[1], 'Physics')"),
    ("Tutoring", "A2:G36", "highlight rates above 40 an hour", "GreaterThan(c[4], 40)"),
]


# Set 28, on a twenty-third workbook (a kennel, a brewery, a print shop): written after the
# nineteenth session's first change and before any model ran on it.
FORMULAS_28 = [
    ("Kennel", "I2", "number of nights", "=E2-D2"),
    ("Kennel", "I2", "cost of the stay", "=(E2-D2)*F2"),
    ("Kennel", "I2", "weight in pounds", "=G2*2.20462"),
    ("Kennel", "I2", "how many dogs are not vaccinated", "=COUNTIF(H2:H31,FALSE)"),
    ("Kennel", "I2", "average nightly rate for labradors", '=AVERAGEIF(B2:B31,"Labrador",F2:F31)'),
    ("Kennel", "I2", "heaviest dog", "=MAX(G2:G31)"),
    ("Kennel", "I3", "Large if over 25 kg, otherwise Small", '=IF(G3>25,"Large","Small")'),
    ("Kennel", "I2", "day of the week they check in", '=TEXT(D2,"dddd")'),
    ("Kennel", "I2", "number of beagles", '=COUNTIF(B2:B31,"Beagle")'),
    ("Kennel", "I2", "owner's surname", '=MID(C2,FIND(" ",C2)+1,100)'),
    ("Brewery", "I2", "litres per keg", "=E2/G2"),
    ("Brewery", "I2", "cost per litre", "=H2/E2"),
    ("Brewery", "I2", "total volume of IPA brewed", '=SUMIF(C2:C31,"IPA",E2:E31)'),
    ("Brewery", "I2", "strongest beer", "=MAX(F2:F31)"),
    ("Brewery", "I2", "how many batches are stronger than 6%", '=COUNTIF(F2:F31,">6")'),
    ("Brewery", "I2", "litres of pure alcohol in the batch", "=E2*F2/100"),
    ("Brewery", "I2", "average cost of a batch", "=AVERAGE(H2:H31)"),
    ("Brewery", "I2", "year it was brewed", "=YEAR(D2)"),
    ("Brewery", "I4", "Strong if ABV is 7 or more, otherwise Session", '=IF(F4>=7,"Strong","Session")'),
    ("Brewery", "I2", "number of kegs of stout", '=SUMIF(C2:C31,"Stout",G2:G31)'),
    ("Print Jobs", "I2", "total pages to print", "=C2*D2"),
    ("Print Jobs", "I2", "job price", "=C2*D2*F2"),
    ("Print Jobs", "I2", "how many colour jobs", '=COUNTIF(E2:E31,"Yes")'),
    ("Print Jobs", "I2", "days late", "=H2-G2"),
    ("Print Jobs", "I2", "most copies ordered", "=MAX(D2:D31)"),
    ("Print Jobs", "I2", "total copies for Northside School", '=SUMIF(B2:B31,"Northside School",D2:D31)'),
    ("Print Jobs", "I5", "Late if delivered after the due date, otherwise On time", '=IF(H5>G5,"Late","On time")'),
    ("Print Jobs", "I2", "customer name in lower case", "=LOWER(B2)"),
    ("Print Jobs", "I2", "how many jobs are not delivered yet", "=COUNTBLANK(H2:H31)"),
    ("Print Jobs", "I2", "price with 20% VAT", "=C2*D2*F2*1.2"),
]

RULES_28 = [
    ("Kennel", "A2:H31", "highlight dogs that aren't vaccinated", "TextEquals(c[7], 'FALSE')"),
    ("Kennel", "A2:H31", "highlight stays longer than a week", "=$E2-$D2>7"),
    ("Kennel", "A2:H31", "highlight dogs over 30 kg", "GreaterThan(c[6], 30)"),
    ("Brewery", "A2:H31", "highlight the stouts", "TextEquals(c[2], 'Stout')"),
    ("Brewery", "A2:H31", "highlight beers above 7% ABV", "GreaterThan(c[5], 7)"),
    ("Brewery", "A2:H31", "highlight the 5 most expensive batches", "Top(c[7], 5)"),
    ("Print Jobs", "A2:H31", "highlight colour jobs", "TextEquals(c[4], 'Yes')"),
    ("Print Jobs", "A2:H31", "highlight jobs not yet delivered", "Blanks(c[7])"),
    ("Print Jobs", "A2:H31", "highlight jobs over 500 pages", "GreaterThan(c[2], 500)"),
    ("Print Jobs", "A2:H31", "highlight late deliveries", "=$H2>$G2"),
]


# Set 29, on a twenty-fourth workbook (ferry crossings, a bookshop, allotment plots): written
# after set 28's fixes and before any model ran on it.
FORMULAS_29 = [
    ("Ferries", "I2", "arrival time", "=C2+D2/1440"),
    ("Ferries", "I2", "crossing time in hours", "=D2/60"),
    ("Ferries", "I2", "car fares collected", "=E2*G2"),
    ("Ferries", "I2", "people on board, counting 2 per car plus the foot passengers", "=E2*2+F2"),
    ("Ferries", "I2", "how many crossings were cancelled", "=COUNTIF(H2:H31,TRUE)"),
    ("Ferries", "I2", "most foot passengers on one crossing", "=MAX(F2:F31)"),
    ("Ferries", "I2", "average cars on the Dover-Calais route", '=AVERAGEIF(B2:B31,"Dover-Calais",E2:E31)'),
    ("Ferries", "I2", "hour it leaves", "=HOUR(C2)"),
    ("Ferries", "I3", "Long if the crossing takes over 90 minutes, otherwise Short", '=IF(D3>90,"Long","Short")'),
    ("Ferries", "I2", "total foot passengers on crossings that ran", "=SUMIF(H2:H31,FALSE,F2:F31)"),
    ("Bookshop", "I2", "takings for the title", "=E2*F2"),
    ("Bookshop", "I2", "author's last name", '=MID(B2,FIND(" ",B2)+1,100)'),
    ("Bookshop", "I2", "how many crime novels", '=COUNTIF(C2:C31,"Crime")'),
    ("Bookshop", "I2", "longest book", "=MAX(D2:D31)"),
    ("Bookshop", "I2", "price after a 15% discount", "=E2*0.85"),
    ("Bookshop", "I2", "year published", "=YEAR(G2)"),
    ("Bookshop", "I2", "copies sold of fantasy books", '=SUMIF(C2:C31,"Fantasy",F2:F31)'),
    ("Bookshop", "I4", "Reorder if fewer than 5 in stock, else OK", '=IF(H4<5,"Reorder","OK")'),
    ("Bookshop", "I2", "title in upper case", "=UPPER(A2)"),
    ("Bookshop", "I2", "price per 100 pages", "=E2/D2*100"),
    ("Allotments", "I2", "fee per square metre", "=D2/C2"),
    ("Allotments", "I2", "how many plots on the North site", '=COUNTIF(H2:H31,"North")'),
    ("Allotments", "I2", "biggest plot", "=MAX(C2:C31)"),
    ("Allotments", "I2", "total fees not yet paid", '=SUMIF(F2:F31,"No",D2:D31)'),
    ("Allotments", "I2", "years since joining, as of 2026", "=2026-YEAR(E2)"),
    ("Allotments", "I2", "holder's initials", '=LEFT(B2,1)&MID(B2,FIND(" ",B2)+1,1)'),
    ("Allotments", "I5", "Large if over 250 square metres, otherwise Standard", '=IF(C5>250,"Large","Standard")'),
    ("Allotments", "I2", "average plot size on the South site", '=AVERAGEIF(H2:H31,"South",C2:C31)'),
    ("Allotments", "I2", "fee with a 10% increase", "=D2*1.1"),
    ("Allotments", "I2", "month they joined", "=MONTH(E2)"),
]

RULES_29 = [
    ("Ferries", "A2:H31", "highlight cancelled crossings", "TextEquals(c[7], 'TRUE')"),
    ("Ferries", "A2:H31", "highlight crossings with more than 100 cars", "GreaterThan(c[4], 100)"),
    ("Ferries", "A2:H31", "highlight the Dover-Calais route", "TextEquals(c[1], 'Dover-Calais')"),
    ("Bookshop", "A2:H31", "highlight books over 500 pages", "GreaterThan(c[3], 500)"),
    ("Bookshop", "A2:H31", "highlight titles out of stock", "Equals(c[7], 0)"),
    ("Bookshop", "A2:H31", "highlight the 3 best sellers", "Top(c[5], 3)"),
    ("Allotments", "A2:H31", "highlight unpaid plots", "TextEquals(c[5], 'No')"),
    ("Allotments", "A2:H31", "highlight plots smaller than 100 square metres", "LessThan(c[2], 100)"),
    ("Allotments", "A2:H31", "highlight holders who joined before 2020", "=YEAR($E2)<2020"),
    ("Allotments", "A2:H31", "highlight plots with no water butts", "Equals(c[6], 0)"),
]


# Set 30, on a twenty-fifth workbook (a car wash, beehives, a choir): written after all of the
# nineteenth session's changes and before any model ran on it, its clean measure.
FORMULAS_30 = [
    ("Car Wash", "I2", "finish time", "=D2+E2/1440"),
    ("Car Wash", "I2", "price plus tip", "=F2+H2"),
    ("Car Wash", "I2", "how many deluxe washes", '=COUNTIF(C2:C31,"Deluxe")'),
    ("Car Wash", "I2", "average tip", "=AVERAGE(H2:H31)"),
    ("Car Wash", "I2", "takings from SUVs", '=SUMIF(B2:B31,"SUV",F2:F31)'),
    ("Car Wash", "I2", "member price at 10% off", "=F2*0.9"),
    ("Car Wash", "I3", "Quick if it took under 15 minutes, otherwise Slow", '=IF(E3<15,"Quick","Slow")'),
    ("Car Wash", "I2", "longest wash in minutes", "=MAX(E2:E31)"),
    ("Car Wash", "I2", "tip as a share of the price", "=H2/F2"),
    ("Car Wash", "I2", "how many washes for members", "=COUNTIF(G2:G31,TRUE)"),
    ("Hives", "I2", "honey in grams", "=E2*1000"),
    ("Hives", "I2", "total honey from the Orchard apiary", '=SUMIF(B2:B31,"Orchard",E2:E31)'),
    ("Hives", "I2", "how many hives had no queen seen", "=COUNTIF(F2:F31,FALSE)"),
    ("Hives", "I2", "highest varroa count", "=MAX(H2:H31)"),
    ("Hives", "I2", "day of the month it was inspected", "=DAY(C2)"),
    ("Hives", "I4", "Treat if varroa count is over 50, else OK", '=IF(H4>50,"Treat","OK")'),
    ("Hives", "I2", "average honey per hive", "=AVERAGE(E2:E31)"),
    ("Hives", "I2", "honey per brood frame", "=E2/D2"),
    ("Hives", "I2", "how many defensive hives", '=COUNTIF(G2:G31,"Defensive")'),
    ("Hives", "I2", "days from the inspection to 1 Dec 2026", "=DATE(2026,12,1)-C2"),
    ("Choir", "I2", "attendance rate", "=D2/E2"),
    ("Choir", "I2", "subs still owed", "=G2-F2"),
    ("Choir", "I2", "how many tenors", '=COUNTIF(B2:B31,"Tenor")'),
    ("Choir", "I2", "member's first name", '=LEFT(A2,FIND(" ",A2)-1)'),
    ("Choir", "I2", "rehearsals missed", "=E2-D2"),
    ("Choir", "I5", "Paid up if subs paid is at least subs due, otherwise Owes", '=IF(F5>=G5,"Paid up","Owes")'),
    ("Choir", "I2", "total subs collected", "=SUM(F2:F31)"),
    ("Choir", "I2", "year they joined", "=YEAR(C2)"),
    ("Choir", "I2", "how many soloists", '=COUNTIF(H2:H31,"Yes")'),
    ("Choir", "I2", "average attendance of sopranos", '=AVERAGEIF(B2:B31,"Soprano",D2:D31)'),
]

RULES_30 = [
    ("Car Wash", "A2:H31", "highlight washes over 20 minutes", "GreaterThan(c[4], 20)"),
    ("Car Wash", "A2:H31", "highlight the deluxe package", "TextEquals(c[2], 'Deluxe')"),
    ("Car Wash", "A2:H31", "highlight washes with no tip", "Equals(c[7], 0)"),
    ("Hives", "A2:H31", "highlight hives with a varroa count above 50", "GreaterThan(c[7], 50)"),
    ("Hives", "A2:H31", "highlight defensive hives", "TextEquals(c[6], 'Defensive')"),
    ("Hives", "A2:H31", "highlight hives where the queen wasn't seen", "TextEquals(c[5], 'FALSE')"),
    ("Choir", "A2:H31", "highlight members who owe subs", "=$F2<$G2"),
    ("Choir", "A2:H31", "highlight altos", "TextEquals(c[1], 'Alto')"),
    ("Choir", "A2:H31", "highlight attendance below 10 rehearsals", "LessThan(c[3], 10)"),
    ("Choir", "A2:H31", "highlight the 5 best attenders", "Top(c[3], 5)"),
]


def ninth_workbook():
    """The workbook set 14 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, fl = _seeded_book(14, "Flights")
    fl.append(["Flight", "Origin", "Destination", "Departure", "Arrival", "Passengers", "Capacity", "Fare"])
    for i in range(40):
        dep = dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 27))
        cap = rng.choice([150, 180, 220])
        fl.append([f"FL-{101 + i}", rng.choice(["Dublin", "Berlin", "Madrid"]),
                   rng.choice(["Lisbon", "Rome", "Paris", "Vienna"]), dep,
                   dep + dt.timedelta(days=rng.choice([0, 0, 1])), rng.randint(60, cap), cap,
                   round(rng.uniform(40, 220), 2)])
    fl["F2"] = fl["G2"].value  # a full flight
    dn = wb.create_sheet("Donations")
    dn.append(["Donor", "Campaign", "Date", "Amount", "Gift Aid", "Recurring", "Country"])
    donors = ["Aoife Byrne", "Callum Reid", "Priya Shah", "Tomasz Nowak", "Grace Kim", "Owen Price"]
    for _ in range(50):
        dn.append([rng.choice(donors), rng.choice(["Winter Appeal", "Spring Appeal", "General Fund"]),
                   dt.datetime(rng.randint(2023, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                   rng.choice([10, 25, 50, 100, 250, 500, 1200]), rng.choice(["Yes", "No"]), rng.random() < 0.35,
                   rng.choice(["Ireland", "Scotland", "England", "Wales"])])
    dn["D3"] = 1500  # a Major gift on the row the label request is asked on
    cf = wb.create_sheet("Cafe")
    cf.append(["Order", "Item", "Category", "Price", "Qty", "Staff", "Table"])
    menu = [("Latte", "Hot Drink", 3.2), ("Espresso", "Hot Drink", 2.4), ("Iced Tea", "Cold Drink", 2.9),
            ("Lemonade", "Cold Drink", 3.1), ("Bagel", "Food", 4.75), ("Soup", "Food", 5.6)]
    for i in range(60):
        item, cat, price = menu[rng.randrange(len(menu))]
        cf.append([f"C{3001 + i}", item, cat, price, rng.randint(1, 4), rng.choice(["Mila", "Theo", "Sam"]),
                   rng.randint(1, 12)])
    cf["D2"] = 3.2  # rounds up to 3.5
    return wb


def tenth_workbook():
    """The workbook set 15 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, sh = _seeded_book(15, "Shipments")
    sh.append(["Shipment", "Carrier", "Destination", "Shipped", "Delivered", "Weight (kg)", "Cost"])
    for i in range(45):
        shipped = dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 25))
        w = round(rng.uniform(0.5, 60), 1)
        sh.append([f"SH-{5001 + i}", rng.choice(["DHL", "UPS", "FedEx", "PostNord"]),
                   rng.choice(["Oslo", "Bergen", "Stockholm", "Helsinki"]), shipped,
                   shipped + dt.timedelta(days=rng.randint(1, 9)), w, round(8 + w * rng.uniform(0.8, 2.5), 2)])
    sh["E3"] = sh["D3"].value + dt.timedelta(days=8)  # a late one on the row the label request is asked on
    rs = wb.create_sheet("Results")
    rs.append(["Student", "Class", "Test 1", "Test 2", "Final", "Absences", "Passed"])
    first = ["Nora", "Elias", "Maja", "Oskar", "Ingrid", "Lukas", "Freya", "Emil"]
    last = ["Berg", "Lund", "Dahl", "Holm", "Strand", "Vik"]
    for _ in range(40):
        final = rng.randint(15, 80)
        rs.append([f"{rng.choice(first)} {rng.choice(last)}", rng.choice(["10A", "10B", "10C"]),
                   rng.randint(30, 100), rng.randint(30, 100), final, rng.randint(0, 12), final >= 40])
    rs["F3"] = 9  # a Warning on the row it is asked on
    sb = wb.create_sheet("Subscriptions")
    sb.append(["Customer", "Plan", "Start Date", "Monthly Price", "Months", "Auto Renew", "Country"])
    plans = [("Basic", 7.99), ("Standard", 12.99), ("Premium", 19.99)]
    for i in range(50):
        plan, price = plans[rng.randrange(3)]
        start = dt.datetime(rng.randint(2021, 2025), rng.randint(1, 12), rng.randint(1, 28))
        sb.append([f"CU-{701 + i}", plan, start, price, rng.randint(1, 48), rng.random() < 0.6,
                   rng.choice(["Norway", "Sweden", "Denmark", "Finland"])])
    return wb


def eleventh_workbook():
    """The workbook set 16 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, wo = _seeded_book(16, "Orders")
    wo.append(["Order", "Technician", "Opened", "Closed", "Hours", "Parts Cost", "Urgent"])
    for i in range(40):
        opened = dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 20))
        wo.append([f"WO-{801 + i}", rng.choice(["Ines", "Tomas", "Lars", "Anja"]), opened,
                   opened + dt.timedelta(days=rng.randint(0, 8)), rng.randint(1, 12),
                   round(rng.uniform(5, 400), 2), rng.random() < 0.3])
    wo["E3"] = 9  # a Long job on the row the label request is asked on
    iv = wb.create_sheet("Invoices")
    iv.append(["Invoice", "Client", "Issued", "Due", "Amount", "Paid", "Region"])
    clients = ["Nordlys AS", "Fjord Foods", "Bryggen Bygg", "Polar Tech", "Vestkyst Energi"]
    for i in range(50):
        issued = dt.datetime(rng.randint(2024, 2025), rng.randint(1, 12), rng.randint(1, 28))
        iv.append([f"INV-{2201 + i}", rng.choice(clients), issued,
                   issued + dt.timedelta(days=rng.choice([14, 30, 45])), round(rng.uniform(200, 9000), 2),
                   rng.choice(["Yes", "Yes", "No"]), rng.choice(["North", "South", "East", "West"])])
    vo = wb.create_sheet("Volunteers")
    vo.append(["Name", "Team", "Joined", "Hours", "Shifts", "Active", "City"])
    first = ["Sofie", "Jonas", "Ida", "Magnus", "Thea", "Henrik", "Sara"]
    last = ["Hansen", "Johansen", "Olsen", "Larsen", "Berg"]
    for _ in range(35):
        vo.append([f"{rng.choice(first)} {rng.choice(last)}", rng.choice(["Kitchen", "Garden", "Reception"]),
                   dt.datetime(rng.randint(2018, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                   rng.randint(5, 180), rng.randint(1, 60), rng.choice(["Yes", "No"]),
                   rng.choice(["Oslo", "Bergen", "Trondheim"])])
    vo["D3"] = 120  # a Star on the row it is asked on
    return wb



def twelfth_workbook():
    """The workbook set 17 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, hv = _seeded_book(17, "Harvest")
    hv.append(["Field", "Crop", "Planted", "Harvested", "Area (ha)", "Yield (t)", "Organic"])
    for i in range(45):
        planted = dt.datetime(2025, rng.randint(3, 5), rng.randint(1, 28))
        area = round(rng.uniform(2, 40), 1)
        hv.append([f"F-{i + 1:02d}", rng.choice(["Wheat", "Barley", "Oats", "Rye"]), planted,
                   planted + dt.timedelta(days=rng.randint(95, 140)), area,
                   round(area * rng.uniform(3, 8), 1), rng.random() < 0.35])
    co = wb.create_sheet("Courses")
    co.append(["Course", "Trainer", "Start", "Days", "Seats", "Enrolled", "Fee", "Online"])
    topics = ["Excel Basics", "Pivot Tables", "First Aid", "Negotiation", "Python Intro", "Leadership"]
    for i in range(30):
        seats = rng.randint(10, 30)
        co.append([f"{rng.choice(topics)} {i + 1}", rng.choice(["Ahmed", "Bea", "Carl", "Dina"]),
                   dt.datetime(2026, rng.randint(1, 12), rng.randint(1, 28)), rng.randint(1, 5), seats,
                   rng.randint(seats // 2, seats), rng.choice([250, 400, 650, 900, 1200, 1500]),
                   rng.choice(["Yes", "No"])])
    mi = wb.create_sheet("Mileage")
    mi.append(["Employee", "Date", "Km", "Purpose", "Approved", "Toll"])
    people = ["Pia Holm", "Omar Said", "Lena Roth", "Ben Carver", "Kari Moen"]
    for _ in range(40):
        mi.append([rng.choice(people), dt.datetime(2026, rng.randint(1, 10), rng.randint(1, 28)),
                   rng.randint(5, 600), rng.choice(["Client visit", "Training", "Delivery", "Conference"]),
                   rng.choice(["Y", "Y", "N"]), round(rng.choice([0, 0, rng.uniform(2, 45)]), 2)])
    return wb


def thirteenth_workbook():
    """The workbook set 18 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, te = _seeded_book(18, "Tenants")
    te.append(["Unit", "Tenant", "Lease Start", "Lease End", "Monthly Rent", "Deposit", "Pets"])
    first = ["Anna", "Jon", "Mira", "Paul", "Rita", "Sven", "Tara"]
    last = ["Lind", "Nyberg", "Holm", "Eklund", "Berg"]
    for i in range(36):
        start = dt.datetime(rng.randint(2023, 2025), rng.randint(1, 12), 1)
        rent = rng.choice([850, 990, 1150, 1300, 1480, 1650, 1900])
        te.append([f"U-{101 + i}", f"{rng.choice(first)} {rng.choice(last)}", start,
                   start + dt.timedelta(days=rng.choice([365, 730])), rent, rent * rng.choice([1, 2, 3]),
                   rng.random() < 0.4])
    rc = wb.create_sheet("Recipes")
    rc.append(["Dish", "Category", "Prep (min)", "Cook (min)", "Servings", "Cost per Serving", "Vegan"])
    dishes = ["Soup", "Salad", "Risotto", "Curry", "Tart", "Stew", "Pie", "Mousse", "Tacos", "Pasta"]
    for i in range(30):
        rc.append([f"{rng.choice(dishes)} {i + 1}", rng.choice(["Starter", "Main", "Dessert"]),
                   rng.randint(5, 40), rng.randint(0, 90), rng.choice([2, 4, 6, 8]),
                   round(rng.uniform(1.2, 9.5), 3), rng.choice(["Yes", "No"])])
    rp = wb.create_sheet("Repairs")
    rp.append(["Ticket", "Customer", "Received", "Done", "Labour Hours", "Parts", "Warranty"])
    customers = ["Maja Dahl", "Tomas Berg", "Ines Vik", "Ole Brun", "Lea Foss"]
    for i in range(40):
        got = dt.datetime(2026, rng.randint(1, 10), rng.randint(1, 28))
        rp.append([f"R-{5001 + i}", rng.choice(customers), got, got + dt.timedelta(days=rng.randint(0, 10)),
                   rng.choice([0.5, 1, 1.5, 2, 3, 4, 5]), round(rng.uniform(0, 250), 2), rng.choice(["Y", "N", "N"])])
    return wb


def fourteenth_workbook():
    """The workbook set 19 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, pa = _seeded_book(19, "Patients")
    pa.append(["Patient ID", "Name", "Birth Date", "Visit Date", "Weight (kg)", "Height (cm)", "Systolic",
               "Smoker"])
    first = ["Eva", "Karl", "Lina", "Omar", "Sara", "Ivan", "Nora", "Leo"]
    last = ["Strand", "Ahmed", "Kovac", "Moreno", "Lund"]
    for i in range(40):
        born = dt.datetime(rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28))
        pa.append([f"P{2001 + i}", f"{rng.choice(first)} {rng.choice(last)}", born,
                   dt.datetime(2026, rng.randint(1, 10), rng.randint(1, 28)), round(rng.uniform(48, 115), 1),
                   rng.randint(150, 198), rng.randint(100, 175), rng.choice(["Yes", "No", "No"])])
    cl = wb.create_sheet("Classes")
    cl.append(["Class", "Instructor", "Date", "Capacity", "Booked", "Price", "Cancelled"])
    for _ in range(30):
        cap = rng.choice([10, 12, 15, 20])
        cl.append([rng.choice(["Yoga", "Pilates", "Spin", "Boxing", "Zumba"]),
                   rng.choice(["Nina", "Alex", "Mo", "Petra"]),
                   dt.datetime(2026, 11, 1) + dt.timedelta(days=rng.randint(0, 40)), cap, rng.randint(0, cap),
                   rng.choice([8, 10, 12.5, 15]), rng.random() < 0.15])
    ex = wb.create_sheet("Exports")
    ex.append(["Order", "Country", "Ship Date", "Weight (t)", "Value (USD)", "Freight", "Incoterm"])
    for i in range(40):
        ex.append([f"EX-{7101 + i}", rng.choice(["Germany", "Japan", "Brazil", "Canada", "Kenya"]),
                   dt.datetime(2026, rng.randint(1, 12), rng.randint(1, 28)), round(rng.uniform(2, 40), 1),
                   rng.randint(5, 120) * 1000, round(rng.uniform(400, 9000), 2), rng.choice(["FOB", "CIF", "EXW"])])
    return wb



def fifteenth_workbook():
    """The workbook set 20 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, li = _seeded_book(20, "Library")
    li.append(["Title", "Borrower", "Borrowed", "Due", "Returned", "Pages", "Genre"])
    words = ["Silent", "River", "Winter", "Glass", "Harbour", "Echo", "North", "Garden"]
    for _ in range(35):
        out = dt.datetime(2026, rng.randint(1, 9), rng.randint(1, 28))
        li.append([f"The {rng.choice(words)} {rng.choice(words)}", rng.choice(["Ida Sund", "Per Aas", "Liv Moe",
                   "Jonas Eng"]), out, out + dt.timedelta(days=21), out + dt.timedelta(days=rng.randint(5, 35)),
                   rng.randint(120, 780), rng.choice(["Crime", "Fantasy", "History", "Poetry"])])
    so = wb.create_sheet("Solar")
    so.append(["Site", "Installed", "Capacity (kW)", "Generated (kWh)", "Tariff", "Inspected", "Region"])
    names = ["Aurora", "Birch", "Cedar", "Dune", "Ember", "Fjord", "Glen", "Heath", "Isle", "Juniper"]
    for i in range(30):
        so.append([f"SOL-{names[i % 10]}{i + 1}", dt.datetime(rng.randint(2015, 2025), rng.randint(1, 12), 1),
                   rng.choice([10, 25, 40, 50, 75, 120]), rng.randint(8000, 160000), round(rng.uniform(0.06, 0.18), 3),
                   rng.random() < 0.7, rng.choice(["North", "South", "West"])])
    sa = wb.create_sheet("Samples")
    sa.append(["Sample", "Lab", "Collected", "Tested", "pH", "Temp (°C)", "Contaminated"])
    for i in range(40):
        got = dt.datetime(2026, rng.randint(1, 6), rng.randint(1, 28))
        sa.append([f"S-{301 + i}", rng.choice(["Oslo", "Bergen", "Tromsø"]), got,
                   got + dt.timedelta(days=rng.randint(1, 9)), round(rng.uniform(5.2, 8.9), 2),
                   round(rng.uniform(2, 24), 1), rng.choice(["Y", "N", "N", "N"])])
    return wb


def sixteenth_workbook():
    """The workbook set 21 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, ho = _seeded_book(21, "Hotel")
    ho.append(["Booking", "Guest", "Room Type", "Check-in", "Check-out", "Nightly Rate", "Guests", "Breakfast"])
    guests = ["Anna Berg", "Carlos Ruiz", "Mei Chen", "Tomas Novak", "Sara Okafor", "Jon Eriksen", "Lea Duval"]
    rates = {"Single": 89, "Double": 129, "Suite": 245}
    for i in range(35):
        room = rng.choice(list(rates))
        arrive = dt.datetime(2026, rng.randint(1, 11), rng.randint(1, 28))
        ho.append([f"BK-{5100 + i}", rng.choice(guests), room, arrive, arrive + dt.timedelta(days=rng.randint(1, 12)),
                   rates[room] + rng.choice([0, 10, 20, -10]), rng.randint(1, 4), rng.random() < 0.45])
    ho["E4"] = ho["D4"].value + dt.timedelta(days=9)  # a long stay, for the Long stay/Short request
    st = wb.create_sheet("Stores")
    st.append(["Store", "City", "Opened", "Floor Area (m²)", "Sales", "Target", "Employees"])
    for i in range(30):
        target = rng.randrange(200000, 900000, 10000)
        st.append([f"ST-{i + 1:02d}", rng.choice(["Leeds", "Bristol", "Leicester", "York"]),
                   dt.datetime(rng.randint(2008, 2024), rng.randint(1, 12), 1), rng.randrange(250, 2400, 50),
                   round(target * rng.uniform(0.7, 1.3), 2), target, rng.randint(6, 48)])
    st["E2"] = st["F2"].value + 15000  # the asked row hits its target
    ri = wb.create_sheet("Rides")
    ri.append(["Ride", "Station", "Date", "Minutes", "Distance (km)", "Member", "Bike"])
    for i in range(40):
        minutes = rng.randint(4, 70)
        ri.append([f"R-{88001 + i}", rng.choice(["Central", "Harbour", "Park", "University"]),
                   dt.datetime(2026, rng.randint(3, 10), rng.randint(1, 28)), minutes,
                   round(minutes * rng.uniform(0.12, 0.3), 1), rng.choice(["Yes", "Yes", "No"]),
                   rng.choice(["Electric", "Classic"])])
    ri["D5"] = 7  # a short ride, for the Short/Normal request
    return wb


def seventeenth_workbook():
    """The workbook set 22 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, ev = _seeded_book(22, "Events")
    ev.append(["Event", "Venue", "Date", "Tickets Sold", "Capacity", "Ticket Price", "Sold Out"])
    acts = ["Jazz Night", "Comedy Gala", "Spring Choir", "Rock Revival", "Film Premiere", "Poetry Slam"]
    for i in range(30):
        cap = rng.choice([150, 400, 800, 2000])
        sold = cap if rng.random() < 0.2 else rng.randint(40, cap - 1)
        ev.append([f"{rng.choice(acts)} {i + 1}", rng.choice(["Arena", "Theatre", "Stadium", "Club"]),
                   dt.datetime(2026, rng.randint(1, 12), rng.randint(1, 28)), sold, cap,
                   rng.choice([15, 22.5, 35, 48, 65]), "Yes" if sold == cap else "No"])
    ev["D3"], ev["G3"] = ev["E3"].value, "Yes"  # sold out, for the Sold out/Available request
    pa = wb.create_sheet("Payments")
    pa.append(["Customer", "Invoice Date", "Paid Date", "Amount", "Method", "Late Fee", "Country"])
    firms = ["Brightline", "Northgate", "Kestrel", "Olivine", "Parkway", "Quayside"]
    for _ in range(40):
        issued = dt.datetime(2026, rng.randint(1, 10), rng.randint(1, 28))
        late = rng.random() < 0.25
        pa.append([rng.choice(firms), issued, issued + dt.timedelta(days=rng.randint(31, 60) if late else
                   rng.randint(2, 30)), round(rng.uniform(120, 9500), 2), rng.choice(["Card", "Cash", "Transfer"]),
                   rng.choice([25, 40]) if late else 0, rng.choice(["Germany", "France", "Spain", "Ireland"])])
    pa["C4"] = pa["B4"].value + dt.timedelta(days=41)  # paid late, for the Late/On time request
    ru = wb.create_sheet("Runners")
    ru.append(["Runner", "Age", "Country", "Finish (min)", "Distance (km)", "Personal Best (min)", "Sponsored"])
    first = ["Amina", "Bjorn", "Chen", "Diego", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas"]
    last = ["Okoro", "Lund", "Wei", "Santos", "Kaya", "Adeyemi", "Holm", "Sato", "Costa", "Berg"]
    for i in range(35):
        finish = round(rng.uniform(150, 290), 1)
        ru.append([f"{first[i % 10]} {last[(i * 3) % 10]}", rng.randint(19, 62),
                   rng.choice(["Kenya", "Norway", "Japan", "Brazil"]), finish, 42.2,
                   round(finish + rng.uniform(-20, 15), 1), rng.random() < 0.3])
    ru["F3"] = ru["D3"].value + 4.5  # a personal best beaten, for the Yes/No request
    ru["B5"] = 44  # a veteran, for the Veteran/Open request
    return wb


def eighteenth_workbook():
    """The workbook set 23 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, cl = _seeded_book(23, "Claims")
    cl.append(["Claim", "Policyholder", "Filed", "Settled", "Claimed", "Approved", "Status"])
    holders = ["Priya Shah", "Lars Olsen", "Nadia Haddad", "Owen Price", "Rosa Marin"]
    for i in range(35):
        filed = dt.datetime(2026, rng.randint(1, 9), rng.randint(1, 28))
        claimed = round(rng.uniform(400, 18000), 2)
        status = rng.choice(["Settled", "Settled", "Open", "Rejected"])
        part = round(claimed * rng.uniform(0.3, 0.95), 2)
        approved = 0 if status == "Rejected" else claimed if rng.random() < 0.4 else part
        cl.append([f"CLM-{4400 + i}", rng.choice(holders), filed, filed + dt.timedelta(days=rng.randint(5, 80)),
                   claimed, approved, status])
    cl["F3"], cl["G3"] = cl["E3"].value, "Settled"  # paid in full, for the Fully paid/Partial request
    we = wb.create_sheet("Weather")
    we.append(["Date", "Station", "Max Temp (°C)", "Min Temp (°C)", "Rain (mm)", "Wind (km/h)", "Sunny"])
    for d in range(31):
        low = round(rng.uniform(-6, 9), 1)
        rain = 0 if rng.random() < 0.35 else round(rng.uniform(0.2, 24), 1)
        we.append([dt.datetime(2026, 3, 1) + dt.timedelta(days=d), rng.choice(["Harbour", "Airport", "Hill"]),
                   round(low + rng.uniform(2, 11), 1), low, rain, rng.randint(3, 62), rain == 0 and rng.random() < 0.8])
    we["D4"] = -2.5  # a frost, for the Frost request
    ba = wb.create_sheet("Bakery")
    ba.append(["Batch", "Product", "Baked", "Units Made", "Units Sold", "Unit Price", "Gluten Free"])
    products = {"Sourdough": 4.5, "Croissant": 2.2, "Rye Loaf": 3.8, "Seed Bun": 1.4, "Oat Cookie": 1.1}
    for i in range(30):
        name = rng.choice(list(products))
        made = rng.randint(20, 120)
        ba.append([f"B{700 + i}", name, dt.datetime(2026, 5, rng.randint(1, 28)), made, rng.randint(8, made),
                   products[name], "Y" if name in ("Oat Cookie", "Rye Loaf") and rng.random() < 0.7 else "N"])
    ba["E3"] = ba["D3"].value  # sold out, for the Sold out/In stock request
    return wb


def nineteenth_workbook():
    """The workbook set 24 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, pk = _seeded_book(24, "Parking")
    pk.append(["Ticket", "Plate", "Zone", "Entered", "Hours", "Rate per Hour", "Permit"])
    for i in range(35):
        zone = rng.choice(["A", "B", "C"])
        plate = f"{rng.choice(['AB', 'KX', 'LN', 'RT'])}{rng.randint(10, 99)} {rng.choice(['QRS', 'TUV', 'XYZ'])}"
        pk.append([f"P-{9100 + i}", plate, zone, dt.datetime(2026, rng.randint(1, 10), rng.randint(1, 28)),
                   rng.randint(1, 14), {"A": 3.5, "B": 2.5, "C": 1.5}[zone], rng.random() < 0.3])
    pk["E3"] = 11  # a long stay, for the Long/Short request
    rc = wb.create_sheet("Recruitment")
    rc.append(["Candidate", "Role", "Applied", "Interviewed", "Score", "Salary Ask", "Hired"])
    first = ["Alma", "Bruno", "Cleo", "Dario", "Esme", "Felix", "Gita", "Hamid", "Iris", "Joel"]
    last = ["Novak", "Reyes", "Tanaka", "Okafor", "Lindqvist", "Moreau", "Patel", "Weber"]
    for i in range(30):
        applied = dt.datetime(2026, rng.randint(1, 8), rng.randint(1, 28))
        score = rng.randint(45, 118)
        rc.append([f"{first[i % 10]} {last[(i * 5) % 8]}", rng.choice(["Analyst", "Designer", "Engineer"]), applied,
                   applied + dt.timedelta(days=rng.randint(3, 30)), score, rng.randrange(38000, 90000, 500),
                   "Yes" if score > 95 and rng.random() < 0.7 else "No"])
    rc["E4"] = 86  # a shortlist, for the Shortlist/Reject request
    wh = wb.create_sheet("Warehouse")
    wh.append(["SKU", "Aisle", "Qty On Hand", "Qty Reserved", "Reorder Point", "Unit Weight (kg)", "Hazardous"])
    for i in range(40):
        on_hand = rng.randint(0, 400)
        wh.append([f"WH-{3300 + i * 3}", rng.randint(1, 9), on_hand, rng.randint(0, min(on_hand, 60)),
                   rng.choice([20, 50, 100]), round(rng.uniform(0.2, 35), 2), rng.random() < 0.15])
    wh["C3"], wh["E3"] = 18, 20  # at the reorder point or below, for the reorder request
    wh["C2"] = max(wh["C2"].value, 25)
    return wb


def twentieth_workbook():
    """The workbook set 25 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, au = _seeded_book(25, "Auction")
    au.append(["Lot", "Item", "Category", "Reserve", "Hammer Price", "Bids", "Status"])
    items = {"Furniture": ["Oak dresser", "Walnut bureau", "Pine settle", "Rosewood table"],
             "Jewellery": ["Gold locket", "Pearl necklace", "Silver brooch", "Garnet ring"],
             "Ceramics": ["Delft vase", "Meissen figure", "Moorcroft bowl"],
             "Clocks": ["Bracket clock", "Carriage clock", "Longcase clock"]}
    for i in range(30):
        cat = rng.choice(sorted(items))
        reserve = rng.randrange(100, 3000, 50)
        hammer = max(50, round(reserve * rng.uniform(0.6, 1.9), -1))
        au.append([100 + i, rng.choice(items[cat]), cat, reserve, hammer, rng.randint(1, 30),
                   "Sold" if hammer >= reserve else "Passed"])
    au["E3"], au["D3"], au["G3"] = 800, 800, "Sold"  # exactly at the reserve, for the Met/Missed request
    pc = wb.create_sheet("Podcast")
    pc.append(["Episode", "Title", "Released", "Minutes", "Downloads", "Rating", "Explicit"])
    topics = ["Deep Sea Mysteries", "The Coffee Trade", "Cities at Night", "Old Maps", "Quiet Forests",
              "Chess Stories", "Rail Journeys", "Lost Recipes", "Sky Watching", "Bridge Builders"]
    for i in range(30):
        pc.append([i + 1, f"{topics[i % 10]}{' II' if i >= 10 else ''}{' III' if i >= 20 else ''}",
                   dt.datetime(2025, 1, 6) + dt.timedelta(days=7 * i + rng.randint(0, 2)),
                   rng.randint(22, 95), rng.randint(800, 9000), round(rng.uniform(2.6, 5.0), 1),
                   rng.random() < 0.25])
    pc["E3"] = 7200  # a hit, for the Hit/blank request
    ft = wb.create_sheet("Fitness")
    ft.append(["Date", "Steps", "Distance (km)", "Calories", "Sleep Hours", "Resting HR", "Workout"])
    for i in range(30):
        steps = rng.randint(2500, 16000)
        ft.append([dt.datetime(2026, 9, 1) + dt.timedelta(days=i), steps, round(steps * 0.00075, 2),
                   rng.randint(1700, 3200), round(rng.uniform(4.5, 9.0), 1), rng.randint(50, 72),
                   rng.choice(["Run", "Swim", "Yoga", "Rest", "Run"])])
    ft["B3"] = 10000  # exactly at the goal, for the Goal met/Below request
    return wb


def twenty_first_workbook():
    """The workbook set 26 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, se = _seeded_book(26, "Sessions")
    se.append(["Session", "Speaker", "Track", "Start", "Duration (min)", "Attendees", "Room Capacity", "Recorded"])
    speakers = ["Ana Costa", "Ben Adler", "Chloe Park", "Dev Rao", "Elif Demir", "Finn Byrne", "Grace Ito",
                "Hugo Silva", "Ines Mora", "Jonas Berg"]
    for i in range(30):
        cap = rng.choice([40, 80, 150])
        se.append([f"S{i + 1:02d}", speakers[(i * 3) % 10], rng.choice(["Data", "Design", "Ops"]),
                   dt.datetime(2026, 10, 14 + i // 10, 9 + (i % 10) // 2, 30 * (i % 2)),
                   rng.choice([30, 45, 60, 90]), rng.randint(12, int(cap * 1.1)), cap,
                   rng.choice(["Yes", "No"])])
    se["F4"], se["G4"] = 88, 80  # over capacity, for the Overflow request
    nu = wb.create_sheet("Nursery")
    nu.append(["Plant", "Type", "Stock", "Price", "Pot (cm)", "Water Every (days)", "Indoor"])
    kinds = {"Fern": ["Boston Fern", "Maidenhair", "Bird's Nest"], "Succulent": ["Echeveria", "Haworthia", "Jade"],
             "Palm": ["Kentia", "Areca", "Parlour Palm"], "Herb": ["Basil", "Rosemary", "Thyme"]}
    for _ in range(30):
        kind = rng.choice(sorted(kinds))
        nu.append([rng.choice(kinds[kind]), kind, rng.randint(0, 40), round(rng.uniform(2.5, 45), 2),
                   rng.choice([9, 12, 14, 17, 21]), rng.choice([2, 3, 7, 10, 14]), rng.random() < 0.5])
    nu["C3"] = 3  # low stock, for the Low stock request
    tx = wb.create_sheet("Taxi")
    tx.append(["Trip", "Driver", "Pickup", "Distance (mi)", "Fare", "Tip", "Payment"])
    for i in range(35):
        miles = round(rng.uniform(0.8, 22), 1)
        fare = round(3.5 + miles * 2.4, 2)
        tx.append([f"T{7000 + i}", rng.choice(["Omar", "Priya", "Lena", "Kofi"]),
                   dt.datetime(2026, 11, 1 + i % 20, rng.randint(0, 23), rng.randint(0, 59)), miles, fare,
                   rng.choice([0, 0, round(fare * 0.1, 2), round(fare * 0.2, 2), 5]), rng.choice(["Card", "Cash"])])
    tx["E5"], tx["F5"] = 20, 4  # a 20% tip, for the Good tip request
    return wb


def twenty_second_workbook():
    """The workbook set 27 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, ci = _seeded_book(27, "Cinema")
    ci.append(["Screening", "Film", "Screen", "Showtime", "Runtime (min)", "Tickets Sold", "Seats", "Ticket Price"])
    films = {"Dune": 166, "Paddington": 104, "Oppenheimer": 180, "Wicked": 160, "Inside Out": 96}
    for i in range(30):
        film = rng.choice(sorted(films))
        seats = rng.choice([80, 120, 200])
        ci.append([f"SC-{500 + i}", film, rng.randint(1, 4),
                   dt.datetime(2026, 12, 1 + i // 6, rng.choice([12, 15, 18, 21]), rng.choice([0, 15, 30])),
                   films[film], rng.randint(10, seats), seats, rng.choice([8.5, 11.0, 13.5])])
    ci["F3"], ci["G3"] = 120, 120  # a full house, for the Sold out request
    ce = wb.create_sheet("Cellar")
    ce.append(["Wine", "Region", "Vintage", "Bottles", "Price", "Rating", "Drink By"])
    wines = ["Chateau Lafleur", "Vina Tondonia", "Cuvee Rose", "Clos Marie", "Marques de Riscal", "Grand Cru"]
    for _ in range(30):
        vintage = rng.randint(2008, 2022)
        ce.append([f"{rng.choice(wines)} {vintage}", rng.choice(["Bordeaux", "Rioja", "Champagne", "Barolo"]),
                   vintage, rng.randint(1, 24), round(rng.uniform(12, 180), 2), rng.randint(80, 98),
                   vintage + rng.randint(3, 20)])
    ce["G3"] = 2025  # past its drink-by year, for the Drink now request
    tu = wb.create_sheet("Tutoring")
    tu.append(["Student", "Subject", "Lesson Date", "Hours", "Rate", "Paid", "Tutor"])
    students = ["Amira Hale", "Ben Ortiz", "Cora Lind", "Dylan Shaw", "Eva Novak", "Femi Ade"]
    for i in range(35):
        tu.append([students[i % 6], rng.choice(["Maths", "Physics", "English"]),
                   dt.datetime(2026, rng.randint(1, 11), rng.randint(1, 28)), rng.choice([0.5, 1, 1.5, 2]),
                   rng.choice([30, 35, 45, 50]), rng.random() < 0.7, rng.choice(["Mr Khan", "Ms Duarte"])])
    tu["D4"] = 2  # a long lesson, for the Long/Short request
    return wb


def twenty_third_workbook():
    """The workbook set 28 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, ke = _seeded_book(28, "Kennel")
    ke.append(["Dog", "Breed", "Owner", "Check In", "Check Out", "Nightly Rate", "Weight (kg)", "Vaccinated"])
    dogs = ["Biscuit", "Luna", "Max", "Pepper", "Rolo", "Nala", "Otis", "Juno", "Bramble", "Ziggy"]
    breeds = {"Labrador": 32, "Beagle": 11, "Spaniel": 16, "Dachshund": 9, "Greyhound": 30}
    owners = ["Sam Patel", "Ruth Okafor", "Liam Walsh", "Hana Sato", "Nico Romano"]
    for i in range(30):
        breed = rng.choice(sorted(breeds))
        start = dt.datetime(2026, 11, 1) + dt.timedelta(days=rng.randint(0, 50))
        ke.append([dogs[i % 10], breed, rng.choice(owners), start, start + dt.timedelta(days=rng.randint(1, 12)),
                   rng.choice([28, 32, 35]), round(breeds[breed] + rng.uniform(-4, 6), 1), rng.random() < 0.8])
    ke["G3"] = 27.5  # a large dog on the row the label request is asked on
    br = wb.create_sheet("Brewery")
    br.append(["Batch", "Beer", "Style", "Brew Date", "Volume (L)", "ABV (%)", "Kegs", "Cost"])
    beers = {"Harbour Light": "Lager", "Old Anchor": "Stout", "Hop Tide": "IPA", "Copper Kettle": "Red Ale",
             "Night Shift": "Stout", "Sunburst": "IPA"}
    for i in range(30):
        beer = rng.choice(sorted(beers))
        vol = rng.choice([300, 500, 800, 1000])
        br.append([f"B{2400 + i}", beer, beers[beer], dt.datetime(2026, rng.randint(1, 11), rng.randint(1, 28)),
                   vol, round(rng.uniform(4.0, 8.5), 1), vol // 50, round(vol * rng.uniform(1.1, 1.8), 2)])
    br["F4"] = 7.0  # exactly 7%: the "7 or more" request's edge
    pj = wb.create_sheet("Print Jobs")
    pj.append(["Job", "Customer", "Pages", "Copies", "Colour", "Price per Page", "Due Date", "Delivered"])
    customers = ["Northside School", "Green Leaf Cafe", "Harper & Co", "City Library", "Bloom Florists"]
    for i in range(30):
        due = dt.datetime(2026, 11, 2) + dt.timedelta(days=rng.randint(0, 40))
        delivered = due + dt.timedelta(days=rng.randint(-3, 4)) if rng.random() < 0.75 else None
        colour = rng.random() < 0.4
        pj.append([f"PJ-{7100 + i}", rng.choice(customers), rng.choice([4, 12, 24, 60, 120, 600]),
                   rng.choice([10, 25, 50, 100, 250]), "Yes" if colour else "No",
                   0.12 if colour else 0.04, due, delivered])
    pj["H5"] = pj["G5"].value + dt.timedelta(days=2)  # a late delivery for the Late/On time request
    pj["H2"] = pj["G2"].value + dt.timedelta(days=1)
    return wb


def twenty_fourth_workbook():
    """The workbook set 29 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, fe = _seeded_book(29, "Ferries")
    fe.append(["Crossing", "Route", "Departure", "Duration (min)", "Cars", "Foot Passengers", "Car Fare", "Cancelled"])
    routes = {"Dover-Calais": 90, "Holyhead-Dublin": 195, "Portsmouth-Caen": 360, "Oban-Mull": 50}
    for i in range(30):
        route = rng.choice(sorted(routes))
        fe.append([f"FX-{301 + i}", route,
                   dt.datetime(2026, 12, 1 + i // 5, rng.choice([6, 9, 13, 17, 20]), rng.choice([0, 30, 45])),
                   routes[route] + rng.choice([0, 5, 10]), rng.randint(20, 180), rng.randint(30, 400),
                   rng.choice([89.0, 120.0, 145.0]), rng.random() < 0.15])
    fe["D3"] = 95  # a crossing just over 90 minutes, for the Long/Short request
    bo = wb.create_sheet("Bookshop")
    bo.append(["Title", "Author", "Genre", "Pages", "Price", "Copies Sold", "Published", "In Stock"])
    titles = ["The Salt Road", "Quiet Harbour", "Ninth Gate", "Glass Orchard", "The Long Winter", "Moth Hour",
              "River of Ash", "Copper Sky", "The Last Ferry", "Paper Lanterns"]
    authors = ["Ines Varga", "Tom Beck", "Ada Lowe", "Ravi Menon", "June Castell"]
    for i in range(30):
        bo.append([f"{titles[i % 10]}{'' if i < 10 else f' {i // 10 + 1}'}", rng.choice(authors),
                   rng.choice(["Crime", "Fantasy", "Romance", "History"]), rng.randint(180, 720),
                   rng.choice([8.99, 9.99, 12.99, 16.99, 20.0]), rng.randint(5, 400),
                   dt.datetime(rng.randint(2012, 2026), rng.randint(1, 12), rng.randint(1, 28)), rng.randint(0, 15)])
    bo["H4"] = 3  # low stock, for the Reorder request
    bo["H9"] = 0  # out of stock
    al = wb.create_sheet("Allotments")
    al.append(["Plot", "Holder", "Size (m²)", "Annual Fee", "Joined", "Paid", "Water Butts", "Site"])
    holders = ["Maeve Doyle", "Sunil Rao", "Petra Lindqvist", "George Amadi", "Lucy Fenn", "Ken Ito"]
    for i in range(30):
        size = rng.choice([60, 90, 125, 250, 300])
        al.append([f"P{i + 1:02d}", holders[i % 6], size, round(size * 0.4, 2),
                   dt.datetime(rng.randint(2012, 2026), rng.randint(1, 12), rng.randint(1, 28)),
                   rng.choice(["Yes", "Yes", "No"]), rng.randint(0, 3), rng.choice(["North", "South"])])
    al["C5"] = 300  # a large plot, for the Large/Standard request
    return wb


def twenty_fifth_workbook():
    """The workbook set 30 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, cw = _seeded_book(30, "Car Wash")
    cw.append(["Wash", "Vehicle", "Package", "Start", "Minutes", "Price", "Member", "Tip"])
    packages = {"Basic": 8.0, "Standard": 12.0, "Deluxe": 20.0}
    for i in range(30):
        package = rng.choice(sorted(packages))
        cw.append([f"W{5001 + i}", rng.choice(["Car", "SUV", "Van"]), package,
                   dt.datetime(2026, 11, 20 + i // 8, rng.randint(8, 17), rng.choice([0, 15, 30, 45])),
                   rng.randint(8, 30), packages[package], rng.random() < 0.4, rng.choice([0, 0, 1, 2, 3, 5])])
    cw["E3"] = 12  # a quick wash, for the Quick/Slow request
    cw["H2"] = 2  # a tip on the row the share request is asked on
    hv = wb.create_sheet("Hives")
    hv.append(["Hive", "Apiary", "Inspected", "Brood Frames", "Honey (kg)", "Queen Seen", "Temperament",
               "Varroa Count"])
    for i in range(30):
        hv.append([f"H{i + 1:02d}", rng.choice(["Orchard", "Meadow", "Rooftop"]),
                   dt.datetime(2026, rng.randint(5, 9), rng.randint(1, 28)), rng.randint(3, 10),
                   round(rng.uniform(2, 25), 1), rng.random() < 0.75, rng.choice(["Calm", "Calm", "Defensive"]),
                   rng.randint(0, 90)])
    hv["H4"] = 64  # a high count, for the Treat/OK request
    ch = wb.create_sheet("Choir")
    ch.append(["Member", "Voice Part", "Joined", "Attended", "Held", "Subs Paid", "Subs Due", "Solo"])
    members = ["Ada Quinn", "Bea Stone", "Cal Moss", "Dee Hart", "Eli Frost", "Fay Lund", "Gus Ward", "Hal Pike"]
    for i in range(30):
        paid = rng.choice([0, 20, 40, 60])
        ch.append([f"{members[i % 8]}{'' if i < 8 else f' {i // 8 + 1}'}",
                   rng.choice(["Soprano", "Alto", "Tenor", "Bass"]),
                   dt.datetime(rng.randint(2010, 2026), rng.randint(1, 12), rng.randint(1, 28)),
                   rng.randint(4, 24), 24, paid, 60, rng.choice(["Yes", "No", "No"])])
    ch["F5"], ch["G5"] = 60, 60  # paid in full, for the Paid up request
    ch["F2"] = 20  # part paid, on the row the owed request is asked on
    return wb


def fourth_workbook():
    """The workbook set 9 runs on: three sheets of seeded random rows, never written to disk."""
    rng, wb, inv = _seeded_book(9, "Invoices")
    inv.append(["Invoice", "Client", "Issued", "Due", "Amount", "Tax Rate", "Paid"])
    for i in range(40):
        issued = dt.datetime(2025, rng.randint(1, 10), rng.randint(1, 28))
        inv.append([f"INV-{2001 + i}", rng.choice(["Northwind", "Contoso", "Fabrikam", "Adatum", "Tailspin"]),
                    issued, issued + dt.timedelta(days=rng.choice([14, 30, 45, 60])),
                    round(rng.uniform(300, 18000), 2), rng.choice([0.2, 0.05, 0.0]),
                    "Yes" if rng.random() < 0.65 else "No"])
    inv["D3"] = dt.datetime(2025, 8, 15)  # after the request's 2025-06-30
    inv["F2"] = 0.2  # a tax to compute on the row the tax requests are asked on
    sv = wb.create_sheet("Survey")
    sv.append(["Respondent", "Age Group", "Rating", "Recommend", "Visits per Month", "City"])
    for i in range(60):
        rating = rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5])
        sv.append([f"R{i + 1:03d}", rng.choice(["18-24", "25-34", "35-44", "45+"]), rating,
                   "Yes" if rating >= 4 or rng.random() < 0.2 else "No", rng.randint(0, 12),
                   rng.choice(["Porto", "Lyon", "Gdansk", "Malmo"])])
    sv["C4"] = 1  # a detractor, for the nested request
    sh = wb.create_sheet("Shipments")
    sh.append(["Tracking", "Origin", "Destination", "Weight (kg)", "Shipped", "Delivered", "Cost"])
    for i in range(50):
        shipped = dt.datetime(2025, rng.randint(1, 11), rng.randint(1, 28))
        weight = round(rng.uniform(5, 1200), 1)
        sh.append([f"TRK-{7300 + i * 7}", rng.choice(["Rotterdam", "Antwerp", "Hamburg"]),
                   rng.choice(["Berlin", "Madrid", "Vienna", "Milan"]), weight, shipped,
                   shipped + dt.timedelta(days=rng.randint(1, 9)), round(40 + weight * rng.uniform(0.8, 1.6), 2)])
    sh["D3"] = 640.5  # over 500 kg, for the Heavy/Standard request
    return wb


def second_workbook():
    """The workbook set 7 runs on: three sheets of seeded random rows, never written to disk."""
    import random

    import openpyxl

    rng = random.Random(7)
    wb = openpyxl.Workbook()
    first = ["Ava", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hugo", "Isla", "Jack",
             "Kira", "Liam", "Maya", "Noah", "Olga", "Pia", "Quinn", "Ravi", "Sofia", "Tom"]
    last = ["Adams", "Brown", "Clarke", "Dunn", "Evans", "Ford", "Gray", "Hill", "Ibsen", "Jones"]
    g = wb.active
    g.title = "Grades"
    g.append(["Student", "Class", "Math", "English", "Science", "Attendance", "Enrolled"])
    for i in range(40):
        g.append([f"{first[i % 20]} {last[(i * 7) % 10]}", rng.choice(["7A", "7B", "7C"]),
                  rng.randint(30, 100), rng.randint(35, 100), rng.randint(30, 100),
                  round(rng.uniform(0.6, 1.0), 2),
                  dt.datetime(rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28))])
    g["C4"], g["F6"] = 42, 0.71  # the rows the Pass/Fail and Warning requests are asked on
    p = wb.create_sheet("Projects")
    p.append(["Project", "Owner", "Start", "Due", "Budget", "Spent", "Status"])
    names = ["Website Redesign", "CRM Migration", "Office Move", "Payroll Audit", "Mobile App",
             "Data Warehouse", "Brand Refresh", "Security Review", "Training Portal", "Vendor Onboarding"]
    owners = ["Dana Lee", "Sam Ortiz", "Priya Nair", "Tom Walsh"]
    for i in range(30):
        start = dt.datetime(2024, rng.randint(1, 12), rng.randint(1, 28))
        budget = rng.randrange(5000, 90000, 500)
        p.append([f"{names[i % 10]} {i // 10 + 1}", rng.choice(owners), start,
                  start + dt.timedelta(days=rng.randint(20, 200)), budget,
                  round(budget * rng.uniform(0.3, 1.3), 2), rng.choice(["Open", "Closed", "On Hold"])])
    p["F3"] = p["E3"].value + 1250.5  # row 3 over budget, for the Over/Within request
    e = wb.create_sheet("Expenses")
    e.append(["Date", "Employee", "Category", "Amount", "Reimbursed", "Notes"])
    people = ["Omar Haddad", "Lena Fischer", "Marco Rossi", "Yuki Tanaka"]
    notes = ["client visit", "team lunch", "", "annual licence", "", "conference", "taxi"]
    for _ in range(60):
        note = rng.choice(notes)
        e.append([dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 28)), rng.choice(people),
                  rng.choice(["Travel", "Meals", "Office", "Software"]), round(rng.uniform(8, 900), 2),
                  rng.random() < 0.6, note or None])
    e["D5"] = 742.1  # over 500, for the Approve/Auto request
    return wb


def sheet_record(ws) -> dict:
    """The sheet's values as benchmark cells: dates as serial numbers with a date format."""
    from openpyxl.utils import get_column_letter

    cells, formats = {}, {}
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if v is None:
                continue
            if isinstance(v, dt.datetime):
                # (a time of day kept as the serial's fraction: set 26's session starts)
                span = v - dt.datetime(1899, 12, 30)
                v = span.days + span.seconds / 86400 if span.seconds else span.days
                formats[get_column_letter(c.column)] = "yyyy-mm-dd"
            cells[c.coordinate] = v
    return {"name": ws.title, "cells": cells, "column_formats": formats}


def build(which: int = 1) -> list[dict]:
    import openpyxl

    from cfdesk.cf.interpret import apply_rule
    from cfdesk.features import sheet_from_record
    from cfdesk.formula.evaluate import evaluate_in_sheet
    from cfdesk.sample import SAMPLE_PATH
    from cfdesk.workbook import parse_a1

    other = {7: second_workbook, 8: third_workbook, 9: fourth_workbook, 10: fifth_workbook,
             11: sixth_workbook, 12: seventh_workbook, 13: eighth_workbook,
             14: ninth_workbook, 15: tenth_workbook, 16: eleventh_workbook,
             17: twelfth_workbook, 18: thirteenth_workbook,
             19: fourteenth_workbook, 20: fifteenth_workbook,
             21: sixteenth_workbook, 22: seventeenth_workbook, 23: eighteenth_workbook,
             24: nineteenth_workbook, 25: twentieth_workbook,
             26: twenty_first_workbook, 27: twenty_second_workbook,
             28: twenty_third_workbook, 29: twenty_fourth_workbook,
             30: twenty_fifth_workbook}.get(which)
    wb = other() if other else openpyxl.load_workbook(SAMPLE_PATH)
    sheets = {ws.title: sheet_record(ws) for ws in wb}
    out = []
    formulas, rules = {1: (FORMULAS, RULES), 2: (FORMULAS_2, RULES_2), 3: (FORMULAS_3, RULES_3),
                       4: (FORMULAS_4, RULES_4), 5: (FORMULAS_5, RULES_5),
                       6: (FORMULAS_6, RULES_6), 7: (FORMULAS_7, RULES_7),
                       8: (FORMULAS_8, RULES_8), 9: (FORMULAS_9, RULES_9),
                       10: (FORMULAS_10, RULES_10), 11: (FORMULAS_11, RULES_11),
                       12: (FORMULAS_12, RULES_12), 13: (FORMULAS_13, RULES_13),
                       14: (FORMULAS_14, RULES_14), 15: (FORMULAS_15, RULES_15),
                       16: (FORMULAS_16, RULES_16), 17: (FORMULAS_17, RULES_17),
                       18: (FORMULAS_18, RULES_18), 19: (FORMULAS_19, RULES_19),
                       20: (FORMULAS_20, RULES_20), 21: (FORMULAS_21, RULES_21),
                       22: (FORMULAS_22, RULES_22), 23: (FORMULAS_23, RULES_23),
                       24: (FORMULAS_24, RULES_24), 25: (FORMULAS_25, RULES_25),
                       26: (FORMULAS_26, RULES_26), 27: (FORMULAS_27, RULES_27),
                       28: (FORMULAS_28, RULES_28), 29: (FORMULAS_29, RULES_29),
                       30: (FORMULAS_30, RULES_30)}[which]
    tag = "natural" if which == 1 else f"natural{which}"
    for i, (name, target, request, gold) in enumerate(formulas):
        rec = {"id": f"{tag}-f{i + 1}", "domain": "formula", "request": request, "sheet": sheets[name],
               "target": target, "gold": gold}
        sd, others = sheet_from_record(rec)
        r, c = parse_a1(target)
        res = evaluate_in_sheet(gold, sd, r, c, others=others)
        if res.kind != "value":
            raise SystemExit(f"{rec['id']}: the reference {gold} does not evaluate ({res.kind}: {res.value})")
        rec["expected"] = {"value": res.value}
        out.append(rec)
    for i, (name, target, request, gold) in enumerate(rules):
        rec = {"id": f"{tag}-cf{i + 1}", "domain": "cf", "request": request, "sheet": sheets[name],
               "target": target, "gold": gold}
        sd, _ = sheet_from_record(rec)
        labels = apply_rule(gold, sd, target).labels()
        if not any(labels):
            raise SystemExit(f"{rec['id']}: the reference {gold} highlights nothing")
        rec["expected"] = {"row_labels": labels}
        out.append(rec)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--set", type=int, choices=range(1, 31), default=1,
                    help="1: development set; 2 to 30: held out (4: run before and after one change;"
                         " 7 to 30: on twenty-four other workbooks, not the sample)")
    args = ap.parse_args(argv)
    recs = build(args.set)
    with open(args.out, "w", encoding="utf-8") as f:
        for rec in recs:
            f.write(json.dumps(rec, default=str) + "\n")
    n_cf = sum(r["domain"] == "cf" for r in recs)
    print(f"{len(recs)} requests ({len(recs) - n_cf} formulas, {n_cf} rules) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
