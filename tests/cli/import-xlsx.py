#!/usr/bin/env python3
"""Writes an .xlsx for the import tests, as Excel saves one: shared strings, dates as serial
numbers (a cell "=2024-03-01" becomes the number of that day), a workbook, its relationships
and one sheet. --prefix writes every element with a namespace prefix (x:), as some writers do.
Usage: import-xlsx.py OUT.xlsx [--prefix] < rows.tsv (tab-separated, first row the headings)."""
import datetime
import sys
import zipfile
from xml.sax.saxutils import escape

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def main():
    out, prefix = sys.argv[1], "--prefix" in sys.argv[2:]
    p = "x:" if prefix else ""
    xmlns = f'xmlns{":x" if prefix else ""}="{NS}"'
    rows = [line.rstrip("\n").split("\t") for line in sys.stdin if line.strip("\n")]
    strings, index, cells = [], {}, []
    for r, row in enumerate(rows, 1):
        out_row = []
        for c, v in enumerate(row):
            if v == "":
                continue
            ref = f"{col(c)}{r}"
            if v.startswith("="):
                d = datetime.date.fromisoformat(v[1:])
                serial = (d - datetime.date(1899, 12, 30)).days
                out_row.append(f'<{p}c r="{ref}" s="1"><{p}v>{serial}</{p}v></{p}c>')
                continue
            if v not in index:
                index[v] = len(strings)
                strings.append(v)
            out_row.append(f'<{p}c r="{ref}" t="s"><{p}v>{index[v]}</{p}v></{p}c>')
        cells.append(f'<{p}row r="{r}">{"".join(out_row)}</{p}row>')
    sst = "".join(f"<{p}si><{p}t xml:space=\"preserve\">{escape(s)}</{p}t></{p}si>" for s in strings)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><{p}workbook {xmlns} xmlns:r="{REL}"><{p}sheets><{p}sheet name="Zaken" sheetId="1" r:id="rId1"/></{p}sheets></{p}workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><{p}sst {xmlns} count="{len(strings)}">{sst}</{p}sst>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><{p}worksheet {xmlns}><{p}sheetData>{"".join(cells)}</{p}sheetData></{p}worksheet>')


main()
