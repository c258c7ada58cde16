"""cfdesk: a desktop spreadsheet formula assistant (workbooks, formulas, rules, suggestions)."""

__version__ = "0.1.0"
